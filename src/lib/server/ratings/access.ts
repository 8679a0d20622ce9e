import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Round } from '$lib/server/db/schema/rounds';
import type { SessionUser } from '$lib/server/auth/session';
import { isAtOrAfter } from '$lib/rounds/phases';
import { parseScope, isInScope } from '$lib/server/scope';
import { RuleError } from '$lib/server/rounds/errors';
import { getRound } from '$lib/server/rounds/phase';
import { openIteration } from './ballots';

const STEWARDS = ['facilitator', 'leader', 'admin'];

/**
 * Results are secret until rating closes — for everyone. After `closed` facilitators, leaders and
 * admins see them; once `published`, so does everyone the round was for.
 */
export async function resultsAccess(
	db: Kysely<Database>,
	round: Round,
	user: SessionUser
): Promise<'visible' | 'not_yet' | 'denied'> {
	const steward = user.roles.some((r) => STEWARDS.includes(r));
	const participant = await isInScope(db, parseScope(round.scope_json), user.id);
	if (!steward && !participant) return 'denied';
	if (!isAtOrAfter(round.phase, 'closed')) return 'not_yet';
	if (steward || isAtOrAfter(round.phase, 'published')) return 'visible';
	return 'not_yet';
}

/** The round whose results the user may read now, or a RuleError (404/403/409). */
export async function requireResults(
	db: Kysely<Database>,
	roundId: number,
	user: SessionUser
): Promise<Round> {
	const round = await getRound(db, roundId);
	const access = await resultsAccess(db, round, user);
	if (access === 'denied') throw new RuleError('rating_error_forbidden', 403);
	if (access === 'not_yet') throw new RuleError('results_not_yet', 409);
	return round;
}

/** Rounds in rating or later, for the ratings hub; each with what the user may do. */
export async function ratingRounds(db: Kysely<Database>, user: SessionUser) {
	const rounds = await db
		.selectFrom('round')
		.selectAll()
		.where('phase', 'in', ['rating', 'delphi', 'closed', 'published', 'adopted'])
		.orderBy('id', 'desc')
		.execute();
	const steward = user.roles.some((r) => STEWARDS.includes(r));
	const out = [];
	for (const round of rounds) {
		const inScope = await isInScope(db, parseScope(round.scope_json), user.id);
		if (!inScope && !steward) continue;
		out.push({
			id: round.id,
			title: round.title,
			phase: round.phase,
			iteration: round.delphi_iteration,
			canRate: inScope && openIteration(round) !== null,
			canManage: user.roles.includes('facilitator') || user.roles.includes('admin'),
			resultsVisible: (await resultsAccess(db, round, user)) === 'visible'
		});
	}
	return out;
}

export { getRound };
