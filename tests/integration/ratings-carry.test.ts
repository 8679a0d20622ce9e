import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import { createRatingRound } from '$lib/server/ratings/fixture';
import { participation, submitBallot } from '$lib/server/ratings/ballots';
import { closeRating, openDelphi } from '$lib/server/ratings/delphi';
import { frozenResults } from '$lib/server/ratings/results';
import { reRatingProgress } from '$lib/server/ratings/stability';
import { roundConsensus } from '$lib/server/criteria/consensus';
import { DEFAULT_CONSENSUS_RULE, DEFAULT_CRITERIA, type ConsensusRule } from '$lib/rounds/criteria';
import type { Round } from '$lib/server/db/schema/rounds';

// The walk-through: 8 rate, a Delphi iteration opens, 3 re-rate, the round closes.
// Those who did not re-rate keep their previous rating, so the result is still from 8 people.

let t: TestDb;
let opdA: number;
let opdB: number;
let facilitator: number;
/** 12 pelaksana in OPD A. */
const staff: number[] = [];
/** 3 administrators in OPD B. */
const officials: number[] = [];

const KEYS = DEFAULT_CRITERIA.map((c) => c.key);
const all = (s: number | null) => Object.fromEntries(KEYS.map((k) => [k, s]));

const roundRow = (id: number): Promise<Round> =>
	t.db.selectFrom('round').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

let counter = 0;
const makeRound = (rule: Partial<ConsensusRule>, k: number) =>
	createRatingRound(t.db, {
		title: `Carry ${++counter}`,
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
		indicators: ['Indikator X'],
		rule: { ...DEFAULT_CONSENSUS_RULE, ...rule },
		k
	});

const rate = (roundId: number, personId: number, id: number, score: number, iteration = 0) =>
	submitBallot(t.db, { roundId, personId, indicatorId: id, iteration, scores: all(score) });

beforeAll(async () => {
	t = await createTestDb();
	const root = await makeUnit(t.db, { kind: 'pemda' });
	opdA = await makeUnit(t.db, { parentId: root });
	opdB = await makeUnit(t.db, { parentId: root });
	facilitator = (await makePerson(t.db, { unitId: opdA, roles: ['asn', 'facilitator'] })).id;
	for (let i = 0; i < 12; i++) staff.push((await makePerson(t.db, { unitId: opdA })).id);
	for (let i = 0; i < 3; i++) {
		officials.push((await makePerson(t.db, { unitId: opdB, positionType: 'administrator' })).id);
	}
});

afterAll(async () => {
	await t.destroy();
});

