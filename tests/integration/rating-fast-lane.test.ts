import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as devalue from 'devalue';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import { createRatingRound } from '$lib/server/ratings/fixture';
import { createSession } from '$lib/server/auth/session';
import { createRatingFastLane } from '$lib/server/http/ratingFastLane';
import { DEFAULT_CRITERIA } from '$lib/rounds/criteria';

// The fast lane answers the enhanced rating form beside SvelteKit. These tests drive it over real
// HTTP, with a stand-in for SvelteKit that answers 299 "kit": every request the lane must leave
// to SvelteKit (and its one implementation of each refusal) has to arrive there untouched.
const ORIGIN = 'http://mufakat.test';
const KEYS = DEFAULT_CRITERIA.map((c) => c.key);

let t: TestDb;
let server: Server;
let base: string;
let roundId: number;
let indicators: number[];
let closedRound: { roundId: number; indicatorIds: number[] };
let rater: string;
let outsider: string;
let pendingPassword: string;
let raterNip: string;

const form = (scores: Record<string, string>, extra: Record<string, string> = {}) =>
	new URLSearchParams({
		iteration: '0',
		...Object.fromEntries(Object.entries(scores).map(([k, v]) => [`c_${k}`, v])),
		...extra
	}).toString();
const allScores = (v: string) => Object.fromEntries(KEYS.map((k) => [k, v]));

async function post(
	path: string,
	body: string,
	opts: { cookie?: string; headers?: Record<string, string> } = {}
) {
	const r = await fetch(base + path, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: ORIGIN,
			'content-type': 'application/x-www-form-urlencoded',
			'x-sveltekit-action': 'true',
			accept: 'application/json',
			...(opts.cookie ? { cookie: opts.cookie } : {}),
			...opts.headers
		},
		body
	});
	const text = await r.text();
	return { status: r.status, headers: r.headers, text, json: () => JSON.parse(text) };
}

const ratePath = (indicatorId: number, round = roundId) => `/ratings/${round}/${indicatorId}?/rate`;

async function ballotsOf(indicatorId: number) {
	return t.db
		.selectFrom('rating_ballot')
		.select(['criterion', 'score', 'rater_key'])
		.where('indicator_id', '=', indicatorId)
		.execute();
}

