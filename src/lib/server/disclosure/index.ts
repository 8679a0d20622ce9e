/**
 * The disclosure gate: every page, export and API response that shows a figure about people asks
 * here first. The pure checker lives in `$lib/disclosure`; this folder holds the thresholds' one
 * home (re-exported) and the adapters that turn each domain's counts into a checked release.
 * Participation counts during a round have their own rules in `./participation`.
 */
export {
	DEFAULT_MIN_GROUP_SIZE,
	MIN_GROUP_SIZE_FLOOR,
	MIN_FREE_TEXT_GROUP,
	countReleasable,
	freeTextReleasable,
	planRelease,
	findLeak,
	releaseCross,
	type CrossCell,
	type CrossRelease,
	type DisclosureTable
} from '$lib/disclosure';
export { releaseRatings, type RatingCells } from './ratings';
export { releaseSurvey, type SurveyCellInput } from './surveys';
