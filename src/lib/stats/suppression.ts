/**
 * Small-group suppression for breakdowns of results (by unit, by position type, …).
 *
 * The promise: nobody can read the ratings of fewer than k people from what is shown, neither
 * directly nor by subtracting shown aggregates from one another. Three rules, applied until
 * nothing changes:
 *
 * 1. Primary: a group with 0 < n < k raters is suppressed; so is the total when it has < k.
 * 2. Complementary, within one breakdown: the suppressed groups of a breakdown can always be
 *    recovered *together* as total − shown groups. So if any group is suppressed, at least two
 *    are, and together they hold at least k raters; the smallest shown groups are added until
 *    that holds. This closes the "exactly one suppressed group" hole (total − the rest = it).
 * 3. Across breakdowns: two breakdowns of the same raters cut them into cells (unit × position
 *    type). A small cell or a primary-suppressed group can be recovered by a linear combination of
 *    shown aggregates (e.g. "position type P" − "unit U" when P's raters are all in U except one).
 *    For every such target we test exactly whether its cell vector lies in the linear span of the
 *    shown aggregates' cell vectors, and if it does we suppress more groups until it does not.
 *
 * Groups with no raters are "empty": there is nothing to protect and nothing to subtract.
 *
 * What this does not promise (documented, inherent to publishing any aggregate): a shown group in
 * which everyone gave the same score reveals each member's score (homogeneity), and differences
 * between two small cells may remain in the span when neither cell does on its own.
 */

export type GroupStatus = 'shown' | 'primary' | 'complementary' | 'empty';

/** One cell of the cross-tabulation: the group it belongs to in each breakdown, and its raters. */
export interface Cell {
	groups: readonly string[];
	n: number;
}

export interface SuppressionPlan {
	k: number;
	totalShown: boolean;
	total: number;
	/** Per breakdown: each group's status and size (the size is only for the server). */
	dims: Map<string, { status: GroupStatus; n: number }>[];
}

/** Groups are keyed by dimension index and id; cells by their index in the input. */
interface GroupRef {
	dim: number;
	id: string;
	n: number;
	cells: number[];
}

export function planSuppression(
	cells: readonly Cell[],
	dimensionCount: number,
	k: number
): SuppressionPlan {
	if (!Number.isInteger(k) || k < 1) throw new RangeError('k must be a positive integer');
	for (const c of cells) {
		if (c.groups.length !== dimensionCount) throw new RangeError('cell/dimension mismatch');
		if (!Number.isInteger(c.n) || c.n < 0) throw new RangeError(`invalid count ${c.n}`);
	}
	const live = cells.map((c, i) => ({ ...c, i })).filter((c) => c.n > 0);
	const total = live.reduce((s, c) => s + c.n, 0);

	const groups: GroupRef[][] = [];
	for (let d = 0; d < dimensionCount; d++) {
		const byId = new Map<string, GroupRef>();
		for (const c of cells) {
			if (!byId.has(c.groups[d]))
				byId.set(c.groups[d], { dim: d, id: c.groups[d], n: 0, cells: [] });
		}
		for (const c of live) {
			const g = byId.get(c.groups[d])!;
			g.n += c.n;
			g.cells.push(c.i);
		}
		groups.push([...byId.values()]);
	}

	const status = new Map<GroupRef, GroupStatus>();
	for (const dim of groups) {
		for (const g of dim) status.set(g, g.n === 0 ? 'empty' : g.n < k ? 'primary' : 'shown');
	}

	const totalShown = total === 0 || total >= k;
	if (!totalShown) {
		// Nothing may be shown: every non-empty group is below k anyway (it is part of the total).
		return finish();
	}

	const complementWithinDims = () => {
		for (const dim of groups) {
			for (;;) {
				const hidden = dim.filter(
					(g) => status.get(g) === 'primary' || status.get(g) === 'complementary'
				);
				if (hidden.length === 0) break;
				const hiddenN = hidden.reduce((s, g) => s + g.n, 0);
				if (hidden.length >= 2 && hiddenN >= k) break;
				const candidates = dim
					.filter((g) => status.get(g) === 'shown')
					.sort((a, b) => a.n - b.n || a.id.localeCompare(b.id));
				if (candidates.length === 0) break; // everything in this breakdown is hidden
				status.set(candidates[0], 'complementary');
			}
		}
	};

	complementWithinDims();

	if (dimensionCount >= 2) {
		// Targets: cells too small to show and groups too small to show.
		const targets: number[][] = live.filter((c) => c.n < k).map((c) => [c.i]);
		for (const dim of groups) {
			for (const g of dim) if (status.get(g) === 'primary') targets.push(g.cells);
		}
		const shownVectors = () => {
			const rows: number[][] = [];
			if (total > 0) rows.push(live.map((c) => c.i));
			for (const dim of groups)
				for (const g of dim) if (status.get(g) === 'shown') rows.push(g.cells);
			return rows;
		};
		const columnOf = new Map(live.map((c, j) => [c.i, j]));
		const width = live.length;
		const exposed = (target: number[]) =>
			inSpan(
				shownVectors().map((r) => r.map((i) => columnOf.get(i)!)),
				target.map((i) => columnOf.get(i)!),
				width
			);

		for (let guard = 0; guard < 10_000; guard++) {
			const target = targets.find(exposed);
			if (!target) break;
			const inTarget = new Set(target);
			const containing = groups
				.flat()
				.filter((g) => status.get(g) === 'shown' && g.cells.some((i) => inTarget.has(i)))
				.sort((a, b) => a.n - b.n || a.dim - b.dim || a.id.localeCompare(b.id));
			const all = groups.flat().filter((g) => status.get(g) === 'shown');
			const pool = containing.length > 0 ? containing : all;
			if (pool.length === 0) break; // only the total is shown; it is ≥ k and ≠ the target
			// Prefer the smallest single suppression that takes the target out of reach.
			let chosen = pool[0];
			for (const g of pool) {
				const saved = new Map(status);
				status.set(g, 'complementary');
				complementWithinDims();
				const ok = !exposed(target);
				for (const [key, v] of saved) status.set(key, v);
				if (ok) {
					chosen = g;
					break;
				}
			}
			status.set(chosen, 'complementary');
			complementWithinDims();
		}
	}

	return finish();

	function finish(): SuppressionPlan {
		return {
			k,
			total,
			totalShown,
			dims: groups.map(
				(dim) =>
					new Map(
						dim.map((g) => [
							g.id,
							{
								status: totalShown ? status.get(g)! : g.n === 0 ? 'empty' : 'primary',
								n: g.n
							}
						])
					)
			)
		};
	}
}