beforeAll(async () => {
	// A short busy timeout for this file's connection, so the locked-database test answers fast.
	const busy = process.env.SQLITE_BUSY_TIMEOUT_MS;
	process.env.SQLITE_BUSY_TIMEOUT_MS = '300';
	t = await createTestDb();
	if (busy === undefined) delete process.env.SQLITE_BUSY_TIMEOUT_MS;
	else process.env.SQLITE_BUSY_TIMEOUT_MS = busy;
	const root = await makeUnit(t.db, { kind: 'pemda' });
	const opd = await makeUnit(t.db, { parentId: root });
	const other = await makeUnit(t.db, { parentId: root });
	const facilitator = await makePerson(t.db, { unitId: opd, roles: ['asn', 'facilitator'] });
	const person = await makePerson(t.db, { unitId: opd });
	raterNip = person.nip;
	const out = await makePerson(t.db, { unitId: other });
	const pending = await makePerson(t.db, { unitId: opd, mustChangePassword: true });
	const spec = {
		createdBy: facilitator.id,
		authorId: facilitator.id,
		authorUnitId: opd,
		scope: { units: [{ id: opd, descendants: true }], positionTypes: [] }
	};
	const r = await createRatingRound(t.db, {
		...spec,
		title: 'Jalur cepat',
		indicators: ['Waktu layanan', 'Akurasi data', 'Kepuasan warga']
	});
	roundId = r.roundId;
	indicators = r.indicatorIds;
	closedRound = await createRatingRound(t.db, {
		...spec,
		title: 'Sudah ditutup',
		phase: 'closed',
		indicators: ['Lama']
	});
	rater = `mufakat_session=${await createSession(t.db, person.id)}`;
	outsider = `mufakat_session=${await createSession(t.db, out.id)}`;
	pendingPassword = `mufakat_session=${await createSession(t.db, pending.id)}`;

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

describe('rating fast lane', () => {
	it('stores the rating and answers as the page action would: on to the next indicator', async () => {
		const r = await post(ratePath(indicators[0]), form({ ...allScores('4'), [KEYS[0]]: 'cj' }), {
			cookie: rater
		});
		expect(r.status).toBe(200);
		expect(r.json()).toEqual({
			type: 'redirect',
			status: 303,
			location: `/ratings/${roundId}/${indicators[1]}?saved=1`
		});
		const stored = await ballotsOf(indicators[0]);
		expect(stored).toHaveLength(KEYS.length);
		expect(Object.fromEntries(stored.map((b) => [b.criterion, b.score]))).toEqual({
			...Object.fromEntries(KEYS.map((k) => [k, 4])),
			[KEYS[0]]: null
		});
		// Secret ballot: keyed by an HMAC, never by the person's NIP.
		expect(stored[0].rater_key).toMatch(/^[0-9a-f]{64}$/);
		expect(stored[0].rater_key).not.toContain(raterNip);
		expect(r.headers.get('cache-control')).toBe('private, no-store');
		expect(r.headers.get('x-content-type-options')).toBe('nosniff');
		expect(r.headers.get('x-frame-options')).toBe('DENY');
	});

	it('replaces a changed rating and sends the last unrated indicator after the others', async () => {
		await post(ratePath(indicators[2]), form(allScores('2')), { cookie: rater });
		const again = await post(ratePath(indicators[2]), form(allScores('5')), { cookie: rater });
		expect(again.json().location).toBe(`/ratings/${roundId}/${indicators[1]}?saved=1`);
		const stored = await ballotsOf(indicators[2]);
		expect(stored.map((b) => b.score)).toEqual(KEYS.map(() => 5));
		const done = await post(ratePath(indicators[1]), form(allScores('3')), { cookie: rater });
		expect(done.json().location).toBe(`/ratings/${roundId}?saved=1`);
	});

	it('keeps one ballot per criterion when the same form arrives twice at once', async () => {
		const results = await Promise.all(
			[1, 2, 3, 4].map((s) =>
				post(ratePath(indicators[1]), form(allScores(String(s))), { cookie: rater })
			)
		);
		expect(results.every((r) => r.json().type === 'redirect')).toBe(true);
		const stored = await ballotsOf(indicators[1]);
		expect(stored).toHaveLength(KEYS.length);
	});

	it('refuses a score outside 1–5 with a localised error per field, changing nothing', async () => {
		const before = await ballotsOf(indicators[0]);
		const r = await post(ratePath(indicators[0]), form({ ...allScores('4'), [KEYS[1]]: '9' }), {
			cookie: rater
		});
		const result = r.json();
		expect(result.type).toBe('failure');
		expect(result.status).toBe(400);
		const data = devalue.parse(result.data);
		expect(data.errors[`c_${KEYS[1]}`]).toMatch(/Pilih nilai 1–5/);
		expect(data.values[`c_${KEYS[1]}`]).toBe('9');
		expect(await ballotsOf(indicators[0])).toEqual(before);
	});

	it('answers in the reader’s language', async () => {
		const r = await post(ratePath(indicators[0]), form(allScores('4'), { iteration: '1' }), {
			cookie: `${rater}; PARAGLIDE_LOCALE=en`
		});
		const result = r.json();
		expect(result.status).toBe(409);
		expect(devalue.parse(result.data).message).toMatch(/out of date/);
	});

	it('refuses someone outside the round’s scope, an indicator of another round and a closed round', async () => {
		const out = await post(ratePath(indicators[0]), form(allScores('4')), { cookie: outsider });
		expect(out.json()).toMatchObject({ type: 'failure', status: 403 });
		const foreign = await post(ratePath(closedRound.indicatorIds[0]), form(allScores('4')), {
			cookie: rater
		});
		expect(foreign.json()).toMatchObject({ type: 'failure', status: 404 });
		const closed = await post(
			ratePath(closedRound.indicatorIds[0], closedRound.roundId),
			form(allScores('4')),
			{ cookie: rater }
		);
		expect(closed.json()).toMatchObject({ type: 'failure', status: 409 });
		expect(await ballotsOf(closedRound.indicatorIds[0])).toEqual([]);
	});

	it('refuses a body larger than any rating form, storing nothing', async () => {
		const r = await post(
			ratePath(indicators[0]),
			form(allScores('1'), { reason: 'x'.repeat(70_000) }),
			{
				cookie: rater
			}
		);
		expect(r.status).toBe(413);
		expect((await ballotsOf(indicators[0])).map((b) => b.score)).not.toContain(1);
	});

	it('leaves every other request to SvelteKit, body untouched', async () => {
		const body = form(allScores('1'));
		const cases: [string, Parameters<typeof post>[2]][] = [
			['no session cookie', {}],
			['another origin', { cookie: rater, headers: { origin: 'http://evil.test' } }],
			['no origin', { cookie: rater, headers: { origin: '' } }],
			['a no-JavaScript post', { cookie: rater, headers: { 'x-sveltekit-action': '' } }],
			['a multipart body', { cookie: rater, headers: { 'content-type': 'multipart/form-data' } }],
			['a forged session', { cookie: 'mufakat_session=abc.def' }],
			['a malformed cookie', { cookie: 'mufakat_session=%E0%A4%A' }],
			['a pending password change', { cookie: pendingPassword }]
		];
		for (const [what, opts] of cases) {
			const r = await post(ratePath(indicators[0]), body, opts);
			expect({ what, status: r.status, text: r.text }).toEqual({ what, status: 299, text: 'kit' });
		}
		for (const path of [
			`/ratings/${roundId}/${indicators[0]}?/other`,
			`/ratings/${roundId}/${indicators[0]}`,
			`/ratings/0/${indicators[0]}?/rate`,
			`/ratings/x/${indicators[0]}?/rate`
		]) {
			const r = await post(path, body, { cookie: rater });
			expect({ path, status: r.status }).toEqual({ path, status: 299 });
		}
		expect((await ballotsOf(indicators[0])).map((b) => b.score)).not.toContain(1);
	});
});

describe('rating fast lane, database busy', () => {
	it.skipIf(process.env.DATABASE_URL?.startsWith('postgres'))(
		'answers 503 "try again" in the reader’s language when SQLite stays locked, storing nothing',
		async () => {
			// Another connection holds the write lock for longer than this test's busy timeout.
			const { default: SQLite } = await import('better-sqlite3');
			const other = new SQLite(t.path!);
			other.pragma('busy_timeout = 0');
			other.exec('begin immediate');
			try {
				const r = await post(ratePath(indicators[0]), form(allScores('2')), {
					cookie: `${rater}; PARAGLIDE_LOCALE=en`
				});
				expect(r.status).toBe(503);
				expect(r.json().type).toBe('error');
				expect(r.json().error.message).toMatch(/try again/i);
			} finally {
				other.exec('rollback');
				other.close();
			}
			expect((await ballotsOf(indicators[0])).map((b) => b.score)).not.toContain(2);
		}
	);
});
