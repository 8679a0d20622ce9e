/**
 * Exact linear algebra for the disclosure checker (see `plan.ts` for what it decides and
 * README "Privacy" for the guarantee).
 *
 * A released figure is the sum of some cells' data, so it is a 0/1 row over the cells. What an
 * attacker can compute by adding and subtracting released figures with any coefficients is the
 * row space R of those rows. With Z a basis of the null space of the row matrix, a functional v
 * over the cells lies in R exactly when Σ_c v_c·Z_c = 0, where Z_c is row c of Z — the cell's
 * "signature". So a nonzero functional confined to a set U of cells is derivable exactly when the
 * signatures of U are linearly dependent; this is what the circuit search below looks for.
 */

/** Integer arithmetic used by the elimination: plain numbers while exact, else BigInt. */
interface Ring<T> {
	zero: T;
	one: T;
	from(n: number): T;
	isZero(a: T): boolean;
	/** (a·b − c·d) / e, where the division is known to be exact. */
	det2(a: T, b: T, c: T, d: T, e: T): T;
	neg(a: T): T;
	mod(a: T, p: number): number;
}

class Overflow extends Error {}

const numberRing: Ring<number> = {
	zero: 0,
	one: 1,
	from: (n) => n,
	isZero: (a) => a === 0,
	det2(a, b, c, d, e) {
		const x = a * b - c * d;
		if (!Number.isSafeInteger(x)) throw new Overflow();
		const q = x / e;
		// Bareiss divisions are exact; anything else means the numbers were no longer exact.
		if (!Number.isSafeInteger(q)) throw new Overflow();
		return q;
	},
	neg: (a) => -a || 0,
	mod: (a, p) => ((a % p) + p) % p
};

const bigRing: Ring<bigint> = {
	zero: 0n,
	one: 1n,
	from: (n) => BigInt(n),
	isZero: (a) => a === 0n,
	det2(a, b, c, d, e) {
		const x = a * b - c * d;
		if (x % e !== 0n) throw new Error('inexact Bareiss division');
		return x / e;
	},
	neg: (a) => -a,
	mod: (a, p) => Number(((a % BigInt(p)) + BigInt(p)) % BigInt(p))
};

/** The null-space signature of each column, reduced modulo `SIGNATURE_PRIME`, sparse. */
export interface Signatures {
	rank: number;
	/** Per column: coordinate → nonzero residue. */
	columns: Map<number, number>[];
}

/**
 * Below 2^26, so a product of two residues stays below 2^52 and is exact in a double. Reducing
 * the exact integer signatures modulo a prime can only make sets look dependent that are not
 * (never the reverse), so the residues can only make the checker suppress more, never less.
 */
export const SIGNATURE_PRIME = 67108859;

/**
 * Exact null-space signatures of a 0/1 matrix given as rows of set column indices.
 *
 * `unimodular`: the caller vouches that the matrix is totally unimodular (every minor 0 or ±1),
 * which holds for the rows of two laminar families of cell sets (`plan.ts` checks this). Then no
 * nonzero minor is divisible by the prime, so elimination modulo it has exactly the rational rank
 * and null space, and it is fast. Otherwise fraction-free Gauss–Jordan elimination (Bareiss):
 * every intermediate entry is a minor of the matrix, so the divisions are exact and nothing is
 * rounded — in doubles while they stay safe integers, else in BigInt.
 */
export function nullSignatures(
	rows: readonly (readonly number[])[],
	width: number,
	unimodular = false
): Signatures {
	if (unimodular) return eliminateModular(rows, width);
	try {
		return eliminate(numberRing, rows, width);
	} catch (e) {
		if (e instanceof Overflow) return eliminate(bigRing, rows, width);
		throw e;
	}
}

function eliminateModular(rows: readonly (readonly number[])[], width: number): Signatures {
	const p = SIGNATURE_PRIME;
	const a = rows.map((cols) => {
		const v = new Float64Array(width);
		for (const c of cols) v[c] = 1;
		return v;
	});
	const pivotCols: number[] = [];
	let r = 0;
	for (let col = 0; col < width && r < a.length; col++) {
		let i = r;
		while (i < a.length && a[i][col] === 0) i++;
		if (i === a.length) continue;
		[a[i], a[r]] = [a[r], a[i]];
		const pr = a[r];
		const inv = modInverse(pr[col], p);
		if (inv !== 1) for (let j = col; j < width; j++) pr[j] = (pr[j] * inv) % p;
		for (let i2 = 0; i2 < a.length; i2++) {
			const row = a[i2];
			const f = row[col];
			if (i2 === r || f === 0) continue;
			for (let j = col; j < width; j++) {
				if (pr[j] !== 0) row[j] = (row[j] - ((f * pr[j]) % p) + p) % p;
			}
		}
		pivotCols.push(col);
		r++;
	}
	const rank = pivotCols.length;
	const isPivot = new Array<boolean>(width).fill(false);
	for (const c of pivotCols) isPivot[c] = true;
	const columns: Map<number, number>[] = Array.from({ length: width }, () => new Map());
	let fi = 0;
	for (let f = 0; f < width; f++) {
		if (isPivot[f]) continue;
		columns[f].set(fi, 1);
		for (let i = 0; i < rank; i++) {
			const v = a[i][f];
			if (v !== 0) columns[pivotCols[i]].set(fi, p - v);
		}
		fi++;
	}
	return { rank, columns };
}

