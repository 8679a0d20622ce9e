import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import { createRatingRound } from '$lib/server/ratings/fixture';
import { createSession, validateSessionToken, type SessionUser } from '$lib/server/auth/session';
import { createRatingFastLane } from '$lib/server/http/ratingFastLane';
import { rateFromForm } from '$lib/server/ratings/rateForm';
import { requireRater } from '$lib/server/ratings/ballots';
import { setSupport } from '$lib/server/proposals';
import { addComment, reportComment } from '$lib/server/discussion';
import { advanceRound } from '$lib/server/rounds';
import { getRound } from '$lib/server/rounds/phase';
import { RuleError } from '$lib/server/rounds/errors';
import { DEFAULT_CRITERIA } from '$lib/rounds/criteria';
import type { Phase } from '$lib/rounds/phases';

// The one entry point into a round (`$lib/server/rounds/access`): every path applies the round's
// schedule and the permission table, and the URL's round must own what the request names.
const ORIGIN = 'http://mufakat.test';
const KEYS = DEFAULT_CRITERIA.map((c) => c.key);
const ratingForm = () =>
	new URLSearchParams({ iteration: '0', ...Object.fromEntries(KEYS.map((k) => [`c_${k}`, '4'])) });

let t: TestDb;
let server: Server;
let base: string;
let opd: number;
let facilitator: SessionUser;
let rater: SessionUser;
let raterCookie: string;

async function sessionUser(personId: number) {
	const token = await createSession(t.db, personId);
	const session = await validateSessionToken(t.db, token);
	if (!session) throw new Error('no session');
	return { user: session.user, cookie: `mufakat_session=${token}` };
}

async function round(title: string, phase: Phase = 'rating') {
	return createRatingRound(t.db, {
		title,
		phase,
		createdBy: facilitator.id,
		authorId: facilitator.id,
		authorUnitId: opd,
		scope: { units: [{ id: opd, descendants: true }], positionTypes: [] },
		indicators: ['Waktu layanan', 'Akurasi data']
	});
}

/** Puts the scheduled end of rating a minute in the past, as a real schedule would reach it. */
async function endRatingAMinuteAgo(roundId: number) {
	await t.db
		.insertInto('round_schedule')
		.values({
			round_id: roundId,
			phase: 'rating',
			starts_at: null,
			ends_at: new Date(Date.now() - 60_000).toISOString()
		})
		.execute();
}