/** Whether the group may be shown under the plan (empty groups have nothing to show). */
export function isShown(plan: SuppressionPlan, dim: number, id: string): boolean {
	return plan.dims[dim]?.get(id)?.status === 'shown';
}

/**
 * Exact test whether `target` (a 0/1 vector given by its set columns) is a linear combination of
 * `rows` (likewise), by Gaussian elimination modulo two large primes. Rank over a prime field can
 * only differ from the rank over the rationals for primes dividing a minor; checking two primes and
 * reporting "in span" if either says so errs, if ever, towards suppressing more.
 */
export function inSpan(rows: number[][], target: number[], width: number): boolean {
	return PRIMES.some((p) => inSpanMod(rows, target, width, p));
}

// Both below 2^26, so a product of two residues stays below 2^53 and is exact in a double.
const PRIMES = [67108859, 67108837];

function inSpanMod(rows: number[][], target: number[], width: number, p: number): boolean {
	const dense = (cols: number[]) => {
		const v = new Array<number>(width).fill(0);
		for (const c of cols) v[c] = 1;
		return v;
	};
	const basis: { pivot: number; v: number[] }[] = [];
	const reduce = (v: number[]) => {
		for (const b of basis) {
			const f = v[b.pivot];
			if (f !== 0) {
				for (let j = 0; j < width; j++) {
					if (b.v[j] !== 0) v[j] = (v[j] - ((f * b.v[j]) % p) + p) % p;
				}
			}
		}
		return v;
	};
	for (const r of rows) {
		const v = reduce(dense(r));
		const pivot = v.findIndex((x) => x !== 0);
		if (pivot < 0) continue;
		const inv = modInverse(v[pivot], p);
		for (let j = 0; j < width; j++) v[j] = (v[j] * inv) % p;
		// Keep the basis fully reduced so that a single pass reduces any vector.
		for (const b of basis) {
			const f = b.v[pivot];
			if (f !== 0) {
				for (let j = 0; j < width; j++) {
					if (v[j] !== 0) b.v[j] = (b.v[j] - ((f * v[j]) % p) + p) % p;
				}
			}
		}
		basis.push({ pivot, v });
	}
	return reduce(dense(target)).every((x) => x === 0);
}

function modInverse(a: number, p: number): number {
	// Fermat: a^(p-2) mod p, with products kept exact (< 2^53).
	let result = 1;
	let base = a % p;
	let e = p - 2;
	while (e > 0) {
		if (e & 1) result = (result * base) % p;
		base = (base * base) % p;
		e = Math.floor(e / 2);
	}
	return result;
}
