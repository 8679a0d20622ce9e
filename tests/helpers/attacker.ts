import type { DisclosureTable } from '$lib/disclosure/plan';
import type { CrossCell, CrossRelease } from '$lib/disclosure/cross';

/**
 * A brute-force attacker for the disclosure tests: adds and subtracts every subset of the
 * released figures (coefficients −1, 0, +1) and reports a combination that lives on fewer than k
 * people of some measure (cells holding nobody of that measure are known zeros), or null.
 * Independent of the checker: no linear algebra, just enumeration.
 */
export function attack(
	table: DisclosureTable,
	released: readonly boolean[],
	k: number
): { measure: number; coefficients: number[] } | null {
	const rows = table.aggregates.filter((_, i) => released[i]).map((a) => a.cells);
	const measures = Math.max(0, ...table.cells.map((c) => c.pops.length));
	const v = new Array<number>(table.cells.length).fill(0);
	const coefficients = new Array<number>(rows.length).fill(0);
	let found: { measure: number; coefficients: number[] } | null = null;
	const leaf = () => {
		for (let m = 0; m < measures; m++) {
			let people = 0;
			for (let c = 0; c < v.length; c++) {
				const n = table.cells[c].pops[m] ?? 0;
				if (v[c] !== 0 && n > 0) people += n;
			}
			if (people > 0 && people < k) return m;
		}
		return -1;
	};
	const walk = (i: number): boolean => {
		if (i === rows.length) {
			const m = leaf();
			if (m >= 0) found = { measure: m, coefficients: [...coefficients] };
			return m >= 0;
		}
		for (const s of [0, 1, -1]) {
			coefficients[i] = s;
			if (s) for (const c of rows[i]) v[c] += s;
			const stop = walk(i + 1);
			if (s) for (const c of rows[i]) v[c] -= s;
			if (stop) return true;
		}
		coefficients[i] = 0;
		return false;
	};
	walk(0);
	return found;
}

/** The table (total, first breakdown, second breakdown) and the flags a cross release implies. */
export function crossAggregates(
	cells: readonly CrossCell[],
	release: CrossRelease
): { table: DisclosureTable; released: boolean[] } {
	const aggregates: { cells: number[] }[] = [{ cells: cells.map((_, i) => i) }];
	const released = [release.total];
	for (const d of [0, 1] as const) {
		const groups = [...new Set(cells.map((c) => c.groups[d]))];
		for (const g of groups) {
			aggregates.push({ cells: cells.flatMap((c, i) => (c.groups[d] === g ? [i] : [])) });
			released.push(release.shown[d].has(g));
		}
	}
	return { table: { cells, aggregates }, released };
}
