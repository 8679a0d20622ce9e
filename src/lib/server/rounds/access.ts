import { sql, type Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Comment, Indicator, Round } from '$lib/server/db/schema/rounds';
import { prepared } from '$lib/server/db/prepared';
import { parseScope, scopeUnitIds } from '$lib/server/scope';
import { leaderUnits, unitsWithin } from '$lib/server/privileges/leaders';
import {
	can,
	canEver,
	roundFlags,
	standingsFor,
	STANDINGS,
	type RoundAction,
	type Standing
} from '$lib/rounds/permissions';
import { RuleError } from './errors';
import { applySchedule, scheduleDue } from './schedule';

/** Who is acting: the session user, or at least their id and roles (CLI, seed, tests). */
export interface RoundActor {
	id: number;
	roles: readonly string[];
	/** From the session (only active people have one): saves reading the person row again. */
	orgUnitId?: number;
	positionType?: string;
}

/** The objects a request names. With `roundId` and another id, the round must own the object. */
export interface RoundTarget {
	roundId?: number;
	indicatorId?: number;
	commentId?: number;
}

export interface Authorized {
	round: Round;
	indicator: Indicator | null;
	comment: Comment | null;
	/** The standings worked out for this action (only those its rule names). */
	standings: Set<Standing>;
	/** The person's unit and position type, when the participant check read them. */
	person: { orgUnitId: number; positionType: string } | null;
}

// How each action is refused: "never for you" (403) and "not in this phase" (409), in words that
// fit the action. A draft is private to its facilitators: to anyone else it is "not found".
const FORBIDDEN: Partial<Record<RoundAction, [403, string]>> = {
	view: [403, 'round_error_out_of_scope'],
	propose: [403, 'round_error_out_of_scope'],
	support: [403, 'round_error_out_of_scope'],
	comment: [403, 'round_error_out_of_scope'],
	report: [403, 'round_error_out_of_scope'],
	revise: [403, 'proposal_error_not_author'],
	withdraw: [403, 'proposal_error_not_author'],
	edit_comment: [403, 'comment_error_not_author'],
	rate: [403, 'rating_error_scope'],
	view_results: [403, 'rating_error_forbidden'],
	approve: [403, 'error_forbidden']
};
const WRONG_PHASE: Partial<Record<RoundAction, string>> = {
	rate: 'rating_error_closed',
	view_results: 'results_not_yet',
	adopt: 'adoption_error_round_not_published',
	approve: 'adoption_error_round_not_published'
};

// The round and the scheduled end of its current phase (a Delphi iteration runs to the rating
// end) in one statement, compiled once: every rating submission reads it.
const roundWithEnd = prepared((db, p: { id: number }) =>
	db
		.selectFrom('round')
		.leftJoin('round_schedule', (join) =>
			join
				.onRef('round_schedule.round_id', '=', 'round.id')
				.on(
					sql<boolean>`round_schedule.phase = case when round.phase = ${sql.lit('delphi')} then ${sql.lit('rating')} else round.phase end`
				)
		)
		.selectAll('round')
		.select('round_schedule.ends_at as scheduled_end')
		.where('round.id', '=', p.id)
);

/**
 * The round as it stands now: when the scheduled end of its phase has passed, the schedule is
 * applied first (audited as "the schedule"), so a late request meets the phase it should, whether
 * or not anybody opened a round page since. Costs no extra query when nothing is due.
 */
export async function currentRound(
	db: Kysely<Database>,
	roundId: number,
	now: Date = new Date()
): Promise<Round> {
	const row = await roundWithEnd.executeTakeFirst(db, { id: roundId });
	if (!row) throw new RuleError('round_error_not_found', 404);
	const { scheduled_end, ...round } = row;
	if (!scheduleDue(round, scheduled_end, now)) return round;
	await applySchedule(db, roundId, now);
	const after = await roundWithEnd.executeTakeFirst(db, { id: roundId });
	if (!after) throw new RuleError('round_error_not_found', 404);
	const { scheduled_end: _end, ...fresh } = after;
	return fresh;
}

// Scope → unit ids, per round. Keyed by the round's updated_at (every edit and transition sets
// it), so a changed scope is never served stale; the scope itself is frozen once proposing opens.
const scopeCache = new Map<
	number,
	{ updatedAt: string; units: Set<number> | null; types: string[] }
>();
const SCOPE_CACHE_MAX = 1_000;

async function scopeOf(db: Kysely<Database>, round: Round) {
	const hit = scopeCache.get(round.id);
	if (hit && hit.updatedAt === round.updated_at) return hit;
	const scope = parseScope(round.scope_json);
	const ids = await scopeUnitIds(db, scope);
	const entry = {
		updatedAt: round.updated_at,
		units: ids ? new Set(ids) : null,
		types: scope.positionTypes as string[]
	};
	if (scopeCache.size >= SCOPE_CACHE_MAX) scopeCache.clear();
	scopeCache.set(round.id, entry);
	return entry;
}

const personQuery = prepared((db, p: { id: number }) =>
	db.selectFrom('person').select(['org_unit_id', 'position_type', 'active']).where('id', '=', p.id)
);

/** Whether the person is active and in the round's scope; with their unit and type if so. */
export async function participantIn(
	db: Kysely<Database>,
	round: Round,
	actor: RoundActor
): Promise<{ orgUnitId: number; positionType: string } | null> {
	const person =
		actor.orgUnitId !== undefined && actor.positionType !== undefined
			? { org_unit_id: actor.orgUnitId, position_type: actor.positionType, active: 1 }
			: await personQuery.executeTakeFirst(db, { id: actor.id });
	if (!person || person.active !== 1) return null;
	const scope = await scopeOf(db, round);
	if (scope.units && !scope.units.has(person.org_unit_id)) return null;
	if (scope.types.length > 0 && !scope.types.includes(person.position_type)) return null;
	return { orgUnitId: person.org_unit_id, positionType: person.position_type };
}

