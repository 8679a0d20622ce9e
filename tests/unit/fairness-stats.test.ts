import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decideSuppression, summariseLikert, type SuppressionInput } from '$lib/stats/fairness';
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

/** Respondents as (groupA, groupB) pairs → the input the results module builds. */
function inputOf(people: [number, number][], k: number): SuppressionInput {
	const count = (i: 0 | 1) => {
		const m = new Map<string, number>();
		for (const p of people) m.set(String(p[i]), (m.get(String(p[i])) ?? 0) + 1);
		return [...m].map(([key, n]) => ({ key, n }));
	};
	const cross = new Map<string, number>();
	for (const [a, b] of people) cross.set(`${a}|${b}`, (cross.get(`${a}|${b}`) ?? 0) + 1);
	return {
		total: people.length,
		k,
		cross,
		partitions: [
			{ name: 'opd', groups: count(0) },
			{ name: 'type', groups: count(1) }
		]
	};
}

describe('small-group suppression', () => {
	it('hides the overall rather than the only other OPD (9 + 3 with k = 5)', () => {
		const people: [number, number][] = [
			...Array.from({ length: 9 }, () => [1, 1] as [number, number]),
			...Array.from({ length: 3 }, () => [2, 1] as [number, number])
		];
		const d = decideSuppression(inputOf(people, 5));
		expect(d.overallShown).toBe(false);
		expect([...d.shown.opd]).toEqual(['1']);
		// With the overall hidden, a fully shown position-type table would give it back.
		expect(d.shown.type.size).toBe(0);
	});

	it('hides a sibling when there is one to spare (8 + 7 + 3)', () => {
		const people: [number, number][] = [
			...Array.from({ length: 8 }, (_, i) => [1, i % 2] as [number, number]),
			...Array.from({ length: 7 }, (_, i) => [2, i % 2] as [number, number]),
			...Array.from({ length: 3 }, (_, i) => [3, i % 2] as [number, number])
		];
		const d = decideSuppression(inputOf(people, 5));
		expect(d.overallShown).toBe(true);
		expect([...d.shown.opd]).toEqual(['1']);
	});

	it('shows nothing when fewer than k answered', () => {
		const d = decideSuppression(
			inputOf(
				[
					[1, 1],
					[1, 1],
					[1, 1],
					[1, 1]
				],
				5
			)
		);
		expect(d.overallShown).toBe(false);
		expect(d.shown.opd.size + d.shown.type.size).toBe(0);
	});

	it('hides a group nested in another when the difference is a small group', () => {
		// OPD 1: 6 people, 5 pelaksana (type 0) + 1 pengawas (type 1); type 0 lives only in OPD 1.
		const people: [number, number][] = [
			...Array.from({ length: 5 }, () => [1, 0] as [number, number]),
			[1, 1],
			...Array.from({ length: 6 }, () => [2, 1] as [number, number])
		];
		const d = decideSuppression(inputOf(people, 5));
		const shownBoth = d.shown.opd.has('1') && d.shown.type.has('0');
		expect(shownBoth).toBe(false);
	});

	const arbitrary = fc.record({
		k: fc.integer({ min: 2, max: 10 }),
		people: fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 3 })), {
			maxLength: 80
		})
	});

	it('never shows a group or total smaller than k (property)', () => {
		fc.assert(
			fc.property(arbitrary, ({ k, people }) => {
				const input = inputOf(people, k);
				const d = decideSuppression(input);
				if (d.overallShown && input.total < k) return false;
				for (const p of input.partitions) {
					for (const g of p.groups) if (d.shown[p.name].has(g.key) && g.n < k) return false;
				}
				return true;
			}),
			{ numRuns: 2000 }
		);
	});

	it('an attacker subtracting shown groups from the total never isolates fewer than k people (property)', () => {
		fc.assert(
			fc.property(arbitrary, ({ k, people }) => {
				const input = inputOf(people, k);
				const d = decideSuppression(input);
				const shownParts = input.partitions.filter((p) => d.shown[p.name].size > 0);
				if (!d.overallShown) {
					// Without the total, only one breakdown may show anything, and never all of it:
					// a complete breakdown adds up to the total.
					if (shownParts.length > 1) return false;
					for (const p of shownParts) {
						if (p.groups.every((g) => d.shown[p.name].has(g.key))) return false;
					}
					return true;
				}
				for (const p of input.partitions) {
					const residual = p.groups
						.filter((g) => !d.shown[p.name].has(g.key))
						.reduce((a, g) => a + g.n, 0);
					if (residual > 0 && residual < k) return false;
				}
				return true;
			}),
			{ numRuns: 2000 }
		);
	});

	it('no shown group minus a shown group nested in it isolates fewer than k people (property)', () => {
		fc.assert(
			fc.property(arbitrary, ({ k, people }) => {
				const input = inputOf(people, k);
				const d = decideSuppression(input);
				const [a, b] = input.partitions;
				for (const ga of a.groups) {
					if (!d.shown.opd.has(ga.key)) continue;
					for (const gb of b.groups) {
						if (!d.shown.type.has(gb.key)) continue;
						const both = input.cross!.get(`${ga.key}|${gb.key}`) ?? 0;
						const diff = Math.abs(ga.n - gb.n);
						const nested = both === Math.min(ga.n, gb.n);
						if (nested && diff > 0 && diff < k) return false;
					}
				}
				return true;
			}),
			{ numRuns: 2000 }
		);
	});
});
