import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Round } from '$lib/server/db/schema/rounds';
import { recordAudit } from '$lib/server/audit';
import { countEligible, parseScope, scopeSchema, type Scope } from '$lib/server/scope';
import { can, standingsFor } from '$lib/rounds/permissions';
import { authorizeRound, participantIn, roundStandings } from './access';
import {
	consensusRuleSchema,
	criteriaSchema,
	DEFAULT_CONSENSUS_RULE,
	DEFAULT_CRITERIA,
	DEFAULT_MIN_GROUP_SIZE,
	parseConsensusRule,
	parseCriteria,
	type ConsensusRule,
	type Criterion
} from '$lib/rounds/criteria';
import { SCHEDULED_PHASES, type ScheduledPhase } from '$lib/rounds/schedule';
import { isAtOrAfter, type Phase } from '$lib/rounds/phases';
import type { Role } from '$lib/roles';
import { RuleError } from './errors';
import { getRound, ratingSetupFrozen, transitionRound, type TransitionResult } from './phase';
import { MANUAL_TRANSITIONS } from '$lib/rounds/phases';

type Db = Kysely<Database> | Transaction<Database>;

/** Who is acting: enough of the session user for the rules. */
export interface Actor {
	id: number;
	roles: readonly Role[] | readonly string[];
}

export const isFacilitator = (actor: Actor) => actor.roles.includes('facilitator');

export function requireFacilitator(actor: Actor): void {
	if (!isFacilitator(actor)) throw new RuleError('round_error_forbidden', 403);
}

export type Schedule = Partial<Record<ScheduledPhase, string | null>>;

export interface RoundInput {
	title: string;
	purpose: string;
	scope: Scope;
	schedule: Schedule;
	criteria: Criterion[];
	consensusRule: ConsensusRule;
	minGroupSize: number;
	minSmartScore: number;
}

function checkSchedule(schedule: Schedule): void {
	let previous: string | null = null;
	for (const phase of SCHEDULED_PHASES) {
		const end = schedule[phase];
		if (!end) continue;
		if (previous && end <= previous) throw new RuleError('round_schedule_order', 400);
		previous = end;
	}
}

function validated(input: Partial<RoundInput>): void {
	if (input.scope) scopeSchema.parse(input.scope);
	if (input.criteria) criteriaSchema.parse(input.criteria);
	if (input.consensusRule) consensusRuleSchema.parse(input.consensusRule);
	if (input.minGroupSize !== undefined && input.minGroupSize < 3) {
		throw new RuleError('round_k_min', 400);
	}
	if (input.schedule) checkSchedule(input.schedule);
}

async function writeSchedule(trx: Transaction<Database>, roundId: number, schedule: Schedule) {
	for (const phase of SCHEDULED_PHASES) {
		if (!(phase in schedule)) continue;
		await trx
			.deleteFrom('round_schedule')
			.where('round_id', '=', roundId)
			.where('phase', '=', phase)
			.execute();
		const end = schedule[phase];
		if (end) {
			await trx
				.insertInto('round_schedule')
				.values({ round_id: roundId, phase, starts_at: null, ends_at: end })
				.execute();
		}
	}
}

