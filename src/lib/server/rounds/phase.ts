import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Round } from '$lib/server/db/schema/rounds';
import { recordAudit } from '$lib/server/audit';
import { canTransition, isAtOrAfter, PHASES, type Phase } from '$lib/rounds/phases';
import { buildCounts, carryForward } from '$lib/server/ratings/counts';
import { notify, notifyRoundParticipants } from '$lib/server/notifications';
import { eligiblePeople, parseScope } from '$lib/server/scope';
import { prepared } from '$lib/server/db/prepared';
import { RuleError } from './errors';

export { PHASES, TRANSITIONS, canTransition, isAtOrAfter, phaseIndex } from '$lib/rounds/phases';
export type { Phase } from '$lib/rounds/phases';

type Db = Kysely<Database> | Transaction<Database>;

/** The iteration open for rating: 0 in `rating`, n in the n-th Delphi iteration, else none. */
export function openIteration(round: Pick<Round, 'phase' | 'delphi_iteration'>): number | null {
	if (round.phase === 'rating') return 0;
	if (round.phase === 'delphi') return round.delphi_iteration;
	return null;
}

/** Throws a RuleError (409, localised) unless the round is in one of `phases`. */
export function requirePhase(round: Pick<Round, 'phase'>, ...phases: Phase[]): void {
	if (!phases.includes(round.phase)) {
		throw new RuleError('round_error_wrong_phase', 409);
	}
}

/** Rating criteria, consensus rule and k are pre-registered: frozen once rating opens. */
export function ratingSetupFrozen(round: Pick<Round, 'phase'>): boolean {
	return isAtOrAfter(round.phase, 'rating');
}

/** Proposals may be revised until discussion closes. */
export function proposalsEditable(round: Pick<Round, 'phase'>): boolean {
	return round.phase === 'proposing' || round.phase === 'discussing';
}

export interface TransitionResult {
	round: Round;
	from: Phase;
	to: Phase;
}

/**
 * Moves a round to `to` if the phase order allows it, in the caller's transaction. Entering
 * `delphi` adds one to `delphi_iteration` (so `rating → delphi → delphi` opens iterations 1 and 2).
 * Records a phase event and an audit entry (actor null = the schedule), and notifies the
 * people taking part. Guards against a concurrent transition by updating only from `from`.
 */
export async function transitionRoundIn(
	trx: Transaction<Database>,
	roundId: number,
	to: Phase,
	actorId: number | null,
	now: Date = new Date()
): Promise<TransitionResult> {
	const round = await trx
		.selectFrom('round')
		.selectAll()
		.where('id', '=', roundId)
		.executeTakeFirst();
	if (!round) throw new RuleError('round_error_not_found', 404);
	const from = round.phase;
	if (!canTransition(from, to)) throw new RuleError('round_error_transition', 409);
	if (to === 'rating') {
		const shortlisted = await trx
			.selectFrom('indicator')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('round_id', '=', roundId)
			.where('status', '=', 'shortlisted')
			.executeTakeFirstOrThrow();
		if (Number(shortlisted.n) === 0) throw new RuleError('round_error_no_shortlist', 409);
	}
	const iteration = to === 'delphi' ? round.delphi_iteration + 1 : round.delphi_iteration;
	const at = now.toISOString();
	const updated = await trx
		.updateTable('round')
		.set({ phase: to, delphi_iteration: iteration, phase_changed_at: at, updated_at: at })
		.where('id', '=', roundId)
		.where('phase', '=', from)
		.where('delphi_iteration', '=', round.delphi_iteration)
		.returningAll()
		.executeTakeFirst();
	if (!updated) throw new RuleError('round_error_transition', 409);
	// Leaving a rating iteration closes it: its counts are built now, from every ballot it got
	// (later ballots are refused: the phase has moved, and on PostgreSQL the row lock taken
	// above makes the ballot writer wait for this transaction).
	// A Delphi iteration first carries forward the panel members who did not re-rate.
	const closing = openIteration(round);
	if (closing !== null) {
		await carryForward(trx, roundId, closing);
		await buildCounts(trx, roundId, closing);
	}
	await trx
		.insertInto('round_phase_event')
		.values({
			round_id: roundId,
			from_phase: from,
			to_phase: to,
			delphi_iteration: iteration,
			actor_id: actorId,
			at
		})
		.execute();
	await recordAudit(
		trx,
		{
			actorId,
			action: actorId === null ? 'round.phase.scheduled' : 'round.phase',
			objectType: 'round',
			objectId: roundId,
			before: { phase: from, delphiIteration: round.delphi_iteration },
			after: { phase: to, delphiIteration: iteration }
		},
		now
	);
	if (from === 'draft' && to === 'proposing') {
		// Opening a round is news for everyone it is for, not only those who already took part.
		const people = await (
			await eligiblePeople(trx, parseScope(round.scope_json))
		)
			.select('person.id')
			.execute();
		await notify(
			trx,
			people.map((p) => ({
				personId: p.id,
				kind: 'notif_round_open' as const,
				roundId,
				params: { title: round.title }
			})),
			now,
			actorId
		);
	} else {
		await notifyRoundParticipants(
			trx,
			roundId,
			'notif_phase',
			{ phase: to, title: round.title },
			now
		);
	}
	return { round: updated, from, to };
}

/** `transitionRoundIn` in its own transaction. */
export async function transitionRound(
	db: Kysely<Database>,
	roundId: number,
	to: Phase,
	actorId: number | null,
	now: Date = new Date()
): Promise<TransitionResult> {
	return db.transaction().execute((trx) => transitionRoundIn(trx, roundId, to, actorId, now));
}

/** Opens the next Delphi iteration (from `rating` or a previous `delphi`). */
export function openDelphiIteration(
	db: Kysely<Database>,
	roundId: number,
	actorId: number,
	now: Date = new Date()
): Promise<TransitionResult> {
	return transitionRound(db, roundId, 'delphi', actorId, now);
}

// Read on every rating submission: compiled once (see prepared()).
const roundQuery = prepared((db, p: { id: number }) =>
	db.selectFrom('round').selectAll().where('id', '=', p.id)
);

/** The round, or a 404 RuleError. */
export async function getRound(db: Db, roundId: number): Promise<Round> {
	const round = await roundQuery.executeTakeFirst(db, { id: roundId });
	if (!round) throw new RuleError('round_error_not_found', 404);
	return round;
}

export function isKnownPhase(value: string): value is Phase {
	return (PHASES as readonly string[]).includes(value);
}
