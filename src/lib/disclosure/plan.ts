import { findSmallCircuit, nullSignatures } from './linear';

/**
 * The disclosure checker: which aggregates of a table may be released so that no sum or
 * difference of them pins down fewer than k people.
 *
 * Model. The people are cut into finest cells (e.g. OPD × position type). Each aggregate a page,
 * export or API may show (the total, an OPD, a position type, a sub-unit subtree, …) is the sum of
 * its cells' data, so it is a 0/1 row over the cells. One table holds one kind of answer (the
 * scores of one indicator in one iteration, one survey's answers); each cell has a population per
 * *measure* — e.g. measure 0 everyone who rated, measure j the people who gave a score (not
 * "cannot judge") on criterion j. A cell whose population on a measure is 0 holds no data for it,
 * and the attacker is assumed to know that (they may know every cell's size).
 *
 * Guarantee (proved in README "Privacy"): when `planRelease` returns, for every measure, no nonzero
 * linear combination of the released aggregates (any coefficients, so sums, differences and
 * multiples) is confined to a set of people with 0 < size < k. In particular no set of fewer than k
 * people has its counts, sum or mean determined by released figures.
 *
 * Algorithm. Start from every aggregate whose own populations are 0 or ≥ k. Then repeatedly look
 * for a leak with the exact circuit search of `linear.ts`; if one is found, hide one more released
 * aggregate — the one with the fewest people whose hiding closes that leak, else the one with the
 * fewest people; an aggregate marked `keep` (the overall figure) only when no other is left — and
 * look again. Hiding only shrinks what can be derived, so this
 * ends, at worst with nothing released.
 */

export interface DisclosureTable {
	/** Per cell, its population on each measure (measure 0: everyone the cell counts). */
	cells: readonly { pops: readonly number[] }[];
	/**
	 * Per aggregate, the cells it sums. `keep`: hidden only when nothing else closes a leak (the
	 * overall figure, which every page leads with).
	 */
	aggregates: readonly { cells: readonly number[]; keep?: boolean }[];
}

export interface Leak {
	measure: number;
	/** Cells of the set of people that could be singled out. */
	cells: number[];
}

function measures(table: DisclosureTable): number {
	return table.cells.reduce((m, c) => Math.max(m, c.pops.length), 0);
}

function popOf(table: DisclosureTable, cells: readonly number[], measure: number): number {
	let n = 0;
	for (const c of cells) n += table.cells[c].pops[measure] ?? 0;
	return n;
}

/** A leak of the release `released` (one flag per aggregate), or null when there is none. */
export function findLeak(
	table: DisclosureTable,
	released: readonly boolean[],
	k: number,
	options: { measure?: number; only?: readonly number[]; unimodular?: boolean } = {}
): Leak | null {
	const all = measures(table);
	const unimodular = options.unimodular ?? twoLaminarFamilies(table);
	for (let m = 0; m < all; m++) {
		if (options.measure !== undefined && m !== options.measure) continue;
		// Cells holding data for this measure become the columns; the others are known zeros.
		const column = new Map<number, number>();
		const pops: number[] = [];
		table.cells.forEach((c, i) => {
			const n = c.pops[m] ?? 0;
			if (n > 0) {
				column.set(i, pops.length);
				pops.push(n);
			}
		});
		// Only sets of cells each below k can hold fewer than k people: none, nothing to look for.
		const candidates = options.only ?? [...column.keys()];
		if (!candidates.some((c) => column.has(c) && pops[column.get(c)!] < k)) continue;
		const rows: number[][] = [];
		const keys = new Set<string>();
		table.aggregates.forEach((a, i) => {
			if (!released[i]) return;
			const row = a.cells
				.map((c) => column.get(c))
				.filter((c): c is number => c !== undefined)
				.sort((x, y) => x - y);
			const key = row.join(',');
			if (row.length === 0 || keys.has(key)) return;
			keys.add(key);
			rows.push(row);
		});
		if (rows.length === 0) continue;
		const sig = nullSignatures(rows, pops.length, unimodular);
		const only = options.only
			?.map((c) => column.get(c))
			.filter((c): c is number => c !== undefined);
		const circuit = findSmallCircuit(sig, pops, k, only);
		if (circuit) {
			const back = [...column.keys()];
			return { measure: m, cells: circuit.cells.map((j) => back[j]) };
		}
	}
	return null;
}