const addedFacilitator = prepared((db, p: { roundId: number; personId: number }) =>
	db
		.selectFrom('round_facilitator')
		.select('person_id')
		.where('round_id', '=', p.roundId)
		.where('person_id', '=', p.personId)
);

/**
 * Whether the person facilitates this round: holds the facilitator role and created it or was
 * added to it. A facilitator of another round has no say in this one.
 */
export async function facilitates(
	db: Kysely<Database>,
	round: Pick<Round, 'id' | 'created_by'>,
	actor: RoundActor
): Promise<boolean> {
	if (!actor.roles.includes('facilitator')) return false;
	if (round.created_by === actor.id) return true;
	return !!(await addedFacilitator.executeTakeFirst(db, { roundId: round.id, personId: actor.id }));
}

/**
 * Whether a leader's units cover the whole of the round's scope: a round for the whole
 * government needs a regency-wide leader; a round for some OPDs, a leader over all of them.
 */
export async function leadsRound(
	db: Kysely<Database>,
	round: Round,
	actor: RoundActor
): Promise<boolean> {
	if (!actor.roles.includes('leader')) return false;
	const scope = await scopeOf(db, round);
	return unitsWithin(scope.units, await leaderUnits(db, actor.id));
}

/**
 * What `actor` is to this round, limited to `wanted` (the standings a rule names), so that a
 * rating submission never pays for checks its rule does not use.
 */
export async function roundStandings(
	db: Kysely<Database>,
	round: Round,
	actor: RoundActor,
	objects: { indicator?: Indicator | null; comment?: Comment | null } = {},
	wanted: readonly Standing[] = STANDINGS
): Promise<{ standings: Set<Standing>; person: Authorized['person'] }> {
	const standings = new Set<Standing>();
	let person: Authorized['person'] = null;
	for (const s of wanted) {
		switch (s) {
			case 'participant':
				person = await participantIn(db, round, actor);
				if (person) standings.add(s);
				break;
			case 'author': {
				const author = objects.comment?.author_id ?? objects.indicator?.author_id;
				if (author === actor.id) standings.add(s);
				break;
			}
			case 'creator':
				if (round.created_by === actor.id) standings.add(s);
				break;
			case 'facilitator':
				if (await facilitates(db, round, actor)) standings.add(s);
				break;
			case 'leader':
				if (await leadsRound(db, round, actor)) standings.add(s);
				break;
			case 'admin':
				if (actor.roles.includes(s)) standings.add(s);
		}
	}
	return { standings, person };
}

async function loadComment(db: Kysely<Database>, id: number): Promise<Comment> {
	const row = await db.selectFrom('comment').selectAll().where('id', '=', id).executeTakeFirst();
	if (!row) throw new RuleError('comment_error_not_found', 404);
	return row;
}

async function loadIndicator(db: Kysely<Database>, id: number): Promise<Indicator> {
	const row = await db.selectFrom('indicator').selectAll().where('id', '=', id).executeTakeFirst();
	if (!row) throw new RuleError('proposal_error_not_found', 404);
	return row;
}

/**
 * The one way into a round for every action, by every path (pages, form actions, the rating fast
 * lane, the API): finds the objects the request names — a proposal or comment that the URL's round
 * does not own is "not found", so nothing is stored under the wrong round — brings the round's
 * phase up to date with its schedule, and authorises the action through the permission table
 * (`$lib/rounds/permissions`). Throws a RuleError: 404 unknown (or not visible), 403 never
 * allowed to this person, 409 not in this phase.
 */
export async function authorizeRound(
	db: Kysely<Database>,
	actor: RoundActor,
	action: RoundAction,
	target: RoundTarget,
	now: Date = new Date()
): Promise<Authorized> {
	const comment = target.commentId !== undefined ? await loadComment(db, target.commentId) : null;
	const indicator =
		target.indicatorId !== undefined ? await loadIndicator(db, target.indicatorId) : null;
	const roundId = target.roundId ?? indicator?.round_id ?? comment?.round_id;
	if (roundId === undefined) throw new RuleError('round_error_not_found', 404);
	if (indicator && indicator.round_id !== roundId) {
		throw new RuleError('proposal_error_not_found', 404);
	}
	if (
		comment &&
		(comment.round_id !== roundId || (indicator && comment.indicator_id !== indicator.id))
	) {
		throw new RuleError('comment_error_not_found', 404);
	}
	const round = await currentRound(db, roundId, now);
	const { standings, person } = await roundStandings(
		db,
		round,
		actor,
		{ indicator, comment },
		standingsFor(action)
	);
	if (!can(action, round.phase, standings)) {
		if (action === 'view' && round.phase === 'draft') {
			throw new RuleError('round_error_not_found', 404);
		}
		if (!canEver(action, standings)) {
			const [status, key] = FORBIDDEN[action] ?? [403, 'access_error_round_facilitators'];
			throw new RuleError(key, status);
		}
		throw new RuleError(WRONG_PHASE[action] ?? 'round_error_wrong_phase', 409);
	}
	return { round, indicator, comment, standings, person };
}

/** Every "can I…" flag of a page about this round (and the proposal or comment it shows). */
export async function flagsFor(
	db: Kysely<Database>,
	round: Round,
	actor: RoundActor,
	objects: { indicator?: Indicator | null; comment?: Comment | null } = {}
) {
	const { standings } = await roundStandings(db, round, actor, objects);
	return roundFlags(round.phase, standings);
}
