import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nullSignatures, findSmallCircuit, SIGNATURE_PRIME } from '$lib/disclosure/linear';
import { findLeak, planRelease, type DisclosureTable } from '$lib/disclosure/plan';
import { releaseCross, type CrossCell } from '$lib/disclosure/cross';
import { attack, crossAggregates } from '../helpers/attacker';

describe('exact null-space signatures', () => {
	it('say a cell set is derivable exactly when its indicator is in the row space', () => {
		// fungsional − OPD X = the two fungsional raters of A and B (issue #13, example 2).
		// cells: 0 X-fung, 1 A-fung, 2 A-pel, 3 B-fung, 4 B-pel
		const rows = [[0, 1, 2, 3, 4], [0], [1, 2], [3, 4], [0, 1, 3], [2, 4]];
		const sig = nullSignatures(rows, 5);
		const pop = [12, 1, 9, 1, 9];
		const leak = findSmallCircuit(sig, pop, 5);
		expect(leak?.cells.sort()).toEqual([1, 3]);
		// Without the OPD rows A and B nothing below k can be derived.
		expect(
			findSmallCircuit(
				nullSignatures(
					[
						[0, 1, 2, 3, 4],
						[0, 1, 3],
						[2, 4]
					],
					5
				),
				pop,
				5
			)
		).toBe(null);
	});

	it('agrees with an independent rational rank, exact and modular paths alike', () => {
		fc.assert(
			fc.property(
				fc.array(fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), {
					minLength: 1,
					maxLength: 10
				}),
				(bits) => {
					const rows = bits.map((b) => b.flatMap((x, j) => (x ? [j] : [])));
					const sig = nullSignatures(rows, 12);
					expect(sig.rank).toBe(rationalRank(rows, 12));
					// Every released row is derivable: Σ_c row_c · signature_c = 0.
					for (const row of rows) {
						const sum = new Map<number, number>();
						for (const c of row)
							for (const [f, x] of sig.columns[c])
								sum.set(f, ((sum.get(f) ?? 0) + x) % SIGNATURE_PRIME);
						expect([...sum.values()].every((x) => x === 0)).toBe(true);
					}
				}
			),
			{ numRuns: 300 }
		);
	});
});

describe('planRelease', () => {
	it('leaves nothing an attacker can combine into fewer than k people (random tables)', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 3 }),
				fc.integer({ min: 1, max: 3 }),
				fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 9, maxLength: 9 }),
				fc.integer({ min: 3, max: 6 }),
				(opds, types, sizes, k) => {
					const cells: CrossCell[] = [];
					for (let o = 0; o < opds; o++)
						for (let t = 0; t < types; t++) {
							const n = sizes[o * 3 + t];
							if (n > 0) cells.push({ groups: [`o${o}`, `t${t}`], pops: [n, Math.max(0, n - t)] });
						}
					const release = releaseCross(cells, k);
					const { table, released } = crossAggregates(cells, release);
					expect(attack(table, released, k)).toBe(null);
				}
			),
			{ numRuns: 2000 }
		);
	});

	it('hides nothing when every group is large', () => {
		const table: DisclosureTable = {
			cells: [{ pops: [10] }, { pops: [12] }, { pops: [9] }, { pops: [11] }],
			aggregates: [{ cells: [0, 1, 2, 3] }, { cells: [0, 1] }, { cells: [2, 3] }, { cells: [0, 2] }]
		};
		expect(planRelease(table, 5)).toEqual([true, true, true, true]);
		expect(findLeak(table, [true, true, true, true], 5)).toBe(null);
	});
});

/** Rank over the rationals with BigInt fractions: slow, obviously right, independent of the code. */
function rationalRank(rows: number[][], width: number): number {
	type Frac = [bigint, bigint];
	const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
	const norm = ([a, b]: Frac): Frac => {
		if (b < 0n) [a, b] = [-a, -b];
		const g = gcd(a, b);
		return g === 0n ? [0n, 1n] : [a / g, b / g];
	};
	const m: Frac[][] = rows.map((r) => {
		const v: Frac[] = Array.from({ length: width }, () => [0n, 1n]);
		for (const c of r) v[c] = [1n, 1n];
		return v;
	});
	let rank = 0;
	for (let col = 0; col < width && rank < m.length; col++) {
		const i = m.findIndex((row, idx) => idx >= rank && row[col][0] !== 0n);
		if (i < 0) continue;
		[m[i], m[rank]] = [m[rank], m[i]];
		for (let r = 0; r < m.length; r++) {
			if (r === rank || m[r][col][0] === 0n) continue;
			const [fa, fb] = norm([m[r][col][0] * m[rank][col][1], m[r][col][1] * m[rank][col][0]]);
			for (let j = 0; j < width; j++) {
				const [x, y] = m[rank][j];
				m[r][j] = norm([m[r][j][0] * y * fb - fa * x * m[r][j][1], m[r][j][1] * y * fb]);
			}
		}
		rank++;
	}
	return rank;
}
