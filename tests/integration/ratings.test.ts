import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import { createRatingRound } from '$lib/server/ratings/fixture';
import {
	myBallots,
	participation,
	requireRater,
	submitBallot,
	type BallotInput
} from '$lib/server/ratings/ballots';
import { frozenResults, forgetMemoryCache } from '$lib/server/ratings/results';
import { resultsNow } from '../helpers/results';
import { closeRating, openDelphi } from '$lib/server/ratings/delphi';
import { RuleError } from '$lib/server/rounds/errors';
import { DEFAULT_CRITERIA } from '$lib/rounds/criteria';

let t: TestDb;
let root: number;
let opdA: number;
let opdB: number;
let unitA1: number;
let facilitator: number;
const staff: { id: number }[] = [];
const officials: { id: number }[] = [];
let outsider: { id: number };
let roundId: number;
let indicators: number[];
let otherRound: { roundId: number; indicatorIds: number[] };

const KEYS = DEFAULT_CRITERIA.map((c) => c.key);
const all = (s: number | null) => Object.fromEntries(KEYS.map((k) => [k, s]));

async function refusal(p: Promise<unknown>): Promise<RuleError> {
	try {
		await p;
	} catch (e) {
		if (e instanceof RuleError) return e;
		throw e;
	}
	throw new Error('expected a refusal');
}

/** The counts must equal a fresh GROUP BY over the ballots, cell by cell. */
async function expectCountsMatchBallots(): Promise<void> {
	const fromBallots = await t.db
		.selectFrom('rating_ballot')
		.select([
			'round_id',
			'iteration',
			'indicator_id',
			'criterion',
			'opd_id',
			'position_type',
			'score',
			(eb) => eb.fn.countAll<number>().as('n')
		])
		.groupBy([
			'round_id',
			'iteration',
			'indicator_id',
			'criterion',
			'opd_id',
			'position_type',
			'score'
		])
		.execute();
	const counts = await t.db.selectFrom('rating_count').selectAll().where('n', '<>', 0).execute();
	const key = (r: {
		round_id: number;
		iteration: number;
		indicator_id: number;
		criterion: string;
		opd_id: number;
		position_type: string;
		score: number | null;
	}) =>
		[
			r.round_id,
			r.iteration,
			r.indicator_id,
			r.criterion,
			r.opd_id,
			r.position_type,
			r.score ?? 0
		].join('|');
	const a = Object.fromEntries(fromBallots.map((r) => [key(r), Number(r.n)]));
	const b = Object.fromEntries(counts.map((r) => [key(r), Number(r.n)]));
	expect(b).toEqual(a);
}

