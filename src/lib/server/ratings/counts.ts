import { sql, type Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';

/**
 * Builds rating_count (ballots counted per indicator, criterion, OPD, position type and score)
 * for one iteration of a round — or every iteration — from its ballots.
 *
 * Counts are what results are computed from, and results exist only for an iteration that is
 * over. So the counts are built once, when the iteration closes (transitionRoundIn), inside the
 * transaction that closes it: no ballot can land after them. Keeping them up to date on every
 * ballot instead cost a read of the replaced ballots and a second upsert on each rating, the
 * costliest part of the busiest request in the app.
 */
export async function buildCounts(
	trx: Transaction<Database>,
	roundId: number,
	iteration: number | null = null
): Promise<void> {
	let stale = trx.deleteFrom('rating_count').where('round_id', '=', roundId);
	if (iteration !== null) stale = stale.where('iteration', '=', iteration);
	await stale.execute();
	const only = iteration === null ? sql`` : sql`and iteration = ${iteration}`;
	await sql`insert into rating_count (round_id, iteration, indicator_id, criterion, opd_id, position_type, score, n)
		select round_id, iteration, indicator_id, criterion, opd_id, position_type, coalesce(score, 0), count(*)
		from rating_ballot where round_id = ${roundId} ${only}
		group by round_id, iteration, indicator_id, criterion, opd_id, position_type, coalesce(score, 0)`.execute(
		trx
	);
}
