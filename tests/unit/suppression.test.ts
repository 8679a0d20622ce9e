import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { inSpan, isShown, planSuppression, type Cell } from '$lib/stats/suppression';

/** Independent exact check over the rationals (BigInt fractions), for the property tests. */
function inSpanExact(rows: number[][], target: number[], width: number): boolean {
	type Frac = [bigint, bigint];
	const norm = ([a, b]: Frac): Frac => {
		if (b < 0n) [a, b] = [-a, -b];
		const g = gcd(a < 0n ? -a : a, b);
		return g === 0n ? [0n, 1n] : [a / g, b / g];
	};
	const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
	const sub = (x: Frac, y: Frac): Frac => norm([x[0] * y[1] - y[0] * x[1], x[1] * y[1]]);
	const mul = (x: Frac, y: Frac): Frac => norm([x[0] * y[0], x[1] * y[1]]);
	const div = (x: Frac, y: Frac): Frac => norm([x[0] * y[1], x[1] * y[0]]);
	const dense = (cols: number[]): Frac[] => {
		const v: Frac[] = Array.from({ length: width }, () => [0n, 1n]);
		for (const c of cols) v[c] = [1n, 1n];
		return v;
	};
	const basis: { p: number; v: Frac[] }[] = [];
	const reduce = (v: Frac[]) => {
		for (const b of basis) {
			const f = v[b.p];
			if (f[0] !== 0n) for (let j = 0; j < width; j++) v[j] = sub(v[j], mul(f, b.v[j]));
		}
		return v;
	};
	for (const r of rows) {
		const v = reduce(dense(r));
		const p = v.findIndex((x) => x[0] !== 0n);
		if (p < 0) continue;
		const piv = v[p];
		for (let j = 0; j < width; j++) v[j] = div(v[j], piv);
		for (const b of basis) {
			const f = b.v[p];
			if (f[0] !== 0n) for (let j = 0; j < width; j++) b.v[j] = sub(b.v[j], mul(f, v[j]));
		}
		basis.push({ p, v });
	}
	return reduce(dense(target)).every((x) => x[0] === 0n);
}

/** Every aggregate an observer can read: the total (if shown) and each shown group. */
function visibleSets(cells: Cell[], plan: ReturnType<typeof planSuppression>): number[][] {
	const live = cells.map((c, i) => ({ ...c, i })).filter((c) => c.n > 0);
	const col = new Map(live.map((c, j) => [c.i, j]));
	const rows: number[][] = [];
	if (plan.totalShown && plan.total > 0) rows.push(live.map((c) => col.get(c.i)!));
	plan.dims.forEach((dim, d) => {
		for (const [id, g] of dim) {
			if (g.status === 'shown')
				rows.push(live.filter((c) => c.groups[d] === id).map((c) => col.get(c.i)!));
		}
	});
	return rows;
}

const oneDim = (sizes: Record<string, number>): Cell[] =>
	Object.entries(sizes).map(([id, n]) => ({ groups: [id], n }));

describe('suppression within one breakdown', () => {
	it('shows everything when every group has at least k raters', () => {
		const plan = planSuppression(oneDim({ A: 5, B: 9, C: 12 }), 1, 5);
		expect([...plan.dims[0].values()].map((g) => g.status)).toEqual(['shown', 'shown', 'shown']);
	});

	it('exactly one small group: another group is suppressed so total − rest does not reveal it', () => {
		const plan = planSuppression(oneDim({ A: 2, B: 9, C: 12, D: 30 }), 1, 5);
		expect(plan.dims[0].get('A')!.status).toBe('primary');
		// B, the smallest other group, goes too; C and D stay.
		expect(plan.dims[0].get('B')!.status).toBe('complementary');
		expect(isShown(plan, 0, 'C')).toBe(true);
		expect(isShown(plan, 0, 'D')).toBe(true);
	});

	it('two small groups that together are still below k pull in a third', () => {
		// total − shown would give the combined ratings of A and B: 3 people.
		const plan = planSuppression(oneDim({ A: 1, B: 2, C: 6, D: 40 }), 1, 5);
		expect(plan.dims[0].get('C')!.status).toBe('complementary');
		expect(isShown(plan, 0, 'D')).toBe(true);
	});

	it('two small groups that together reach k need no complement', () => {
		const plan = planSuppression(oneDim({ A: 2, B: 3, C: 6 }), 1, 5);
		expect(isShown(plan, 0, 'C')).toBe(true);
	});

	it('suppresses everything, total included, when the total is below k', () => {
		const plan = planSuppression(oneDim({ A: 2, B: 2 }), 1, 5);
		expect(plan.totalShown).toBe(false);
		expect([...plan.dims[0].values()].every((g) => g.status === 'primary')).toBe(true);
	});

	it('ignores empty groups: nothing to protect, nothing to subtract', () => {
		const plan = planSuppression(oneDim({ A: 0, B: 7, C: 8 }), 1, 5);
		expect(plan.dims[0].get('A')!.status).toBe('empty');
		expect(isShown(plan, 0, 'B')).toBe(true);
	});

	it('an empty group is never used as the complement', () => {
		const plan = planSuppression(oneDim({ A: 1, Z: 0, B: 9 }), 1, 5);
		expect(plan.dims[0].get('Z')!.status).toBe('empty');
		expect(plan.dims[0].get('B')!.status).toBe('complementary');
	});

	it('refuses a nonsensical k or counts', () => {
		expect(() => planSuppression(oneDim({ A: 1 }), 1, 0)).toThrow();
		expect(() => planSuppression(oneDim({ A: -1 }), 1, 5)).toThrow();
	});
});

