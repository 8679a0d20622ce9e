import { releaseCross, type CrossCell, type CrossRelease } from '$lib/disclosure';

/** One survey response as the gate sees it: its stored groups and which dimensions it answered. */
export interface SurveyCellInput {
	opd: string;
	positionType: string;
	/** Per Likert dimension, whether the respondent answered at least one of its items. */
	answered: readonly boolean[];
}

/**
 * What of a survey's results may be shown: the overall figures, and which OPDs and position types.
 * Measure 0 counts every respondent; measure j + 1 those who answered dimension j (a skipped
 * dimension is not an answer, as "cannot judge" is not a score in the ratings).
 */
export function releaseSurvey(responses: readonly SurveyCellInput[], k: number): CrossRelease {
	const cells = new Map<string, CrossCell & { pops: number[] }>();
	for (const r of responses) {
		const key = `${r.opd}|${r.positionType}`;
		let cell = cells.get(key);
		if (!cell) {
			cell = { groups: [r.opd, r.positionType], pops: [0, ...r.answered.map(() => 0)] };
			cells.set(key, cell);
		}
		cell.pops[0]++;
		r.answered.forEach((a, j) => {
			if (a) cell.pops[j + 1]++;
		});
	}
	return releaseCross([...cells.values()], k);
}
