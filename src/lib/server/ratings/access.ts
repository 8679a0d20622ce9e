import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Round } from '$lib/server/db/schema/rounds';
import type { SessionUser } from '$lib/server/auth/session';
import { can, canEver, standingsFor } from '$lib/rounds/permissions';
import { getRound } from '$lib/server/rounds/phase';
import { authorizeRound, currentRound, roundStandings } from '$lib/server/rounds/access';

/**
 * Results are secret until rating closes — for everyone. After `closed` facilitators, leaders and
 * admins see them; once `published`, so does everyone the round was for (the `view_results` rule
 * of the round permission table).
 */
export async function resultsAccess(
	db: Kysely<Database>,
	round: Round,
	user: SessionUser
): Promise<'visible' | 'not_yet' | 'denied'> {
	const { standings } = await roundStandings(db, round, user, {}, standingsFor('view_results'));
	if (!canEver('view_results', standings)) return 'denied';
	return can('view_results', round.phase, standings) ? 'visible' : 'not_yet';
}

/** The round whose results the user may read now, or a RuleError (404/403/409). */
export async function requireResults(
	db: Kysely<Database>,
	roundId: number,
	user: SessionUser
): Promise<Round> {
	return (await authorizeRound(db, user, 'view_results', { roundId })).round;
}

/** Rounds in rating or later, for the ratings hub; each with what the user may do. */
export async function ratingRounds(db: Kysely<Database>, user: SessionUser) {
	const ids = await db
		.selectFrom('round')
		.select('id')
		.where('phase', 'in', ['rating', 'delphi', 'closed', 'published', 'adopted'])
		.orderBy('id', 'desc')
		.execute();
	const out = [];
	for (const { id } of ids) {
		// The schedule first: a rating whose end passed is listed as closed, not as open.
		const round = await currentRound(db, id);
		const { standings } = await roundStandings(db, round, user);
		// Listed for those who rate in it or may ever see its results.
		if (!standings.has('participant') && !canEver('view_results', standings)) continue;
		out.push({
			id: round.id,
			title: round.title,
			phase: round.phase,
			iteration: round.delphi_iteration,
			canRate: can('rate', round.phase, standings),
			canManage: can('monitor_rating', round.phase, standings),
			resultsVisible: can('view_results', round.phase, standings)
		});
	}
	return out;
}

export { getRound };