function eliminate<T>(R: Ring<T>, rows: readonly (readonly number[])[], width: number): Signatures {
	const a: T[][] = rows.map((cols) => {
		const v = new Array<T>(width).fill(R.zero);
		for (const c of cols) v[c] = R.one;
		return v;
	});
	const pivotCols: number[] = [];
	let prev = R.one;
	let r = 0;
	for (let col = 0; col < width && r < a.length; col++) {
		let i = r;
		while (i < a.length && R.isZero(a[i][col])) i++;
		if (i === a.length) continue;
		[a[i], a[r]] = [a[r], a[i]];
		const pr = a[r];
		const piv = pr[col];
		for (let i2 = 0; i2 < a.length; i2++) {
			if (i2 === r) continue;
			const row = a[i2];
			const f = row[col];
			for (let j = 0; j < width; j++) {
				// Rows below and above the pivot alike: Gauss–Jordan keeps every row a ratio of minors.
				row[j] = R.det2(piv, row[j], f, pr[j], prev);
			}
		}
		prev = piv;
		pivotCols.push(col);
		r++;
	}
	// Each pivot row i now reads d·x_{p_i} + Σ_f a[i][f]·x_f with the same d for every row, so the
	// null space has, for each free column f, the vector z with z_f = d and z_{p_i} = −a[i][f].
	const rank = pivotCols.length;
	const isPivot = new Array<boolean>(width).fill(false);
	for (const p of pivotCols) isPivot[p] = true;
	const free: number[] = [];
	for (let c = 0; c < width; c++) if (!isPivot[c]) free.push(c);
	const d = rank > 0 ? a[0][pivotCols[0]] : R.one;
	const columns: Map<number, number>[] = Array.from({ length: width }, () => new Map());
	free.forEach((f, fi) => {
		const dm = R.mod(d, SIGNATURE_PRIME);
		if (dm !== 0) columns[f].set(fi, dm);
		for (let i = 0; i < rank; i++) {
			const v = R.mod(R.neg(a[i][f]), SIGNATURE_PRIME);
			if (v !== 0) columns[pivotCols[i]].set(fi, v);
		}
	});
	return { rank, columns };
}

/** A set of cells on which some nonzero derivable functional lives, and the search effort spent. */
export interface Circuit {
	cells: number[];
	/** True when the search stopped at its budget: treated as a leak, so it errs towards hiding. */
	budgetExceeded: boolean;
}

/** Upper bound on search steps per check; reaching it counts as a leak (suppress more). */
export const SEARCH_BUDGET = 200_000;

/**
 * Finds a set U of cells with 0 < Σ pop(U) < k whose signatures are linearly dependent — i.e. a
 * nonzero derivable functional confined to fewer than k people — or null when none exists.
 *
 * Exhaustive over the cells with 0 < pop < k: a minimal dependent set (a circuit) is "connected"
 * (it cannot split into two parts with disjoint signature supports, or each part would be dependent
 * on its own), so growing sets only by cells that share a signature coordinate with the set reaches
 * every circuit. Populations are ≥ 1, so sets have fewer than k cells.
 */
export function findSmallCircuit(
	sig: Signatures,
	pop: readonly number[],
	k: number,
	only?: readonly number[]
): Circuit | null {
	const small = (only ?? pop.map((_, c) => c)).filter((c) => pop[c] > 0 && pop[c] < k);
	for (const c of small)
		if (sig.columns[c].size === 0) return { cells: [c], budgetExceeded: false };
	const byCoord = new Map<number, number[]>();
	for (const c of small) {
		for (const f of sig.columns[c].keys()) {
			const list = byCoord.get(f);
			if (list) list.push(c);
			else byCoord.set(f, [c]);
		}
	}
	const seen = new Set<string>();
	let steps = 0;
	let found: Circuit | null = null;

	type Basis = { pivot: number; v: Map<number, number> }[];
	const reduce = (basis: Basis, v0: Map<number, number>) => {
		const v = new Map(v0);
		for (const b of basis) {
			const f = v.get(b.pivot);
			if (!f) continue;
			for (const [j, x] of b.v) {
				const y =
					((v.get(j) ?? 0) - ((f * x) % SIGNATURE_PRIME) + SIGNATURE_PRIME) % SIGNATURE_PRIME;
				if (y === 0) v.delete(j);
				else v.set(j, y);
			}
		}
		return v;
	};
	const normalise = (v: Map<number, number>) => {
		const pivot = Math.min(...v.keys());
		const inv = modInverse(v.get(pivot)!, SIGNATURE_PRIME);
		const out = new Map<number, number>();
		for (const [j, x] of v) out.set(j, (x * inv) % SIGNATURE_PRIME);
		return { pivot, v: out };
	};

	const grow = (set: number[], basis: Basis, support: Set<number>, people: number): boolean => {
		if (++steps > SEARCH_BUDGET) {
			found = { cells: [...set], budgetExceeded: true };
			return true;
		}
		const next = new Set<number>();
		for (const f of support) for (const c of byCoord.get(f) ?? []) next.add(c);
		for (const c of next) {
			if (set.includes(c) || people + pop[c] >= k) continue;
			const cells = [...set, c].sort((x, y) => x - y);
			const key = cells.join(',');
			if (seen.has(key)) continue;
			seen.add(key);
			const rest = reduce(basis, sig.columns[c]);
			if (rest.size === 0) {
				found = { cells, budgetExceeded: false };
				return true;
			}
			const nextSupport = new Set(support);
			for (const f of sig.columns[c].keys()) nextSupport.add(f);
			if (grow(cells, [...basis, normalise(rest)], nextSupport, people + pop[c])) return true;
		}
		return false;
	};

	for (const c of small) {
		const key = String(c);
		if (seen.has(key)) continue;
		seen.add(key);
		if (grow([c], [normalise(sig.columns[c])], new Set(sig.columns[c].keys()), pop[c])) break;
	}
	return found;
}

function modInverse(a: number, p: number): number {
	// Fermat: a^(p−2) mod p, every product below 2^52.
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
