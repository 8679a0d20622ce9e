import { releaseCross, type CrossCell, type CrossRelease } from '$lib/disclosure';
import type { ScoreCounts } from '$lib/stats/consensus';

/** One indicator in one iteration: cell "opdId|positionType" → criterion → counts per score. */
export type RatingCells = ReadonlyMap<string, ReadonlyMap<string, ScoreCounts>>;

/**
 * What of one indicator's ratings in one iteration may be shown: the overall figures, and which
 * OPDs and position types. A group counts, per criterion, the people who gave a score ("cannot
 * judge" is not a score); measure 0 counts everyone who rated. One release serves every criterion,
 * so a group is shown on all of them or on none.
 */
export function releaseRatings(
	cells: RatingCells,
	criteria: readonly string[],
	k: number
): CrossRelease {
	const list: CrossCell[] = [];
	for (const [key, byCrit] of cells) {
		const [opd, positionType] = key.split('|');
		let raters = 0;
		const scored = criteria.map((c) => {
			const counts = byCrit.get(c);
			if (!counts) return 0;
			const n = counts.counts.reduce((s, x) => s + x, 0);
			raters = Math.max(raters, n + counts.cannotJudge);
			return n;
		});
		if (raters > 0) list.push({ groups: [opd, positionType], pops: [raters, ...scored] });
	}
	return releaseCross(list, k);
}