describe('suppression across two breakdowns (unit × position type)', () => {
	it('blocks recovering one person as "position P" − "unit U"', () => {
		// Position P2 has 6 raters: 5 in unit U3 and one in unit U1. Every group has ≥ 5 raters,
		// yet P2 − U3 would be the ballot of the single U1/P2 person.
		const cells: Cell[] = [
			{ groups: ['U1', 'P1'], n: 5 },
			{ groups: ['U1', 'P2'], n: 1 },
			{ groups: ['U2', 'P1'], n: 5 },
			{ groups: ['U3', 'P2'], n: 5 }
		];
		const plan = planSuppression(cells, 2, 5);
		const rows = visibleSets(cells, plan);
		expect(inSpanExact(rows, [1], 4)).toBe(false);
		// Something had to go: not every group can be shown.
		const statuses = plan.dims.flatMap((d) => [...d.values()].map((g) => g.status));
		expect(statuses).toContain('complementary');
	});

	it('leaves a breakdown alone when no small cell can be isolated', () => {
		const cells: Cell[] = [
			{ groups: ['U1', 'P1'], n: 9 },
			{ groups: ['U1', 'P2'], n: 1 },
			{ groups: ['U2', 'P1'], n: 1 },
			{ groups: ['U2', 'P2'], n: 9 }
		];
		const plan = planSuppression(cells, 2, 5);
		expect(plan.dims.every((d) => [...d.values()].every((g) => g.status === 'shown'))).toBe(true);
	});

	it('suppression never reveals a group or cell below k (property, exact rational check)', () => {
		const cellsArb = fc
			.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }))
			.chain(([units, positions]) =>
				fc
					.array(fc.nat({ max: 12 }), {
						minLength: units * positions,
						maxLength: units * positions
					})
					.map((ns) =>
						ns.map((n, i) => ({
							groups: [`U${Math.floor(i / positions)}`, `P${i % positions}`],
							n
						}))
					)
			);
		fc.assert(
			fc.property(cellsArb, fc.integer({ min: 2, max: 6 }), (cells, k) => {
				const plan = planSuppression(cells, 2, k);
				const live = cells.map((c, i) => ({ ...c, i })).filter((c) => c.n > 0);
				const width = live.length;
				const rows = plan.totalShown ? visibleSets(cells, plan) : [];
				if (!plan.totalShown) {
					expect(plan.dims.every((d) => [...d.values()].every((g) => g.status !== 'shown'))).toBe(
						true
					);
					return;
				}
				// 1. Nothing shown is below k.
				plan.dims.forEach((dim) => {
					for (const g of dim.values())
						if (g.status === 'shown') expect(g.n).toBeGreaterThanOrEqual(k);
				});
				// 2. Within each breakdown, the hidden remainder is never a lone group nor below k.
				plan.dims.forEach((dim) => {
					const hidden = [...dim.values()].filter(
						(g) => g.status === 'primary' || g.status === 'complementary'
					);
					if (hidden.length > 0) {
						expect(hidden.length).toBeGreaterThanOrEqual(2);
						expect(hidden.reduce((s, g) => s + g.n, 0)).toBeGreaterThanOrEqual(k);
					}
				});
				// 3. No small cell and no small group is a linear combination of what is shown.
				live.forEach((c, j) => {
					if (c.n < k) expect(inSpanExact(rows, [j], width)).toBe(false);
				});
				plan.dims.forEach((dim, d) => {
					for (const [id, g] of dim) {
						if (g.n > 0 && g.n < k) {
							const cols = live.map((c, j) => (c.groups[d] === id ? j : -1)).filter((j) => j >= 0);
							expect(inSpanExact(rows, cols, width)).toBe(false);
						}
					}
				});
				// 4. Group sizes add up to the total in every breakdown.
				plan.dims.forEach((dim) => {
					expect([...dim.values()].reduce((s, g) => s + g.n, 0)).toBe(plan.total);
				});
			}),
			{ numRuns: 300 }
		);
	});
});

describe('exact span test', () => {
	it('agrees with rational elimination (property)', () => {
		const vec = (w: number) => fc.uniqueArray(fc.nat({ max: w - 1 }), { maxLength: w });
		fc.assert(
			fc.property(
				fc
					.integer({ min: 1, max: 8 })
					.chain((w) => fc.tuple(fc.constant(w), fc.array(vec(w), { maxLength: 8 }), vec(w))),
				([w, rows, target]) => {
					expect(inSpan(rows, target, w)).toBe(inSpanExact(rows, target, w));
				}
			),
			{ numRuns: 500 }
		);
	});
});