describe('Delphi carry-forward', () => {
	it('8 rate, 3 re-rate: the result is still from 8 people, 5 of them carried', async () => {
		const { roundId, indicatorIds } = await makeRound({}, 5);
		const [x] = indicatorIds;
		// A split: 4 rate 5, 4 rate 1. No consensus, so X is re-rated.
		for (const [i, p] of staff.slice(0, 8).entries()) await rate(roundId, p, x, i < 4 ? 5 : 1);
		await openDelphi(t.db, roundId, facilitator);

		// Before anyone re-rates: the panel is at least 5 (8, coarsely); re-rated fewer than k.
		expect(await reRatingProgress(t.db, await roundRow(roundId))).toEqual({
			iteration: 1,
			panel: { atLeast: 5 },
			reRated: { fewerThan: 5 }
		});
		// Three re-rate: two who rated 1 now rate 5, one who rated 5 keeps 5.
		await rate(roundId, staff[4], x, 5, 1);
		await rate(roundId, staff[5], x, 5, 1);
		await rate(roundId, staff[0], x, 5, 1);
		// Still below k: the facilitator is not told 3.
		expect((await reRatingProgress(t.db, await roundRow(roundId)))!.reRated).toEqual({
			fewerThan: 5
		});

		await closeRating(t.db, roundId, facilitator);
		const round = await roundRow(roundId);
		const results = await frozenResults(t.db, round);
		const ind = results.indicators.find((i) => i.id === x)!;
		expect(ind.history.map((h) => h.iteration)).toEqual([0, 1]);
		// Shown, from 8 people: 6 rate 5, 2 rate 1 (75 % agree, 25 % against: not reached).
		expect(ind.final).toMatchObject({ iteration: 1, shown: true, raters: 8, carried: 5 });
		expect(ind.final.decision).toBe('not_reached');
		const relevance = ind.final.criteria.find((c) => c.key === KEYS[0])!;
		expect(relevance.dist.counts).toEqual([2, 0, 0, 0, 6]);
		// Stability over the whole panel: 2 of 8 changed (the carried 5 did not).
		const stab = ind.final.stability.find((s) => s.key === KEYS[0])!;
		expect(stab.pctChanged).toBeCloseTo(25);
		// Participation still counts people who rated: 8, then 3.
		expect(await participation(t.db, roundId)).toEqual([
			{ iteration: 0, raters: 8 },
			{ iteration: 1, raters: 3 }
		]);
		// No progress figure once the iteration is closed.
		expect(await reRatingProgress(t.db, round)).toBeNull();

		// Adoption reads the same final figures as results: iteration 1, 8 raters.
		const consensus = (await roundConsensus(t.db, round)).get(x)!;
		expect(consensus.decision).toBe(ind.final.decision);
		expect(consensus.iterations.map((it) => [it.iteration, it.raters])).toEqual([
			[0, 8],
			[1, 8]
		]);
		expect(consensus.iterations[1].criteria[0]).toMatchObject({ key: KEYS[0], n: 8 });
	});

	it('carries across iterations: a carried rating is carried again', async () => {
		const { roundId, indicatorIds } = await makeRound({}, 5);
		const [x] = indicatorIds;
		for (const [i, p] of staff.slice(0, 8).entries()) await rate(roundId, p, x, i < 4 ? 5 : 1);
		await openDelphi(t.db, roundId, facilitator);
		for (const p of [staff[4], staff[5], staff[0]]) await rate(roundId, p, x, 5, 1);
		// Closing iteration 1 carries 5; X is still without consensus and opens again.
		expect((await openDelphi(t.db, roundId, facilitator)).iteration).toBe(2);
		// One more comes round; the 7 others keep what they had (carried once or twice).
		await rate(roundId, staff[6], x, 5, 2);
		await closeRating(t.db, roundId, facilitator);
		const results = await frozenResults(t.db, await roundRow(roundId));
		const ind = results.indicators.find((i) => i.id === x)!;
		expect(ind.history.map((h) => [h.iteration, h.raters, h.carried])).toEqual([
			[0, 8, 0],
			[1, 8, 5],
			[2, 8, 7]
		]);
		// 7 × 5 and 1 × 1: 87.5 % agree, 12.5 % against, IQR 0 — reached, on the whole panel.
		expect(ind.final.criteria[0].dist.counts).toEqual([1, 0, 0, 0, 7]);
		expect(ind.final.decision).toBe('reached');
	});

	it('a group that did not re-rate keeps its veto in group-aware consensus', async () => {
		// 12 staff: 8 rate 5, 4 rate 1; 3 officials rate 3. Not reached (53 % agree).
		const plain = await makeRound({ groupAware: null }, 3);
		const aware = await makeRound({ groupAware: 'position_type' }, 3);
		for (const r of [plain, aware]) {
			const [x] = r.indicatorIds;
			for (const [i, p] of staff.entries()) await rate(r.roundId, p, x, i < 8 ? 5 : 1);
			for (const p of officials) await rate(r.roundId, p, x, 3);
			await openDelphi(t.db, r.roundId, facilitator);
			// The 4 staff who rated 1 come round to 5; the officials do not re-rate.
			for (const p of staff.slice(8)) await rate(r.roundId, p, x, 5, 1);
			if (r === aware) {
				expect(await reRatingProgress(t.db, await roundRow(r.roundId))).toEqual({
					iteration: 1,
					panel: { atLeast: 15 },
					reRated: { atLeast: 3 }
				});
			}
			await closeRating(t.db, r.roundId, facilitator);
		}
		const finalOf = async (r: { roundId: number; indicatorIds: number[] }) =>
			(await frozenResults(t.db, await roundRow(r.roundId))).indicators[0];
		// Overall, with the officials' 3 carried: 12 × 5 and 3 × 3, 80 % agree, none against.
		const p = await finalOf(plain);
		expect(p.final).toMatchObject({ iteration: 1, raters: 15, carried: 11, decision: 'reached' });
		// Group-aware: the officials (3 ≥ k) still rate 3 through their carried ballots: a veto.
		const a = await finalOf(aware);
		expect(a.final).toMatchObject({ raters: 15, carried: 11, decision: 'not_reached' });
		// Listed at all means shown: groups held back by the disclosure gate are not listed.
		expect(a.groups.position_type.find((g) => g.id === 'administrator')).toMatchObject({
			decision: 'not_reached'
		});
	});
});
