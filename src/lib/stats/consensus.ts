/**
 * Consensus statistics for 1–5 ratings, computed from counts per score.
 *
 * Working from counts (not from individual ballots) keeps every figure exact and cheap: the
 * database returns at most six numbers per indicator, criterion and group (counts of 1…5 and of
 * "cannot judge"), whatever the number of raters.
 *
 * Quartile method: Hyndman & Fan type 7 (linear interpolation between order statistics at
 * h = (n − 1)·p), which is R's default, NumPy's default and Excel's QUARTILE.INC. With it the
 * median is the usual median (mean of the two middle ratings when n is even) and every quartile
 * lies between the lowest and the highest rating given.
 *
 * Percentages (agreement, disagreement, polarisation) are shares of the raters who gave a score:
 * "cannot judge" is reported beside them but is neither for nor against.
 */

export const SCORES = [1, 2, 3, 4, 5] as const;
export type Score = (typeof SCORES)[number];

/** Counts of ratings 1…5 (index 0 holds the count of 1s) plus the "cannot judge" count. */
export interface ScoreCounts {
	counts: readonly [number, number, number, number, number];
	cannotJudge: number;
}

export interface Distribution {
	/** Raters who gave a score (1–5). */
	n: number;
	cannotJudge: number;
	counts: [number, number, number, number, number];
	/** null when nobody gave a score. */
	mean: number | null;
	median: number | null;
	q1: number | null;
	q3: number | null;
	iqr: number | null;
	/** Share (0–100) of scorers rating 4 or 5. */
	pctAgree: number;
	/** Share (0–100) of scorers rating 1 or 2. */
	pctDisagree: number;
	/** Both extremes hold at least the polarisation threshold: the mean would hide a split. */
	polarised: boolean;
}

/** The default polarisation signal: at least a quarter of scorers at each end of the scale. */
export const POLARISATION_PCT = 25;

export function emptyCounts(): ScoreCounts {
	return { counts: [0, 0, 0, 0, 0], cannotJudge: 0 };
}

/** Counts from a list of ratings; `null` stands for "cannot judge". For tests and small inputs. */
export function countsOf(ratings: readonly (Score | null)[]): ScoreCounts {
	const counts: [number, number, number, number, number] = [0, 0, 0, 0, 0];
	let cannotJudge = 0;
	for (const r of ratings) {
		if (r === null) cannotJudge++;
		else counts[r - 1]++;
	}
	return { counts, cannotJudge };
}

export function addCounts(a: ScoreCounts, b: ScoreCounts): ScoreCounts {
	return {
		counts: [
			a.counts[0] + b.counts[0],
			a.counts[1] + b.counts[1],
			a.counts[2] + b.counts[2],
			a.counts[3] + b.counts[3],
			a.counts[4] + b.counts[4]
		],
		cannotJudge: a.cannotJudge + b.cannotJudge
	};
}

function assertCounts(c: ScoreCounts): void {
	for (const x of [...c.counts, c.cannotJudge]) {
		if (!Number.isInteger(x) || x < 0) throw new RangeError(`invalid count ${x}`);
	}
}

/** The k-th smallest score (0-based) given counts per score. */
function orderStatistic(counts: readonly number[], k: number): number {
	let seen = 0;
	for (let i = 0; i < 5; i++) {
		seen += counts[i];
		if (k < seen) return i + 1;
	}
	throw new RangeError('order statistic out of range');
}

/** Type-7 quantile from counts: exact, O(5). */
export function quantile(counts: readonly number[], p: number): number | null {
	const n = counts.reduce((s, x) => s + x, 0);
	if (n === 0) return null;
	const h = (n - 1) * p;
	const lo = Math.floor(h);
	const a = orderStatistic(counts, lo);
	if (h === lo) return a;
	const b = orderStatistic(counts, lo + 1);
	return a + (h - lo) * (b - a);
}

/** Rounds away binary noise (e.g. 2.9999999) so that rule comparisons are exact on quarters. */
function clean(x: number): number {
	return Math.round(x * 1e9) / 1e9;
}

export function summarise(c: ScoreCounts, polarisationPct = POLARISATION_PCT): Distribution {
	assertCounts(c);
	const counts = [...c.counts] as [number, number, number, number, number];
	const n = counts.reduce((s, x) => s + x, 0);
	const agree = counts[3] + counts[4];
	const disagree = counts[0] + counts[1];
	const sum = counts.reduce((s, x, i) => s + x * (i + 1), 0);
	const q1 = quantile(counts, 0.25);
	const median = quantile(counts, 0.5);
	const q3 = quantile(counts, 0.75);
	return {
		n,
		cannotJudge: c.cannotJudge,
		counts,
		mean: n === 0 ? null : sum / n,
		median: median === null ? null : clean(median),
		q1: q1 === null ? null : clean(q1),
		q3: q3 === null ? null : clean(q3),
		iqr: q1 === null || q3 === null ? null : clean(q3 - q1),
		pctAgree: n === 0 ? 0 : (100 * agree) / n,
		pctDisagree: n === 0 ? 0 : (100 * disagree) / n,
		// Integer comparison so that exactly 25 % counts as polarised.
		polarised: n > 0 && agree * 100 >= polarisationPct * n && disagree * 100 >= polarisationPct * n
	};
}

