import { PHASES, type Phase } from './phases';

/**
 * Which action on a consultation round is allowed in which phase, and for whom: the one home of
 * that rule (STYLE.md habit 13). The server's entry point (`$lib/server/rounds/access`) decides
 * with it, and pages take their "can I…" flags from it, so a button and the action behind it
 * cannot disagree. Pure: no database, usable on both sides.
 */
export const ROUND_ACTIONS = [
	/** Open the round and its proposals. */
	'view',
	'propose',
	/** Revise or withdraw one's own proposal. */
	'revise',
	'withdraw',
	/** Join (or leave) someone else's proposal. */
	'support',
	'comment',
	/** Correct one's own comment (within the edit window, a rule of the discussion itself). */
	'edit_comment',
	/** Flag a comment for the facilitator. */
	'report',
	/** Hide a comment or dismiss its reports. */
	'moderate',
	/** Shortlist or not shortlist a proposal, with a reason. */
	'decide',
	/** Post the official response on a proposal. */
	'respond',
	'merge',
	/** Change the round's settings (title, scope, schedule, criteria). */
	'edit',
	/** Move the round to its next phase by hand. */
	'advance',
	'rate',
	/** Watch participation and stability while rating runs and after. */
	'monitor_rating',
	/** Open a Delphi iteration or close rating. */
	'manage_rating',
	'view_results',
	/** Draft the adoption of a published round's results as official criteria. */
	'adopt',
	/** Approve (or return) such an adoption. */
	'approve',
	/** Add or remove the round's other facilitators. */
	'assign_facilitators'
] as const;
export type RoundAction = (typeof ROUND_ACTIONS)[number];

/**
 * What a person is to one round (a person may be several): `participant` is in its scope,
 * `author` wrote the proposal or comment acted on, `creator` created the round, `facilitator` is
 * one of its facilitators (the creator or one added), `leader` is a leader whose units cover the
 * round's scope, `admin` holds the admin role.
 */
export const STANDINGS = [
	'participant',
	'author',
	'creator',
	'facilitator',
	'leader',
	'admin'
] as const;
export type Standing = (typeof STANDINGS)[number];

const ALL = PHASES;
const VISIBLE: readonly Phase[] = PHASES.filter((p) => p !== 'draft');
const OPEN: readonly Phase[] = ['proposing', 'discussing'];
const LIVE: readonly Phase[] = ['proposing', 'discussing', 'rating', 'delphi'];
const RATING: readonly Phase[] = ['rating', 'delphi'];
const RATED: readonly Phase[] = ['rating', 'delphi', 'closed', 'published', 'adopted'];
const CLOSED: readonly Phase[] = ['closed', 'published', 'adopted'];
const PUBLISHED: readonly Phase[] = ['published', 'adopted'];

/** Action → standing → the phases in which that standing may take it. Absent = never. */
export const ROUND_PERMISSIONS: Record<RoundAction, Partial<Record<Standing, readonly Phase[]>>> = {
	view: { facilitator: ALL, leader: VISIBLE, participant: VISIBLE },
	propose: { participant: ['proposing'] },
	revise: { author: OPEN },
	withdraw: { author: OPEN },
	support: { participant: OPEN },
	comment: { participant: OPEN },
	edit_comment: { author: OPEN },
	report: { participant: LIVE },
	moderate: { facilitator: VISIBLE },
	decide: { facilitator: OPEN },
	respond: { facilitator: LIVE },
	merge: { facilitator: OPEN },
	edit: { facilitator: ['draft', ...LIVE] },
	// Where the manual list (MANUAL_TRANSITIONS) leads anywhere at all.
	advance: { facilitator: ['draft', 'proposing', 'discussing', 'rating', 'delphi', 'closed'] },
	rate: { participant: RATING },
	monitor_rating: { facilitator: RATED, admin: RATED },
	manage_rating: { facilitator: RATING, admin: RATING },
	// Secret until rating closes, for everyone; participants once published.
	view_results: {
		facilitator: CLOSED,
		leader: CLOSED,
		admin: CLOSED,
		participant: PUBLISHED
	},
	adopt: { facilitator: PUBLISHED },
	approve: { leader: PUBLISHED },
	assign_facilitators: { creator: ALL, admin: ALL }
};

/** Whether someone with `standings` may take `action` while the round is in `phase`. */
export function can(action: RoundAction, phase: Phase, standings: Iterable<Standing>): boolean {
	const rule = ROUND_PERMISSIONS[action];
	for (const s of standings) if (rule[s]?.includes(phase)) return true;
	return false;
}

/** Whether `action` is open to someone with `standings` in some phase (then a refusal is "not now"). */
export function canEver(action: RoundAction, standings: Iterable<Standing>): boolean {
	const rule = ROUND_PERMISSIONS[action];
	for (const s of standings) if (rule[s]?.length) return true;
	return false;
}

/** The standings the rule for `action` names: only these need to be worked out for a request. */
export function standingsFor(action: RoundAction): Standing[] {
	return STANDINGS.filter((s) => ROUND_PERMISSIONS[action][s]?.length);
}

/** Every "can I…" flag for a page, from the round's phase and the viewer's standings. */
export function roundFlags(
	phase: Phase,
	standings: Iterable<Standing>
): Record<RoundAction, boolean> {
	const list = [...standings];
	return Object.fromEntries(ROUND_ACTIONS.map((a) => [a, can(a, phase, list)])) as Record<
		RoundAction,
		boolean
	>;
}
