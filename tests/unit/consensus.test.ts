import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	DEFAULT_RULE,
	combineCriteria,
	compareStrength,
	countsOf,
	decide,
	decideGroupAware,
	quantile,
	stability,
	summarise,
	type Score,
	type ScoreCounts
} from '$lib/stats/consensus';

/** Reference type-7 quantile on the expanded, sorted list of ratings. */
function refQuantile(sorted: number[], p: number): number {
	const h = (sorted.length - 1) * p;
	const lo = Math.floor(h);
	const hi = Math.min(lo + 1, sorted.length - 1);
	return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

const ratingArb = fc.constantFrom<Score | null>(1, 2, 3, 4, 5, null);
const scoreArb = fc.constantFrom<Score>(1, 2, 3, 4, 5);

describe('summary statistics from counts', () => {
	it('gives the textbook figures for a small sample', () => {
		// 1,2,4,4,5,5,5,5 and two "cannot judge"
		const d = summarise(countsOf([1, 2, 4, 4, 5, 5, 5, 5, null, null]));
		expect(d.n).toBe(8);
		expect(d.cannotJudge).toBe(2);
		expect(d.mean).toBeCloseTo(31 / 8);
		expect(d.median).toBe(4.5);
		expect(d.q1).toBe(3.5); // h = 1.75 → 2 + 0.75·(4 − 2)
		expect(d.q3).toBe(5);
		expect(d.iqr).toBe(1.5);
		expect(d.pctAgree).toBe(75);
		expect(d.pctDisagree).toBe(25);
		expect(d.polarised).toBe(true); // exactly 25 % at the low end counts
	});

	it('has no location figures when nobody gave a score', () => {
		const d = summarise(countsOf([null, null]));
		expect(d).toMatchObject({ n: 0, cannotJudge: 2, mean: null, median: null, iqr: null });
		expect(decide(d, DEFAULT_RULE)).toBe('not_reached');
	});

	it('handles a single rater', () => {
		const d = summarise(countsOf([3]));
		expect(d).toMatchObject({ n: 1, median: 3, q1: 3, q3: 3, iqr: 0, mean: 3 });
	});

	it('refuses negative or fractional counts', () => {
		expect(() => summarise({ counts: [1, -1, 0, 0, 0], cannotJudge: 0 })).toThrow();
		expect(() => summarise({ counts: [1, 0.5, 0, 0, 0], cannotJudge: 0 })).toThrow();
	});

	it('agrees with the expanded list for any sample (property)', () => {
		fc.assert(
			fc.property(fc.array(ratingArb, { maxLength: 200 }), (ratings) => {
				const d = summarise(countsOf(ratings));
				const scores = ratings.filter((r): r is Score => r !== null).sort((a, b) => a - b);
				expect(d.n + d.cannotJudge).toBe(ratings.length);
				expect(d.counts.reduce((s, x) => s + x, 0)).toBe(scores.length);
				if (scores.length === 0) return;
				const min = scores[0];
				const max = scores[scores.length - 1];
				for (const q of [d.q1!, d.median!, d.q3!]) {
					expect(q).toBeGreaterThanOrEqual(min);
					expect(q).toBeLessThanOrEqual(max);
				}
				expect(d.q1!).toBeLessThanOrEqual(d.median!);
				expect(d.median!).toBeLessThanOrEqual(d.q3!);
				expect(d.iqr!).toBeGreaterThanOrEqual(0);
				expect(d.median!).toBeCloseTo(refQuantile(scores, 0.5), 9);
				expect(d.q1!).toBeCloseTo(refQuantile(scores, 0.25), 9);
				expect(d.q3!).toBeCloseTo(refQuantile(scores, 0.75), 9);
				expect(d.mean!).toBeCloseTo(scores.reduce((s, x) => s + x, 0) / scores.length, 9);
				expect(d.pctAgree + d.pctDisagree).toBeLessThanOrEqual(100 + 1e-9);
			})
		);
	});

	it('quantile is monotone in p (property)', () => {
		fc.assert(
			fc.property(fc.array(scoreArb, { minLength: 1, maxLength: 50 }), (scores) => {
				const c = countsOf(scores).counts;
				let prev = -Infinity;
				for (let p = 0; p <= 1; p += 0.05) {
					const q = quantile(c, p)!;
					expect(q).toBeGreaterThanOrEqual(prev - 1e-12);
					prev = q;
				}
			})
		);
	});
});

describe('the pre-registered rule', () => {
	const rule = DEFAULT_RULE;
	it('reaches consensus at exactly 70 % agreement (no float rounding against it)', () => {
		// 7 of 10 rate 4–5, median 4, IQR 0.75
		const c = countsOf([3, 3, 3, 4, 4, 4, 4, 4, 4, 4]);
		const d = summarise(c);
		expect(d.median).toBe(4);
		expect(d.iqr).toBeLessThanOrEqual(1);
		expect(decide(d, rule)).toBe('reached');
	});

	it('does not reach it at 69 %', () => {
		const ratings: Score[] = [...Array(69).fill(5), ...Array(31).fill(3)];
		expect(decide(summarise(countsOf(ratings)), rule)).toBe('not_reached');
	});

	it('treats the disagreement bound as strict: 15 % rating 1–2 blocks consensus', () => {
		const ratings: Score[] = [...Array(85).fill(5), ...Array(15).fill(1)];
		const d = summarise(countsOf(ratings));
		expect(d.median).toBe(5);
		expect(d.iqr).toBe(0);
		expect(decide(d, rule)).toBe('not_reached');
		const ok: Score[] = [...Array(86).fill(5), ...Array(14).fill(1)];
		expect(decide(summarise(countsOf(ok)), rule)).toBe('reached');
	});

	it('blocks consensus on a wide spread even with a high median', () => {
		// median 4 and 75 % agreement, but IQR 2
		const d = summarise(countsOf([3, 3, 4, 4, 4, 5, 5, 5]));
		expect(d.pctAgree).toBe(75);
		expect(d.iqr!).toBeGreaterThan(1);
		expect(decide(d, rule)).toBe('not_reached');
	});

	it('recognises consensus against an indicator', () => {
		expect(decide(summarise(countsOf([1, 1, 1, 2, 2, 2, 2, 3])), rule)).toBe('rejected');
	});

	it('a polarised split is never consensus either way', () => {
		const d = summarise(countsOf([1, 1, 1, 1, 5, 5, 5, 5]));
		expect(d.polarised).toBe(true);
		expect(decide(d, rule)).toBe('not_reached');
	});

	it('"cannot judge" neither helps nor hurts', () => {
		const base: (Score | null)[] = [4, 4, 4, 5, 5, 5, 4, 4];
		const withCj = [...base, null, null, null, null, null];
		expect(decide(summarise(countsOf(withCj)), rule)).toBe(decide(summarise(countsOf(base)), rule));
	});

	it('reached and rejected exclude each other (property)', () => {
		fc.assert(
			fc.property(
				fc.array(ratingArb, { maxLength: 80 }),
				fc.integer({ min: 3, max: 5 }),
				fc.integer({ min: 51, max: 100 }),
				fc.integer({ min: 1, max: 49 }),
				fc.constantFrom(0, 0.5, 1, 2),
				(ratings, minMedian, minAgreePct, maxDisagreePct, maxIqr) => {
					const d = summarise(countsOf(ratings));
					const r = decide(d, { minMedian, minAgreePct, maxDisagreePct, maxIqr });
					if (r === 'reached') {
						expect(d.median!).toBeGreaterThanOrEqual(minMedian);
						expect(d.pctAgree).toBeGreaterThanOrEqual(minAgreePct - 1e-9);
					}
					if (r === 'rejected') expect(d.pctDisagree).toBeGreaterThanOrEqual(minAgreePct - 1e-9);
				}
			)
		);
	});

	it('mirror symmetry: reversing every rating turns reached into rejected (property)', () => {
		fc.assert(
			fc.property(fc.array(ratingArb, { maxLength: 80 }), (ratings) => {
				const flipped = ratings.map((r) => (r === null ? null : ((6 - r) as Score)));
				const a = decide(summarise(countsOf(ratings)), rule);
				const b = decide(summarise(countsOf(flipped)), rule);
				const mirror = { reached: 'rejected', rejected: 'reached', not_reached: 'not_reached' };
				expect(b).toBe(mirror[a]);
			})
		);
	});

	it('combines criteria: all reached → reached; any rejected → rejected', () => {
		expect(combineCriteria(['reached', 'reached'])).toBe('reached');
		expect(combineCriteria(['reached', 'not_reached'])).toBe('not_reached');
		expect(combineCriteria(['reached', 'rejected'])).toBe('rejected');
		expect(combineCriteria([])).toBe('not_reached');
	});
});

describe('group-aware consensus', () => {
	const rule = { ...DEFAULT_RULE, groupAware: 'position_type' as const };
	const many = (score: Score, n: number): ScoreCounts => countsOf(Array(n).fill(score));
	const plus = (a: ScoreCounts, b: ScoreCounts): ScoreCounts => ({
		counts: a.counts.map((x, i) => x + b.counts[i]) as unknown as ScoreCounts['counts'],
		cannotJudge: a.cannotJudge + b.cannotJudge
	});

	it('a large majority cannot outvote a group that disagrees', () => {
		const staff = many(5, 40);
		const officials = many(2, 6);
		const overall = plus(staff, officials);
		expect(decide(summarise(overall), rule)).toBe('reached'); // 87 % agree, 13 % disagree
		expect(decideGroupAware(overall, [staff, officials], rule, 5)).toBe('not_reached');
	});

	it('is reached when every group accepts', () => {
		const a = many(5, 10);
		const b = plus(many(4, 6), many(5, 2));
		expect(decideGroupAware(plus(a, b), [a, b], rule, 5)).toBe('reached');
	});

	it('a group below k has no visible veto (its aggregate is suppressed)', () => {
		const a = many(5, 20);
		const tiny = many(1, 2);
		expect(decideGroupAware(plus(a, tiny), [a, tiny], rule, 5)).toBe('reached');
	});

	it('never reaches consensus when the plain rule does not (property)', () => {
		fc.assert(
			fc.property(
				fc.array(fc.array(scoreArb, { maxLength: 30 }), { minLength: 1, maxLength: 5 }),
				(groups) => {
					const counts = groups.map((g) => countsOf(g));
					const overall = counts.reduce(plus);
					const plain = decide(summarise(overall), rule);
					const aware = decideGroupAware(overall, counts, rule, 5);
					if (plain !== 'reached') expect(aware).toBe(plain);
				}
			)
		);
	});
});

describe('ranking by consensus strength', () => {
	it('orders reached before not reached before rejected, then by agreement', () => {
		const items = [
			countsOf([1, 1, 1, 1, 2]),
			countsOf([4, 4, 4, 5, 5]),
			countsOf([3, 3, 4, 5, 5]),
			countsOf([5, 5, 5, 5, 5])
		].map((c) => {
			const dist = summarise(c);
			return { dist, decision: decide(dist, DEFAULT_RULE) };
		});
		const sorted = [...items].sort(compareStrength).map((x) => x.dist.mean);
		expect(sorted).toEqual([5, 4.4, 4, 1.2]);
	});
});

describe('Delphi stability', () => {
	it('measures change between iterations', () => {
		const before = summarise(countsOf([2, 3, 3, 4, 5]));
		const after = summarise(countsOf([3, 3, 4, 4, 5]));
		const s = stability(before, after, 5, 2);
		expect(s.pctChanged).toBe(40);
		expect(s.medianShift).toBe(1);
		expect(s.iqrShift).toBe(0);
		expect(s.stable).toBe(false);
	});

	it('is stable when few changed and the median held', () => {
		const d = summarise(countsOf([4, 4, 4, 5, 5, 5, 5, 4, 4, 4]));
		expect(stability(d, d, 10, 1).stable).toBe(true);
		expect(stability(d, d, 0, 0).stable).toBe(false); // nobody re-rated: no evidence
	});

	it('refuses impossible counts', () => {
		const d = summarise(countsOf([4]));
		expect(() => stability(d, d, 1, 2)).toThrow();
	});
});
