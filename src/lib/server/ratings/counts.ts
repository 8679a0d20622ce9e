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

/**
 * Delphi carry-forward, run when Delphi iteration `iteration` closes (before its counts are
 * built): every panel member of the iteration before who did not re-rate one of this iteration's
 * items keeps their previous rating of it, copied as a ballot of this iteration marked `carried`.
 * The panel therefore never shrinks because people agree with themselves: results, stability
 * (an unchanged rating), suppression and group-aware decisions all read the whole panel.
 * A person rates every criterion of an indicator at once, so "re-rated" is per indicator.
 * Idempotent: a carried or re-rated ballot is never written twice.
 */
export async function carryForward(
	trx: Transaction<Database>,
	roundId: number,
	iteration: number
): Promise<void> {
	if (iteration <= 0) return;
	await sql`insert into rating_ballot
			(round_id, iteration, indicator_id, criterion, rater_key, score, opd_id, position_type, carried)
		select p.round_id, d.iteration, p.indicator_id, p.criterion, p.rater_key, p.score, p.opd_id,
			p.position_type, 1
		from rating_ballot p
		inner join delphi_item d
			on d.round_id = p.round_id and d.indicator_id = p.indicator_id and d.iteration = ${iteration}
		where p.round_id = ${roundId} and p.iteration = ${iteration - 1}
			and not exists (
				select 1 from rating_ballot c
				where c.round_id = p.round_id and c.iteration = d.iteration
					and c.indicator_id = p.indicator_id and c.rater_key = p.rater_key
			)`.execute(trx);
}
