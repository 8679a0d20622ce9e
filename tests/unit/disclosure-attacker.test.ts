import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { releaseRatings, releaseSurvey, type RatingCells } from '$lib/server/disclosure';
import type { CrossCell } from '$lib/disclosure';
import type { ScoreCounts } from '$lib/stats/consensus';
import { attack, crossAggregates } from '../helpers/attacker';

/**
 * The attacker of issue #13: random small tables go through the real release functions that the
 * results pages, exports and API use; then every ± combination of what was released is tried.
 * Any combination that lives on 1 … k−1 people (per criterion, counting only people who gave a
 * score) fails the test.
 */

const CRITERIA = ['relevance', 'fairness'];

interface Rater {
	opd: number;
	type: number;
	/** Per criterion: 1–5, or 0 for "cannot judge". */
	scores: number[];
}

function ratingCells(raters: readonly Rater[]): RatingCells {
	const cells = new Map<string, Map<string, ScoreCounts>>();
	for (const r of raters) {
		const key = `o${r.opd}|t${r.type}`;
		let byCrit = cells.get(key);
		if (!byCrit) cells.set(key, (byCrit = new Map()));
		CRITERIA.forEach((c, j) => {
			const counts = byCrit.get(c) ?? { counts: [0, 0, 0, 0, 0], cannotJudge: 0 };
			if (r.scores[j] === 0) counts.cannotJudge++;
			else (counts.counts as unknown as number[])[r.scores[j] - 1]++;
			byCrit.set(c, counts);
		});
	}
	return cells;
}

/** The cells as the attacker sees them: measure 0 everyone, then scorers per criterion. */
function ratingTable(raters: readonly Rater[]): CrossCell[] {
	const cells = new Map<string, CrossCell & { pops: number[] }>();
	for (const r of raters) {
		const key = `o${r.opd}|t${r.type}`;
		let c = cells.get(key);
		if (!c) cells.set(key, (c = { groups: [`o${r.opd}`, `t${r.type}`], pops: [0, 0, 0] }));
		c.pops[0]++;
		r.scores.forEach((s, j) => {
			if (s > 0) c.pops[j + 1]++;
		});
	}
	return [...cells.values()];
}

function assertNoLeak(cells: CrossCell[], release: ReturnType<typeof releaseRatings>, k: number) {
	const { table, released } = crossAggregates(cells, release);
	const found = attack(table, released, k);
	if (found) {
		throw new Error(
			`recoverable: measure ${found.measure}, ${JSON.stringify(found.coefficients)} over ${JSON.stringify(cells)}`
		);
	}
}

const rater = fc.record({
	opd: fc.integer({ min: 0, max: 2 }),
	type: fc.integer({ min: 0, max: 2 }),
	// "Cannot judge" often, so that scorers and raters differ.
	scores: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5 })), {
		minLength: 2,
		maxLength: 2
	})
});

describe('the attacker against the ratings release', () => {
	it('recovers nobody below k from 10,000 random tables', () => {
		fc.assert(
			fc.property(
				fc.array(rater, { minLength: 0, maxLength: 24 }),
				fc.integer({ min: 3, max: 6 }),
				(raters, k) => {
					assertNoLeak(ratingTable(raters), releaseRatings(ratingCells(raters), CRITERIA, k), k);
				}
			),
			{ numRuns: 10_000 }
		);
	}, 60_000);

	it('issue example: fungsional − OPD gives the two fungsional raters of A and B', () => {
		const raters: Rater[] = [
			...Array.from({ length: 12 }, () => ({ opd: 0, type: 1, scores: [4, 4] })),
			{ opd: 1, type: 1, scores: [1, 1] },
			...Array.from({ length: 9 }, () => ({ opd: 1, type: 0, scores: [3, 3] })),
			{ opd: 2, type: 1, scores: [2, 2] },
			...Array.from({ length: 9 }, () => ({ opd: 2, type: 0, scores: [3, 3] }))
		];
		const release = releaseRatings(ratingCells(raters), CRITERIA, 5);
		assertNoLeak(ratingTable(raters), release, 5);
		expect(release.total).toBe(true);
		// Not every group can stay: fungsional and all three OPDs together give the two away.
		const shown = release.shown[0].size + release.shown[1].size;
		expect(shown).toBeLessThan(5);
	});

	it('issue example: n = 1 pelaksana on fairness with "cannot judge" is not shown', () => {
		// 16 raters; 5 pelaksana, of whom 4 cannot judge fairness: one fairness score.
		const raters: Rater[] = [
			...Array.from({ length: 11 }, (_, i) => ({ opd: i % 2, type: 1, scores: [4, 3] })),
			{ opd: 0, type: 0, scores: [3, 2] },
			...Array.from({ length: 4 }, (_, i) => ({ opd: i % 2, type: 0, scores: [2, 0] }))
		];
		const release = releaseRatings(ratingCells(raters), CRITERIA, 5);
		expect(release.shown[1].has('t0')).toBe(false);
		assertNoLeak(ratingTable(raters), release, 5);
	});
});

interface Respondent {
	opd: number;
	type: number;
	answered: boolean[];
}

function surveyTable(rs: readonly Respondent[]): CrossCell[] {
	const cells = new Map<string, CrossCell & { pops: number[] }>();
	for (const r of rs) {
		const key = `o${r.opd}|t${r.type}`;
		let c = cells.get(key);
		if (!c) cells.set(key, (c = { groups: [`o${r.opd}`, `t${r.type}`], pops: [0, 0, 0] }));
		c.pops[0]++;
		r.answered.forEach((a, j) => {
			if (a) c.pops[j + 1]++;
		});
	}
	return [...cells.values()];
}

const release = (rs: readonly Respondent[], k: number) =>
	releaseSurvey(
		rs.map((r) => ({ opd: `o${r.opd}`, positionType: `t${r.type}`, answered: r.answered })),
		k
	);

describe('the attacker against the survey release', () => {
	it('recovers nobody below k from 10,000 random tables', () => {
		const respondent = fc.record({
			opd: fc.integer({ min: 0, max: 2 }),
			type: fc.integer({ min: 0, max: 2 }),
			answered: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 })
		});
		fc.assert(
			fc.property(
				fc.array(respondent, { minLength: 0, maxLength: 24 }),
				fc.integer({ min: 3, max: 6 }),
				(rs, k) => assertNoLeak(surveyTable(rs), release(rs, k), k)
			),
			{ numRuns: 10_000 }
		);
	}, 60_000);

	it('issue example: B + C − fungsional is the one B–pelaksana respondent', () => {
		const all = [true, true];
		const rs: Respondent[] = [
			...Array.from({ length: 6 }, () => ({ opd: 0, type: 0, answered: all })),
			{ opd: 1, type: 0, answered: all },
			...Array.from({ length: 6 }, () => ({ opd: 1, type: 1, answered: all })),
			...Array.from({ length: 6 }, () => ({ opd: 2, type: 1, answered: all }))
		];
		const r = release(rs, 5);
		assertNoLeak(surveyTable(rs), r, 5);
		expect(r.total).toBe(true);
		// The old engine showed overall, B, C, pelaksana and fungsional together.
		const everything =
			r.shown[0].has('o1') && r.shown[0].has('o2') && r.shown[1].has('t0') && r.shown[1].has('t1');
		expect(everything).toBe(false);
	});
});
