/**
 * The thresholds of the disclosure gate — their one home. Every figure about people passes the
 * gate in `$lib/disclosure` (pure) and `$lib/server/disclosure` (wiring); nothing else compares a
 * group's size with k or with the free-text threshold.
 */

/** Default minimum group size k for a round or survey (facilitators may raise it). */
export const DEFAULT_MIN_GROUP_SIZE = 5;

/** The smallest k a facilitator may set: below three, "the others" are one or two colleagues. */
export const MIN_GROUP_SIZE_FLOOR = 3;

/** Free-text answers are shown only when at least this many people answered (DESIGN.md). */
export const MIN_FREE_TEXT_GROUP = 10;

/** Whether one figure over `n` people may be shown on its own: nobody, or at least k people. */
export function countReleasable(n: number, k: number): boolean {
	return n === 0 || n >= k;
}

/** Whether free text written by `n` people may be shown (k applies too when it is larger). */
export function freeTextReleasable(n: number, k: number): boolean {
	return n >= Math.max(MIN_FREE_TEXT_GROUP, k);
}