const count = async (
	table: 'rating_ballot' | 'comment' | 'indicator_supporter' | 'comment_report'
) =>
	Number(
		(
			await t.db
				.selectFrom(table)
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);

const refusal = (status: number, key: string) =>
	expect.objectContaining({ name: 'RuleError', status, key });

beforeAll(async () => {
	t = await createTestDb();
	const root = await makeUnit(t.db, { kind: 'pemda' });
	opd = await makeUnit(t.db, { parentId: root });
	facilitator = (
		await sessionUser((await makePerson(t.db, { unitId: opd, roles: ['asn', 'facilitator'] })).id)
	).user;
	const r = await sessionUser((await makePerson(t.db, { unitId: opd })).id);
	rater = r.user;
	raterCookie = r.cookie;
	const lane = createRatingFastLane(t.db, ORIGIN);
	server = createServer((req, res) => {
		const kit = () => {
			res.statusCode = 299;
			res.end('kit');
		};
		if (!lane(req, res, kit)) kit();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await new Promise((resolve) => server.close(resolve));
	await t.destroy();
});

describe('the scheduled rating end', () => {
	it('refuses a ballot by the page action once the end passed, and closes the round', async () => {
		const { roundId, indicatorIds } = await round('Berakhir: aksi halaman');
		await endRatingAMinuteAgo(roundId);
		const before = await count('rating_ballot');
		const outcome = await rateFromForm(t.db, rater, roundId, indicatorIds[0], ratingForm());
		expect(outcome).toMatchObject({ type: 'failure', status: 409 });
		expect(await count('rating_ballot')).toBe(before);
		expect((await getRound(t.db, roundId)).phase).toBe('closed');
		const audit = await t.db
			.selectFrom('audit_log')
			.select(['action', 'actor_id'])
			.where('object_type', '=', 'round')
			.where('object_id', '=', String(roundId))
			.execute();
		expect(audit).toContainEqual({ action: 'round.phase.scheduled', actor_id: null });
	});

	it('refuses a ballot by the rating fast lane once the end passed, and closes the round', async () => {
		const { roundId, indicatorIds } = await round('Berakhir: jalur cepat');
		await endRatingAMinuteAgo(roundId);
		const before = await count('rating_ballot');
		const r = await fetch(`${base}/ratings/${roundId}/${indicatorIds[0]}?/rate`, {
			method: 'POST',
			headers: {
				origin: ORIGIN,
				cookie: raterCookie,
				'content-type': 'application/x-www-form-urlencoded',
				'x-sveltekit-action': 'true'
			},
			body: ratingForm().toString()
		});
		expect(r.status).toBe(200);
		expect(await r.json()).toMatchObject({ type: 'failure', status: 409 });
		expect(await count('rating_ballot')).toBe(before);
		expect((await getRound(t.db, roundId)).phase).toBe('closed');
	});

	it('still takes ballots before the end', async () => {
		const { roundId, indicatorIds } = await round('Belum berakhir');
		await t.db
			.insertInto('round_schedule')
			.values({
				round_id: roundId,
				phase: 'rating',
				starts_at: null,
				ends_at: new Date(Date.now() + 3_600_000).toISOString()
			})
			.execute();
		const outcome = await rateFromForm(t.db, rater, roundId, indicatorIds[0], ratingForm());
		expect(outcome.type).toBe('redirect');
		await expect(requireRater(t.db, roundId, rater.id)).resolves.toMatchObject({ iteration: 0 });
	});
});

describe('the URL’s round owns the object', () => {
	it('answers 404 and stores nothing for a support, comment, report or rating under another round', async () => {
		const mine = await round('Diskusi A', 'discussing');
		const other = await round('Diskusi B', 'discussing');
		const comment = await addComment(t.db, rater, mine.indicatorIds[0], {
			body: 'Setuju',
			stance: 'support',
			parentId: null,
			clientToken: 'owner-test-1'
		});
		const reporter = (await sessionUser((await makePerson(t.db, { unitId: opd })).id)).user;
		const before = {
			supporters: await count('indicator_supporter'),
			comments: await count('comment'),
			reports: await count('comment_report')
		};
		const wrong = { roundId: other.roundId, indicatorId: mine.indicatorIds[0] };
		await expect(setSupport(t.db, rater, wrong, true)).rejects.toEqual(
			refusal(404, 'proposal_error_not_found')
		);
		await expect(
			addComment(t.db, rater, wrong, {
				body: 'Di putaran lain',
				stance: 'neutral',
				parentId: null,
				clientToken: 'owner-test-2'
			})
		).rejects.toEqual(refusal(404, 'proposal_error_not_found'));
		await expect(
			reportComment(
				t.db,
				reporter,
				{ roundId: other.roundId, indicatorId: other.indicatorIds[0], commentId: comment.id },
				'Uji'
			)
		).rejects.toEqual(refusal(404, 'comment_error_not_found'));
		expect({
			supporters: await count('indicator_supporter'),
			comments: await count('comment'),
			reports: await count('comment_report')
		}).toEqual(before);
		// The same objects under their own round's URL are accepted.
		await setSupport(
			t.db,
			rater,
			{ roundId: mine.roundId, indicatorId: mine.indicatorIds[0] },
			true
		);
		expect(await count('indicator_supporter')).toBe(before.supporters + 1);

		const rating = await round('Penilaian C');
		const ballots = await count('rating_ballot');
		const outcome = await rateFromForm(
			t.db,
			rater,
			rating.roundId,
			mine.indicatorIds[0],
			ratingForm()
		);
		expect(outcome).toMatchObject({ type: 'failure', status: 404 });
		expect(await count('rating_ballot')).toBe(ballots);
	});
});

describe('the generic advance', () => {
	it('cannot open a Delphi iteration or mark a round adopted', async () => {
		const rating = await round('Maju: penilaian');
		await expect(advanceRound(t.db, facilitator, rating.roundId, 'delphi')).rejects.toEqual(
			refusal(409, 'round_error_transition')
		);
		expect((await getRound(t.db, rating.roundId)).phase).toBe('rating');
		const published = await round('Maju: diumumkan', 'published');
		await expect(
			advanceRound(t.db, facilitator, published.roundId, 'adopted')
		).rejects.toBeInstanceOf(RuleError);
		expect((await getRound(t.db, published.roundId)).phase).toBe('published');
		// It still moves a round along the manual list, and only for a facilitator.
		await expect(advanceRound(t.db, rater, rating.roundId, 'closed')).rejects.toEqual(
			refusal(403, 'access_error_round_facilitators')
		);
		await advanceRound(t.db, facilitator, rating.roundId, 'closed');
		expect((await getRound(t.db, rating.roundId)).phase).toBe('closed');
	});
});
