import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Round } from '$lib/server/db/schema/rounds';
import type { IndicatorConsensus } from '$lib/criteria/consensus';
import type { ConsensusDecision } from '$lib/server/db/schema/criteria';

export type {
	IndicatorConsensus,
	IterationFigures,
	CriterionFigures
} from '$lib/criteria/consensus';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The published consensus of a round, per indicator id. This is the seam with the ratings
 * module (issue 5): its frozen results are adapted here, so adoption and provenance never read
 * ballots themselves. Until the ratings module is merged into this branch there are no ballots
 * to read, every decision is 'unknown', and the adoption rules treat it like "no consensus"
 * (a written justification is required) — the safe side.
 */
export async function roundConsensus(
	db: Db,
	round: Pick<Round, 'id' | 'phase'>
): Promise<Map<number, IndicatorConsensus>> {
	void db;
	void round;
	return new Map();
}

export function decisionOf(
	consensus: Map<number, IndicatorConsensus>,
	indicatorId: number
): ConsensusDecision {
	return consensus.get(indicatorId)?.decision ?? 'unknown';
}
