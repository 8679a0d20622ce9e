import { planRelease, type DisclosureTable } from './plan';

/**
 * The release of a two-way breakdown — the shape of rating results and survey results: the
 * overall figure, one figure per group of the first breakdown (OPD) and one per group of the
 * second (position type), over finest cells OPD × position type.
 */

export interface CrossCell {
	/** Group in each breakdown, e.g. [opdId, positionType]. */
	groups: readonly [string, string];
	/** Population per measure; measure 0 counts everyone in the cell (see `plan.ts`). */
	pops: readonly number[];
}

export interface CrossRelease {
	/** Whether the overall figure may be shown. */
	total: boolean;
	/** Per breakdown: the groups that may be shown. Hidden groups are absent. */
	shown: [Set<string>, Set<string>];
}

// Plans by table contents: many indicators of a round share the same cell sizes.
const memo = new Map<string, CrossRelease>();
const MEMO_LIMIT = 5000;

/** Which parts of a two-way breakdown may be released so that nothing singles out < k people. */
export function releaseCross(cells: readonly CrossCell[], k: number): CrossRelease {
	const sorted = [...cells].sort((a, b) =>
		a.groups[0] === b.groups[0]
			? a.groups[1] < b.groups[1]
				? -1
				: 1
			: a.groups[0] < b.groups[0]
				? -1
				: 1
	);
	const key = `${k};${sorted.map((c) => `${c.groups[0]}|${c.groups[1]}:${c.pops.join('.')}`).join(',')}`;
	const hit = memo.get(key);
	if (hit) return hit;

	const aggregates: { cells: number[]; keep?: boolean }[] = [
		{ cells: sorted.map((_, i) => i), keep: true }
	];
	const index: [Map<string, number>, Map<string, number>] = [new Map(), new Map()];
	sorted.forEach((c, i) => {
		for (const d of [0, 1] as const) {
			let a = index[d].get(c.groups[d]);
			if (a === undefined) {
				a = aggregates.length;
				index[d].set(c.groups[d], a);
				aggregates.push({ cells: [] });
			}
			aggregates[a].cells.push(i);
		}
	});
	const table: DisclosureTable = { cells: sorted, aggregates };
	const released = planRelease(table, k);
	const result: CrossRelease = {
		total: released[0],
		shown: [
			new Set([...index[0]].filter(([, a]) => released[a]).map(([g]) => g)),
			new Set([...index[1]].filter(([, a]) => released[a]).map(([g]) => g))
		]
	};
	if (memo.size >= MEMO_LIMIT) memo.clear();
	memo.set(key, result);
	return result;
}
