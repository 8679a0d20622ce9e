import { describe, expect, it } from 'vitest';
import { summariseLikert } from '$lib/stats/fairness';
import { cronbachAlpha, variance } from '$lib/stats/reliability';

describe('Likert summary', () => {
	it('averages respondents’ dimension means and counts every item answer', () => {
		const s = summariseLikert([
			[5, 4],
			[1, 2],
			[3, 3]
		])!;
		expect(s.n).toBe(3);
		expect(s.mean).toBeCloseTo((4.5 + 1.5 + 3) / 3);
		expect(s.distribution).toEqual([1, 1, 2, 1, 1]);
		expect(s.favourable).toBeCloseTo(2 / 6);
		expect(summariseLikert([])).toBeNull();
	});
});

describe('Cronbach’s alpha', () => {
	it('matches hand-computed values', () => {
		expect(variance([3, 5, 7])).toBe(4);
		// Items move together exactly: alpha 1.
		expect(
			cronbachAlpha([
				[1, 2],
				[2, 3],
				[3, 4]
			])
		).toBeCloseTo(1);
		// var(items) = 1 + 1, var(total [2,5,5]) = 3 → 2 · (1 − 2/3).
		expect(
			cronbachAlpha([
				[1, 1],
				[2, 3],
				[3, 2]
			])
		).toBeCloseTo(2 / 3);
		// Opposed items: negative alpha is reported, not hidden.
		expect(
			cronbachAlpha([
				[1, 5],
				[5, 1],
				[3, 4]
			])!
		).toBeLessThan(0);
	});
	it('is undefined with one item, one respondent or no variance in totals', () => {
		expect(cronbachAlpha([[1], [2]])).toBeNull();
		expect(cronbachAlpha([[1, 2]])).toBeNull();
		expect(
			cronbachAlpha([
				[2, 3],
				[3, 2]
			])
		).toBeNull();
	});
});