/**
 * The pre-registered consensus rule (percentages 0–100). Fixed before rating opens.
 * `groupAware` names the breakdown whose every group must accept on its own.
 */
export interface ConsensusRule {
	minMedian: number;
	minAgreePct: number;
	maxDisagreePct: number;
	maxIqr: number;
	groupAware?: null | 'position_type' | 'opd';
}

/** Default: median ≥ 4, ≥ 70 % rating 4–5, < 15 % rating 1–2, IQR ≤ 1 (COMET Delphi practice). */
export const DEFAULT_RULE: ConsensusRule = {
	minMedian: 4,
	minAgreePct: 70,
	maxDisagreePct: 15,
	maxIqr: 1,
	groupAware: null
};

export type Decision = 'reached' | 'not_reached' | 'rejected';

/**
 * Applies the rule to one distribution.
 *
 * "rejected" (consensus against) is the mirror image of the rule on the 1–5 scale: median
 * ≤ 6 − minMedian, at least minAgreePct rating 1–2, fewer than maxDisagreePct rating 4–5, and
 * the same IQR bound. The disagreement bound is strict ("< 15 %"), as in the COMET rule.
 * Shares are compared with integers so that 70 % of 10 raters is exactly 7, not 6.999….
 */
export function decide(d: Distribution, rule: ConsensusRule): Decision {
	if (d.n === 0 || d.median === null || d.iqr === null) return 'not_reached';
	const agree = d.counts[3] + d.counts[4];
	const disagree = d.counts[0] + d.counts[1];
	const tight = d.iqr <= rule.maxIqr;
	if (
		tight &&
		d.median >= rule.minMedian &&
		agree * 100 >= rule.minAgreePct * d.n &&
		disagree * 100 < rule.maxDisagreePct * d.n
	) {
		return 'reached';
	}
	if (
		tight &&
		d.median <= 6 - rule.minMedian &&
		disagree * 100 >= rule.minAgreePct * d.n &&
		agree * 100 < rule.maxDisagreePct * d.n
	) {
		return 'rejected';
	}
	return 'not_reached';
}

/**
 * Decision for a whole indicator from its per-criterion decisions: reached only when every
 * criterion reaches consensus for it; rejected when the raters agree against it on any criterion
 * (an indicator agreed to be unmeasurable is rejected however relevant it is); otherwise not
 * reached.
 */
export function combineCriteria(decisions: readonly Decision[]): Decision {
	if (decisions.length === 0) return 'not_reached';
	if (decisions.some((d) => d === 'rejected')) return 'rejected';
	if (decisions.every((d) => d === 'reached')) return 'reached';
	return 'not_reached';
}

/**
 * Group-aware decision (after Pol.is): the overall decision stands only if every group accepts on
 * its own. Groups are given with their counts; a group with fewer than `k` scorers takes no part:
 * its aggregate is never shown, so it must not be able to decide the outcome visibly either (a
 * veto from a group of two would reveal how those two rated). Its raters still count overall.
 */
export function decideGroupAware(
	overall: ScoreCounts,
	groups: readonly ScoreCounts[],
	rule: ConsensusRule,
	k: number
): Decision {
	const total = decide(summarise(overall), rule);
	if (total !== 'reached') return total;
	for (const g of groups) {
		const d = summarise(g);
		if (d.n < k) continue;
		if (decide(d, rule) !== 'reached') return 'not_reached';
	}
	return 'reached';
}

/**
 * A sort key for "consensus strength": decision first (reached, then not reached, then
 * rejected), then agreement, then a tighter spread, then the higher median.
 */
export function compareStrength(
	a: { decision: Decision; dist: Distribution },
	b: { decision: Decision; dist: Distribution }
): number {
	const rank: Record<Decision, number> = { reached: 0, not_reached: 1, rejected: 2 };
	return (
		rank[a.decision] - rank[b.decision] ||
		b.dist.pctAgree - a.dist.pctAgree ||
		(a.dist.iqr ?? 5) - (b.dist.iqr ?? 5) ||
		(b.dist.median ?? 0) - (a.dist.median ?? 0)
	);
}

/** Delphi stability between two iterations of the same indicator and criterion. */
export interface Stability {
	/** Raters who took part in both iterations. */
	paired: number;
	/** How many of them changed their rating (including to or from "cannot judge"). */
	changed: number;
	/** Share (0–100) of paired ratings that changed. */
	pctChanged: number;
	medianShift: number | null;
	iqrShift: number | null;
	/** Conventional Delphi stop signal: < 15 % changed and the median did not move. */
	stable: boolean;
}

export const STABLE_MAX_CHANGED_PCT = 15;

export function stability(
	before: Distribution,
	after: Distribution,
	paired: number,
	changed: number
): Stability {
	if (changed > paired || changed < 0) throw new RangeError('changed must be within paired');
	const pctChanged = paired === 0 ? 0 : (100 * changed) / paired;
	const medianShift =
		before.median === null || after.median === null ? null : clean(after.median - before.median);
	const iqrShift = before.iqr === null || after.iqr === null ? null : clean(after.iqr - before.iqr);
	return {
		paired,
		changed,
		pctChanged,
		medianShift,
		iqrShift,
		stable: paired > 0 && changed * 100 < STABLE_MAX_CHANGED_PCT * paired && medianShift === 0
	};
}
