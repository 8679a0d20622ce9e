/** The phases of a consultation round, in order. `delphi` may be entered several times. */
export const PHASES = [
	'draft',
	'proposing',
	'discussing',
	'rating',
	'delphi',
	'closed',
	'published',
	'adopted'
] as const;

export type Phase = (typeof PHASES)[number];

export function isPhase(value: string): value is Phase {
	return (PHASES as readonly string[]).includes(value);
}

/**
 * Which phases a round may move to from each phase. Forward only, one step at a time, except
 * that rating (or a Delphi iteration) may open another Delphi iteration or skip to closed.
 */
export const TRANSITIONS: Record<Phase, readonly Phase[]> = {
	draft: ['proposing'],
	proposing: ['discussing'],
	discussing: ['rating'],
	rating: ['delphi', 'closed'],
	delphi: ['delphi', 'closed'],
	closed: ['published'],
	published: ['adopted'],
	adopted: []
};

/**
 * Where a facilitator may move a round by hand with the generic "advance" action. Entering
 * `delphi` has its own action (it picks the indicators to re-rate and checks the round's bound),
 * and `adopted` is reached only by approving an adoption: neither is offered here.
 */
export const MANUAL_TRANSITIONS: Record<Phase, readonly Phase[]> = {
	draft: ['proposing'],
	proposing: ['discussing'],
	discussing: ['rating'],
	rating: ['closed'],
	delphi: ['closed'],
	closed: ['published'],
	published: [],
	adopted: []
};

export function canTransition(from: Phase, to: Phase): boolean {
	return TRANSITIONS[from].includes(to);
}

/** Position of a phase in the order, for "at or after" comparisons. */
export function phaseIndex(phase: Phase): number {
	return PHASES.indexOf(phase);
}

/** True when `phase` is `reference` or comes after it. */
export function isAtOrAfter(phase: Phase, reference: Phase): boolean {
	return phaseIndex(phase) >= phaseIndex(reference);
}
