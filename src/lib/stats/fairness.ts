/**
 * Pure statistics for the fairness survey: Likert summaries and the small-group rules that
 * decide which aggregates may be shown. No database, no Svelte — shared by server and tests.
 */

export const LIKERT_SCORES = [1, 2, 3, 4, 5] as const;

export interface LikertSummary {
	/** Respondents counted. */
	n: number;
	/** Mean of the respondents' dimension scores (each the mean of their items), 1–5. */
	mean: number;
	/** How many item answers gave 1, 2, 3, 4, 5 (index 0 is score 1). */
	distribution: [number, number, number, number, number];
	/** Share of item answers at 4 or 5. */
	favourable: number;
}

/** Summarises one dimension: `answers[r]` holds respondent r's item scores for it. */
export function summariseLikert(answers: number[][]): LikertSummary | null {
	const rows = answers.filter((r) => r.length > 0);
	if (rows.length === 0) return null;
	const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
	let sumOfMeans = 0;
	let items = 0;
	for (const r of rows) {
		sumOfMeans += r.reduce((a, b) => a + b, 0) / r.length;
		for (const v of r) {
			distribution[v - 1]++;
			items++;
		}
	}
	return {
		n: rows.length,
		mean: sumOfMeans / rows.length,
		distribution,
		favourable: (distribution[3] + distribution[4]) / items
	};
}

export interface GroupCount {
	key: string;
	n: number;
}

export interface Partition {
	/** e.g. 'opd' or 'positionType'. */
	name: string;
	/** Every group of respondents, together covering them all (an "unknown" group included). */
	groups: GroupCount[];
}

export interface SuppressionInput {
	total: number;
	partitions: Partition[];
	/** Respondents in group a of partition 0 and group b of partition 1 ("a|b" → n), for nesting. */
	cross?: Map<string, number>;
	k: number;
}

export interface SuppressionDecision {
	overallShown: boolean;
	/** partition name → keys of groups whose aggregates may be shown. */
	shown: Record<string, Set<string>>;
}

/**
 * Decides which group aggregates may be published.
 *
 * 1. Primary: a group with fewer than k respondents is hidden.
 * 2. Complementary, per partition: the hidden groups of a partition add up to
 *    total − Σ shown, so together they must hold 0 or at least k respondents. More groups are
 *    hidden (smallest first) until they do. When that would hide every group of the partition,
 *    the overall figure is hidden instead — and then every other partition is hidden whole,
 *    since any fully shown partition would give the overall back.
 * 3. Nesting across the two breakdowns: if every respondent of a shown group B lies in a shown
 *    group A, then A − B is the sum over A's other respondents; when they are fewer than k, B is
 *    hidden. Steps 2–3 repeat until nothing changes.
 */
export function decideSuppression(input: SuppressionInput): SuppressionDecision {
	const { total, partitions, k } = input;
	const shown: Record<string, Set<string>> = {};
	for (const p of partitions) shown[p.name] = new Set();
	if (total < k) return { overallShown: false, shown };

	for (const p of partitions) {
		for (const g of p.groups) if (g.n >= k) shown[p.name].add(g.key);
	}
	let overallShown = true;
	let keeper: string | null = null;

	for (let changed = true, guard = 0; changed && guard < 1000; guard++) {
		changed = false;
		for (const p of partitions) {
			if (!overallShown && p.name !== keeper) {
				if (shown[p.name].size) {
					shown[p.name].clear();
					changed = true;
				}
				continue;
			}
			const set = shown[p.name];
			const hiddenN = () => p.groups.filter((g) => !set.has(g.key)).reduce((a, g) => a + g.n, 0);
			if (!overallShown) continue; // the keeper: its hidden groups cannot be derived without the total
			let residual = hiddenN();
			if (residual === 0 || residual >= k) continue;
			const candidates = p.groups.filter((g) => set.has(g.key)).sort((a, b) => a.n - b.n);
			const needed: string[] = [];
			for (const c of candidates) {
				if (residual >= k) break;
				needed.push(c.key);
				residual += c.n;
			}
			if (needed.length < set.size) {
				for (const key of needed) set.delete(key);
			} else {
				overallShown = false;
				keeper = p.name;
			}
			changed = true;
		}
		if (overallShown && input.cross && partitions.length === 2) {
			const [a, b] = partitions;
			for (const ga of a.groups) {
				if (!shown[a.name].has(ga.key)) continue;
				for (const gb of b.groups) {
					if (!shown[b.name].has(gb.key)) continue;
					const both = input.cross.get(`${ga.key}|${gb.key}`) ?? 0;
					if (both === gb.n && ga.n - gb.n > 0 && ga.n - gb.n < k) {
						shown[b.name].delete(gb.key);
						changed = true;
					} else if (both === ga.n && gb.n - ga.n > 0 && gb.n - ga.n < k) {
						shown[a.name].delete(ga.key);
						changed = true;
						break;
					}
				}
			}
		}
	}
	return { overallShown, shown };
}
