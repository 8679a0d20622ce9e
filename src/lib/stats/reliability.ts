/**
 * Cronbach's alpha of a set of items: k/(k−1) · (1 − Σ var(item) / var(total)).
 * `rows` are respondents, each an array of the same k item scores (complete cases only).
 * Returns null when it is undefined: fewer than two items, fewer than two respondents, or no
 * variance in the total score (everyone gave the same total).
 */
export function cronbachAlpha(rows: number[][]): number | null {
	const n = rows.length;
	if (n < 2) return null;
	const k = rows[0].length;
	if (k < 2 || rows.some((r) => r.length !== k)) return null;
	let itemVariances = 0;
	for (let j = 0; j < k; j++) itemVariances += variance(rows.map((r) => r[j]));
	const totalVariance = variance(rows.map((r) => r.reduce((a, b) => a + b, 0)));
	if (totalVariance === 0) return null;
	return (k / (k - 1)) * (1 - itemVariances / totalVariance);
}

/** Sample variance (n − 1); the ratio in alpha is the same with either denominator. */
export function variance(values: number[]): number {
	const n = values.length;
	if (n < 2) return 0;
	const mean = values.reduce((a, b) => a + b, 0) / n;
	return values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
}
