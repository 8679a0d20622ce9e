/**
 * Pure statistics for the fairness survey: Likert summaries. Which of them may be shown is the
 * disclosure gate's decision (`$lib/server/disclosure`). No database, no Svelte.
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