/** Which aggregates of the table may be released (one flag per aggregate, same order). */
export function planRelease(table: DisclosureTable, k: number): boolean[] {
	if (!Number.isInteger(k) || k < 1) throw new RangeError('k must be a positive integer');
	const all = measures(table);
	const unimodular = twoLaminarFamilies(table);
	// Aggregates over the same people carry the same figures (e.g. an OPD that holds one position
	// type and that type): they are shown or hidden together, as one.
	const classOf: number[] = [];
	const members: number[][] = [];
	const byKey = new Map<string, number>();
	table.aggregates.forEach((a, i) => {
		const key = a.cells
			.filter((c) => table.cells[c].pops.some((n) => n > 0))
			.sort((x, y) => x - y)
			.join(',');
		let cls = byKey.get(key);
		if (cls === undefined) {
			cls = members.length;
			byKey.set(key, cls);
			members.push([]);
		}
		members[cls].push(i);
		classOf.push(cls);
	});
	const first = members.map((m) => table.aggregates[m[0]]);
	const people = first.map((a) => popOf(table, a.cells, 0));
	const keep = members.map((m) => m.some((i) => table.aggregates[i].keep));
	const classTable: DisclosureTable = { cells: table.cells, aggregates: first };
	// Primary: an aggregate that itself covers 1 … k−1 people on some measure.
	const released = first.map((a) => {
		for (let m = 0; m < all; m++) {
			const n = popOf(table, a.cells, m);
			if (n > 0 && n < k) return false;
		}
		return true;
	});
	const shown = () => classOf.map((cls) => released[cls]);
	for (let guard = 0; guard <= first.length; guard++) {
		const leak = findLeak(classTable, released, k, { unimodular });
		if (!leak) return shown();
		// Any released aggregate may take part in the combination (e.g. the −1 of "total − A"), so
		// every one is a candidate: the fewest people first; kept ones only when none other is left.
		const open = released.map((r, i) => (r ? i : -1)).filter((i) => i >= 0);
		const others = open.filter((i) => !keep[i]);
		const pool = (others.length ? others : open).sort((i, j) => people[i] - people[j] || i - j);
		let chosen = pool[0];
		for (const i of pool) {
			released[i] = false;
			const still = findLeak(classTable, released, k, {
				measure: leak.measure,
				only: leak.cells,
				unimodular
			});
			released[i] = true;
			if (!still) {
				chosen = i;
				break;
			}
		}
		released[chosen] = false;
	}
	// Unreachable: every round hides one more aggregate, and hiding all of them leaks nothing.
	return table.aggregates.map(() => false);
}

/**
 * Whether the aggregates split into two laminar families (within each, two sets are disjoint or
 * nested): two aggregates that cross must go to different families, so this is a bipartiteness
 * test of the crossing graph. The incidence matrix of two laminar families is totally unimodular
 * (Edmonds & Giles), which lets `nullSignatures` work modulo a prime exactly. Every breakdown we
 * publish has this shape: nested units (total ⊃ OPD ⊃ sub-unit) on one side, position types on
 * the other.
 */
export function twoLaminarFamilies(table: DisclosureTable): boolean {
	const sets = table.aggregates.map((a) => new Set(a.cells));
	const n = sets.length;
	const crosses = (i: number, j: number) => {
		let both = 0;
		for (const c of sets[i]) if (sets[j].has(c)) both++;
		return both > 0 && both < sets[i].size && both < sets[j].size;
	};
	const side = new Array<number>(n).fill(-1);
	for (let s = 0; s < n; s++) {
		if (side[s] >= 0) continue;
		side[s] = 0;
		const queue = [s];
		while (queue.length) {
			const i = queue.pop()!;
			for (let j = 0; j < n; j++) {
				if (j === i || !crosses(i, j)) continue;
				if (side[j] < 0) {
					side[j] = 1 - side[i];
					queue.push(j);
				} else if (side[j] === side[i]) return false;
			}
		}
	}
	return true;
}
