import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { recordAudit } from '$lib/server/audit';
import { RuleError } from '$lib/server/rounds/errors';
import { getRound, transitionRoundIn } from '$lib/server/rounds/phase';
import type { Round } from '$lib/server/db/schema/rounds';
import { parseConsensusRule } from '$lib/rounds/criteria';
import { openIteration } from './ballots';
import { computeResults, frozenResults } from './results';

/** How many Delphi re-ratings the round's pre-registered rule allows (0 = none). */
export function maxDelphiIterations(round: Pick<Round, 'consensus_rule_json'>): number {
	return parseConsensusRule(round.consensus_rule_json).maxDelphiIterations;
}

/**
 * Opens the next Delphi iteration for the indicators of the current iteration that reached no
 * consensus (neither for nor against). One transaction: phase change, items, audit.
 */
export async function openDelphi(
	db: Kysely<Database>,
	roundId: number,
	actorId: number,
	now: Date = new Date()
): Promise<{ iteration: number; indicators: number }> {
	return db.transaction().execute(async (trx) => {
		const round = await getRound(trx, roundId);
		const current = openIteration(round);
		if (current === null) throw new RuleError('rating_error_closed', 409);
		// The round's own bound, checked inside the transaction that opens the iteration.
		if (current >= maxDelphiIterations(round)) throw new RuleError('delphi_error_max', 409);
		// Moving on closes the current iteration, which builds its counts; the results that pick
		// the next iteration's indicators are computed from them. Nothing to re-rate throws,
		// and the transaction, phase change included, is rolled back.
		const { round: updated } = await transitionRoundIn(trx, roundId, 'delphi', actorId, now);
		const results = await computeResults(trx, round);
		const open = results.indicators
			.filter((i) => i.history.some((h) => h.iteration === current))
			.filter((i) => i.final.decision !== 'reached' && i.final.decision !== 'rejected')
			.map((i) => i.id);
		if (open.length === 0) throw new RuleError('delphi_error_nothing', 409);
		const iteration = updated.delphi_iteration;
		await trx
			.insertInto('delphi_item')
			.values(open.map((id) => ({ round_id: roundId, iteration, indicator_id: id })))
			.execute();
		await recordAudit(
			trx,
			{
				actorId,
				action: 'rating.delphi.open',
				objectType: 'round',
				objectId: roundId,
				after: { iteration, indicators: open }
			},
			now
		);
		return { iteration, indicators: open.length };
	});
}

/** Closes rating (from `rating` or a Delphi iteration) and freezes the results. */
export async function closeRating(
	db: Kysely<Database>,
	roundId: number,
	actorId: number,
	now: Date = new Date()
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const round = await getRound(trx, roundId);
		if (openIteration(round) === null) throw new RuleError('rating_error_closed', 409);
		await transitionRoundIn(trx, roundId, 'closed', actorId, now);
	});
	// After the commit: computed from ballots that can no longer change, then cached.
	await frozenResults(db, await getRound(db, roundId));
}
