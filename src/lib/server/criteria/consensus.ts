import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Round } from '$lib/server/db/schema/rounds';
import { frozenResults, resultsFrozen } from '$lib/server/ratings/results';
import type { IndicatorConsensus } from '$lib/criteria/consensus';
import { parseCriteria } from '$lib/rounds/criteria';
import type { ConsensusDecision } from '$lib/server/db/schema/criteria';

export type {
	IndicatorConsensus,
	IterationFigures,
	CriterionFigures
} from '$lib/criteria/consensus';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The published consensus of a round, per indicator id: the seam with the ratings module. Its
 * frozen results (already suppressed below k) are adapted here, so adoption and provenance never
 * read ballots themselves. Before rating closes there is nothing to show: an empty map, and
 * every decision reads 'unknown' (treated like "no consensus": a justification is required).
 */
export async function roundConsensus(
	db: Db,
	round: Round
): Promise<Map<number, IndicatorConsensus>> {
	const out = new Map<number, IndicatorConsensus>();
	if (!resultsFrozen(round)) return out;
	const results = await frozenResults(db as Kysely<Database>, round);
	const labels = new Map(parseCriteria(round.criteria_json).map((c) => [c.key, c]));
	for (const ind of results.indicators) {
		out.set(ind.id, {
			decision: ind.final.shown ? (ind.final.decision ?? 'unknown') : 'unknown',
			iterations: ind.history.map((it) => ({
				iteration: it.iteration,
				shown: it.shown,
				raters: it.shown ? it.raters : null,
				carried: it.shown ? (it.carried ?? null) : null,
				decision: it.shown ? it.decision : null,
				criteria: it.shown
					? it.criteria.map((c) => ({
							key: c.key,
							// Results only hold the round's own criteria, so a label is always found.
							labelId: labels.get(c.key)?.label_id ?? '',
							labelEn: labels.get(c.key)?.label_en ?? '',
							n: c.dist.n,
							median: c.dist.median,
							iqr: c.dist.iqr,
							agreePct: c.dist.n ? Math.round(c.dist.pctAgree) : null,
							disagreePct: c.dist.n ? Math.round(c.dist.pctDisagree) : null
						}))
					: []
			}))
		});
	}
	return out;
}

export function decisionOf(
	consensus: Map<number, IndicatorConsensus>,
	indicatorId: number
): ConsensusDecision {
	return consensus.get(indicatorId)?.decision ?? 'unknown';
}