/** A new round in `draft`, with the defaults of DESIGN.md where the facilitator gave none. */
export async function createRound(
	db: Kysely<Database>,
	actor: Actor,
	input: Partial<RoundInput> & Pick<RoundInput, 'title' | 'purpose'>,
	now: Date = new Date()
): Promise<number> {
	requireFacilitator(actor);
	validated(input);
	const at = now.toISOString();
	return db.transaction().execute(async (trx) => {
		const row = await trx
			.insertInto('round')
			.values({
				title: input.title,
				purpose: input.purpose,
				phase: 'draft',
				scope_json: JSON.stringify(input.scope ?? { units: [], positionTypes: [] }),
				criteria_json: JSON.stringify(input.criteria ?? DEFAULT_CRITERIA),
				consensus_rule_json: JSON.stringify(input.consensusRule ?? DEFAULT_CONSENSUS_RULE),
				min_group_size: input.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE,
				min_smart_score: input.minSmartScore ?? 0,
				phase_changed_at: at,
				created_by: actor.id,
				created_at: at,
				updated_at: at
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		if (input.schedule) await writeSchedule(trx, row.id, input.schedule);
		await recordAudit(
			trx,
			{
				actorId: actor.id,
				action: 'round.create',
				objectType: 'round',
				objectId: row.id,
				after: input
			},
			now
		);
		return row.id;
	});
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Edits a round. Scope is fixed once proposing opens (who may take part must not shift under
 * them); criteria, consensus rule and k are pre-registered, so fixed once rating opens. A patch
 * that would change a fixed part is refused as a whole; resubmitting it unchanged is fine.
 */
export async function updateRound(
	db: Kysely<Database>,
	actor: Actor,
	roundId: number,
	patch: Partial<RoundInput>,
	now: Date = new Date()
): Promise<void> {
	await authorizeRound(db, actor, 'edit', { roundId }, now);
	validated(patch);
	await db.transaction().execute(async (trx) => {
		const round = await getRound(trx, roundId);
		if (isAtOrAfter(round.phase, 'closed')) throw new RuleError('round_error_wrong_phase', 409);
		const before = describeRound(round);
		if (patch.scope && !same(patch.scope, before.scope) && round.phase !== 'draft') {
			throw new RuleError('round_error_scope_frozen', 409);
		}
		if (ratingSetupFrozen(round)) {
			const changed =
				(patch.criteria && !same(patch.criteria, before.criteria)) ||
				(patch.consensusRule && !same(patch.consensusRule, before.consensusRule)) ||
				(patch.minGroupSize !== undefined && patch.minGroupSize !== before.minGroupSize);
			if (changed) throw new RuleError('round_error_rating_frozen', 409);
		}
		await trx
			.updateTable('round')
			.set({
				title: patch.title ?? round.title,
				purpose: patch.purpose ?? round.purpose,
				scope_json: patch.scope ? JSON.stringify(patch.scope) : round.scope_json,
				criteria_json: patch.criteria ? JSON.stringify(patch.criteria) : round.criteria_json,
				consensus_rule_json: patch.consensusRule
					? JSON.stringify(patch.consensusRule)
					: round.consensus_rule_json,
				min_group_size: patch.minGroupSize ?? round.min_group_size,
				min_smart_score: patch.minSmartScore ?? round.min_smart_score,
				updated_at: now.toISOString()
			})
			.where('id', '=', roundId)
			.execute();
		if (patch.schedule) await writeSchedule(trx, roundId, patch.schedule);
		await recordAudit(
			trx,
			{
				actorId: actor.id,
				action: 'round.update',
				objectType: 'round',
				objectId: roundId,
				before,
				after: patch
			},
			now
		);
	});
}

/**
 * The generic "advance" of a facilitator: only along MANUAL_TRANSITIONS, so it can neither open
 * a Delphi iteration (which has its own action and checks) nor mark a round adopted.
 */
export async function advanceRound(
	db: Kysely<Database>,
	actor: Actor,
	roundId: number,
	to: Phase,
	now: Date = new Date()
): Promise<TransitionResult> {
	const { round } = await authorizeRound(db, actor, 'advance', { roundId }, now);
	if (!MANUAL_TRANSITIONS[round.phase].includes(to)) {
		throw new RuleError('round_error_transition', 409);
	}
	return transitionRound(db, roundId, to, actor.id, now);
}

/** The round with its JSON columns parsed. */
export function describeRound(round: Round) {
	return {
		id: round.id,
		title: round.title,
		purpose: round.purpose,
		phase: round.phase,
		scope: parseScope(round.scope_json),
		criteria: parseCriteria(round.criteria_json),
		consensusRule: parseConsensusRule(round.consensus_rule_json),
		minGroupSize: round.min_group_size,
		minSmartScore: round.min_smart_score,
		delphiIteration: round.delphi_iteration,
		phaseChangedAt: round.phase_changed_at,
		createdAt: round.created_at
	};
}

export async function getSchedule(db: Db, roundId: number): Promise<Schedule> {
	const rows = await db
		.selectFrom('round_schedule')
		.select(['phase', 'ends_at'])
		.where('round_id', '=', roundId)
		.execute();
	return Object.fromEntries(rows.map((r) => [r.phase, r.ends_at]));
}

/** Whether `actor` may take part (propose, comment, support, report): active and in scope. */
export async function canParticipate(db: Db, round: Round, actorId: number): Promise<boolean> {
	return !!(await participantIn(db as Kysely<Database>, round, { id: actorId, roles: [] }));
}

/** Who may see a round and its proposals: the `view` rule of the permission table. */
export async function canView(db: Db, round: Round, actor: Actor): Promise<boolean> {
	const { standings } = await roundStandings(
		db as Kysely<Database>,
		round,
		actor,
		{},
		standingsFor('view')
	);
	return can('view', round.phase, standings);
}

/** A draft one may not see is "not found"; another round one is not part of, "out of scope". */
export async function requireViewer(db: Db, round: Round, actor: Actor): Promise<void> {
	if (await canView(db, round, actor)) return;
	if (round.phase === 'draft') throw new RuleError('round_error_not_found', 404);
	throw new RuleError('round_error_out_of_scope', 403);
}

/** Rounds a person may see, newest first, with the phase the list shows. */
export async function listRoundsFor(db: Db, actor: Actor) {
	const rows = await db.selectFrom('round').selectAll().orderBy('created_at', 'desc').execute();
	const out: Round[] = [];
	for (const round of rows) if (await canView(db, round, actor)) out.push(round);
	return out;
}

/** Counts for the round page: eligible people and participation so far — never who. */
export async function roundCounts(db: Kysely<Database>, round: Round) {
	const eligible = await countEligible(db, parseScope(round.scope_json));
	const byStatus = await db
		.selectFrom('indicator')
		.select(['status', (eb) => eb.fn.countAll<number>().as('n')])
		.where('round_id', '=', round.id)
		.groupBy('status')
		.execute();
	const proposers = await db
		.selectFrom('indicator')
		.select((eb) => eb.fn.count<number>('author_id').distinct().as('n'))
		.where('round_id', '=', round.id)
		.executeTakeFirstOrThrow();
	const comments = await db
		.selectFrom('comment')
		.select([
			(eb) => eb.fn.countAll<number>().as('n'),
			(eb) => eb.fn.count<number>('author_id').distinct().as('people')
		])
		.where('round_id', '=', round.id)
		.executeTakeFirstOrThrow();
	const participants = await db
		.selectFrom('indicator')
		.select('author_id as id')
		.where('round_id', '=', round.id)
		.union(db.selectFrom('comment').select('author_id as id').where('round_id', '=', round.id))
		.union(
			db
				.selectFrom('indicator_supporter')
				.innerJoin('indicator', 'indicator.id', 'indicator_supporter.indicator_id')
				.select('indicator_supporter.person_id as id')
				.where('indicator.round_id', '=', round.id)
		)
		.execute();
	const statuses = Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)]));
	return {
		eligible,
		participants: participants.length,
		proposers: Number(proposers.n),
		commenters: Number(comments.people),
		comments: Number(comments.n),
		proposals: Object.values(statuses).reduce((a, b) => a + b, 0),
		statuses: statuses as Partial<Record<string, number>>
	};
}

export type { Phase };