async function ballotCount(): Promise<number> {
	const r = await t.db
		.selectFrom('rating_ballot')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

beforeAll(async () => {
	t = await createTestDb();
	root = await makeUnit(t.db, { kind: 'pemda' });
	opdA = await makeUnit(t.db, { parentId: root });
	opdB = await makeUnit(t.db, { parentId: root });
	unitA1 = await makeUnit(t.db, { parentId: opdA });
	const outUnit = await makeUnit(t.db, { parentId: root });
	facilitator = (await makePerson(t.db, { unitId: opdA, roles: ['asn', 'facilitator'] })).id;
	for (let i = 0; i < 8; i++) staff.push(await makePerson(t.db, { unitId: unitA1 }));
	// A small group: 3 officials in another OPD, fewer than k = 5.
	for (let i = 0; i < 3; i++) {
		officials.push(await makePerson(t.db, { unitId: opdB, positionType: 'administrator' }));
	}
	outsider = await makePerson(t.db, { unitId: outUnit });
	const r = await createRatingRound(t.db, {
		title: 'Uji penilaian',
		createdBy: facilitator,
		authorId: facilitator,
		authorUnitId: opdA,
		scope: {
			units: [
				{ id: opdA, descendants: true },
				{ id: opdB, descendants: true }
			],
			positionTypes: []
		},
		indicators: ['Waktu layanan KTP', 'Akurasi data', 'Kepuasan warga']
	});
	roundId = r.roundId;
	indicators = r.indicatorIds;
	otherRound = await createRatingRound(t.db, {
		title: 'Putaran lain',
		createdBy: facilitator,
		authorId: facilitator,
		authorUnitId: opdA,
		scope: { units: [], positionTypes: [] },
		indicators: ['Lain']
	});
});

afterAll(async () => {
	await t.destroy();
});

const input = (
	personId: number,
	indicatorId: number,
	scores: Record<string, number | null>,
	extra: Partial<BallotInput> = {}
): BallotInput => ({
	roundId,
	personId,
	indicatorId,
	iteration: 0,
	scores,
	...extra
});

describe('rating ballots', () => {
	it('stores one ballot per person, indicator and criterion, and replaces it on change', async () => {
		await submitBallot(t.db, input(staff[0].id, indicators[0], all(3)));
		await submitBallot(t.db, input(staff[0].id, indicators[0], all(5)));
		const rater = await requireRater(t.db, roundId, staff[0].id);
		const mine = await myBallots(t.db, rater, 0);
		expect(mine.get(indicators[0])).toEqual(all(5));
		expect(await ballotCount()).toBe(KEYS.length);
	});

	it('a concurrent double submission never creates two ballots', async () => {
		const before = await ballotCount();
		await Promise.all(
			Array.from({ length: 10 }, (_, i) =>
				submitBallot(t.db, input(staff[1].id, indicators[0], all((i % 5) + 1)))
			)
		);
		expect(await ballotCount()).toBe(before + KEYS.length);
		// No aggregate exists while the iteration is open: counts are built when it closes.
		const counts = await t.db.selectFrom('rating_count').select('n').execute();
		expect(counts).toEqual([]);
	});

	it('stores no person id, and the key is not the person id', async () => {
		const row = await t.db.selectFrom('rating_ballot').selectAll().executeTakeFirstOrThrow();
		expect(Object.keys(row).sort()).toEqual(
			[
				// 0/1: whether the ballot is a Delphi carry-forward of the person's previous one.
				'carried',
				'criterion',
				'indicator_id',
				'iteration',
				'opd_id',
				'position_type',
				'rater_key',
				'round_id',
				'score'
			].sort()
		);
		expect(row.rater_key).toMatch(/^[0-9a-f]{64}$/);
	});

	it('different rounds give the same person unrelated keys', async () => {
		const a = await requireRater(t.db, roundId, staff[0].id);
		const b = await requireRater(t.db, otherRound.roundId, staff[0].id);
		expect(a.raterKey).not.toBe(b.raterKey);
	});
});

describe('bad input is refused and nothing changes', () => {
	const cases: [string, () => BallotInput, number, string][] = [
		[
			'a score of 0',
			() => input(staff[2].id, indicators[0], { ...all(3), relevance: 0 }),
			400,
			'rating_error_score'
		],
		[
			'a score of 6',
			() => input(staff[2].id, indicators[0], { ...all(3), relevance: 6 }),
			400,
			'rating_error_score'
		],
		[
			'a fractional score',
			() => input(staff[2].id, indicators[0], { ...all(3), relevance: 3.5 }),
			400,
			'rating_error_score'
		],
		[
			'a missing criterion',
			() => input(staff[2].id, indicators[0], { relevance: 3 }),
			400,
			'rating_error_criteria'
		],
		[
			'an unknown criterion',
			() => input(staff[2].id, indicators[0], { ...all(3), bogus: 3 }),
			400,
			'rating_error_criteria'
		],
		[
			'an indicator of another round',
			() => input(staff[2].id, otherRound.indicatorIds[0], all(3)),
			404,
			'rating_error_indicator'
		],
		[
			'an unknown indicator',
			() => input(staff[2].id, 999999, all(3)),
			404,
			'rating_error_indicator'
		],
		[
			'someone out of scope',
			() => input(outsider.id, indicators[0], all(3)),
			403,
			'rating_error_scope'
		],
		[
			'a form from another iteration (replayed/forged)',
			() => input(staff[2].id, indicators[0], all(3), { iteration: 1 }),
			409,
			'rating_error_stale_form'
		],
		[
			'a reason outside a Delphi iteration',
			() => input(staff[2].id, indicators[0], all(3), { reason: 'x' }),
			400,
			'rating_error_reason_phase'
		]
	];
	it.each(cases)('%s', async (_label, make, status, key) => {
		const before = await ballotCount();
		const e = await refusal(submitBallot(t.db, make()));
		expect(e.status).toBe(status);
		expect(e.key).toBe(key);
		expect(await ballotCount()).toBe(before);
	});

	it('an indicator that is not shortlisted', async () => {
		await t.db
			.updateTable('indicator')
			.set({ status: 'submitted' })
			.where('id', '=', indicators[2])
			.execute();
		const e = await refusal(submitBallot(t.db, input(staff[2].id, indicators[2], all(3))));
		expect(e.key).toBe('rating_error_not_shortlisted');
		await t.db
			.updateTable('indicator')
			.set({ status: 'shortlisted' })
			.where('id', '=', indicators[2])
			.execute();
	});

	it('an inactive person', async () => {
		const p = await makePerson(t.db, { unitId: unitA1, active: false });
		expect((await refusal(submitBallot(t.db, input(p.id, indicators[0], all(3))))).key).toBe(
			'rating_error_scope'
		);
	});

	it('outside the rating phase', async () => {
		await t.db
			.updateTable('round')
			.set({ phase: 'discussing' })
			.where('id', '=', otherRound.roundId)
			.execute();
		const e = await refusal(
			submitBallot(t.db, {
				...input(staff[2].id, otherRound.indicatorIds[0], all(3)),
				roundId: otherRound.roundId
			})
		);
		expect(e.key).toBe('rating_error_closed');
		expect(e.status).toBe(409);
	});
});

describe('results, suppression, Delphi', () => {
	it('facilitator sees participation counts; results are computed from counts', async () => {
		// 8 staff agree strongly on indicator 0; the 3 officials disagree.
		for (const p of staff) await submitBallot(t.db, input(p.id, indicators[0], all(5)));
		for (const p of officials) await submitBallot(t.db, input(p.id, indicators[0], all(2)));
		// Indicator 1: split, no consensus.
		for (const [i, p] of [...staff, ...officials].entries()) {
			await submitBallot(t.db, input(p.id, indicators[1], all(i % 2 ? 2 : 5)));
		}
		expect(await participation(t.db, roundId)).toEqual([{ iteration: 0, raters: 11 }]);
		const round = await t.db
			.selectFrom('round')
			.selectAll()
			.where('id', '=', roundId)
			.executeTakeFirstOrThrow();
		const res = await resultsNow(t.db, round);
		const first = res.indicators.find((i) => i.id === indicators[0])!;
		expect(first.final.raters).toBe(11);
		expect(first.final.criteria[0].dist.counts).toEqual([0, 3, 0, 0, 8]);
		// 8/11 = 72.7 % agree but 27 % disagree: not reached.
		expect(first.final.decision).toBe('not_reached');
		// The officials' OPD (3 raters) is hidden, and so is the other OPD: showing it would reveal
		// the officials as total − it. Neither is listed, not even by name.
		expect(first.groups.opd).toEqual([]);
		expect(res.opdNames).toEqual({});
		// Nothing in the results names a person or carries a rater key.
		const json = JSON.stringify(res);
		expect(json).not.toMatch(/person|nip|full_name|rater_key/);
		expect(json).not.toMatch(/[0-9a-f]{64}/);
	});

	it('an indicator rated by fewer than k people shows no figures at all', async () => {
		for (const p of staff.slice(0, 3)) await submitBallot(t.db, input(p.id, indicators[2], all(4)));
		const round = await t.db
			.selectFrom('round')
			.selectAll()
			.where('id', '=', roundId)
			.executeTakeFirstOrThrow();
		const res = await resultsNow(t.db, round);
		const third = res.indicators.find((i) => i.id === indicators[2])!;
		expect(third.final.shown).toBe(false);
		expect(third.final.criteria).toEqual([]);
	});

	it('Delphi re-rates what has no consensus, measures stability, then closes and freezes', async () => {
		const { iteration, indicators: n } = await openDelphi(t.db, roundId, facilitator);
		expect(iteration).toBe(1);
		expect(n).toBe(3);
		const audit = await t.db
			.selectFrom('audit_log')
			.select('action')
			.where('action', 'like', 'rating.%')
			.execute();
		expect(audit.map((a) => a.action)).toContain('rating.delphi.open');
		// A rating-phase form replayed now is refused.
		const e = await refusal(submitBallot(t.db, input(staff[0].id, indicators[0], all(4))));
		expect(e.key).toBe('rating_error_stale_form');
		// Officials change their mind; staff keep theirs.
		for (const p of staff)
			await submitBallot(t.db, input(p.id, indicators[0], all(5), { iteration: 1 }));
		for (const p of officials)
			await submitBallot(
				t.db,
				input(p.id, indicators[0], all(4), { iteration: 1, reason: 'Setelah diskusi, setuju.' })
			);
		await closeRating(t.db, roundId, facilitator);
		const round = await t.db
			.selectFrom('round')
			.selectAll()
			.where('id', '=', roundId)
			.executeTakeFirstOrThrow();
		expect(round.phase).toBe('closed');
		const res = await frozenResults(t.db, round);
		const first = res.indicators.find((i) => i.id === indicators[0])!;
		expect(first.history.map((h) => h.iteration)).toEqual([0, 1]);
		expect(first.final.decision).toBe('reached');
		expect(res.indicators[0].id).toBe(indicators[0]); // ranked first
		const s = first.final.stability.find((x) => x.key === 'relevance')!;
		expect(s.paired).toBe(11);
		expect(s.changed).toBe(3);
		expect(s.pctChanged).toBeCloseTo(300 / 11);
		expect(s.medianShift).toBe(0);
		// Ratings after the close are refused.
		const late = await refusal(
			submitBallot(t.db, input(staff[0].id, indicators[0], all(1), { iteration: 1 }))
		);
		expect(late.key).toBe('rating_error_closed');
		// Frozen: served from the cache table even when the memory copy is gone.
		forgetMemoryCache(t.db);
		const again = await frozenResults(t.db, round);
		expect(again.computedAt).toBe(res.computedAt);
		await expectCountsMatchBallots();
	});
});

describe('bulk-loaded ballots', () => {
	it('rebuildCounts makes counts and participants agree with the ballots', async () => {
		const { rebuildCounts } = await import('$lib/server/ratings/ballots');
		await t.db.deleteFrom('rating_count').execute();
		await t.db.transaction().execute((trx) => rebuildCounts(trx, roundId));
		await expectCountsMatchBallots();
		expect((await participation(t.db, roundId)).map((p) => p.raters)).toEqual([11, 11]);
	});
});
