import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { IndicatorTable, Stance } from '$lib/server/db/schema/rounds';
import { PROPOSAL_FIELD_NAMES } from '$lib/validation/proposal';

type Db = Kysely<Database> | Transaction<Database>;

/** Everything a proposer wrote about an indicator, as a rater needs it to judge it. */
export type IndicatorDefinition = Pick<
	Selectable<IndicatorTable>,
	| 'name'
	| 'definition'
	| 'formula'
	| 'unit_of_measure'
	| 'target'
	| 'baseline'
	| 'data_source'
	| 'frequency'
	| 'perspective'
	| 'aspect'
	| 'kind'
	| 'berakhlak_value'
	| 'unit_goal'
	| 'fairness_rationale'
	| 'version'
> & {
	id: number;
	roundId: number;
	/** Whether a revision history exists to link to (every proposal made in the app has one). */
	hasHistory: boolean;
};

/** What the discussion said, in counts: never who, and never a hidden comment. */
export interface DiscussionSummary {
	total: number;
	byStance: Record<Stance, number>;
	officialResponse: string | null;
}

/**
 * The full definition and a summary of the discussion of one indicator of a round, for the
 * rating page. The caller has already checked that the person may rate it.
 */
export async function ratingContext(
	db: Db,
	roundId: number,
	indicatorId: number
): Promise<{ indicator: IndicatorDefinition; discussion: DiscussionSummary } | null> {
	const row = await db
		.selectFrom('indicator')
		.select(['id', 'round_id', ...PROPOSAL_FIELD_NAMES, 'version', 'official_response'])
		.where('id', '=', indicatorId)
		.where('round_id', '=', roundId)
		.executeTakeFirst();
	if (!row) return null;
	// A hidden comment's stance is part of what the facilitator withheld: it is not counted.
	const stances = await db
		.selectFrom('comment')
		.select(['stance', (eb) => eb.fn.countAll<number>().as('n')])
		.where('indicator_id', '=', indicatorId)
		.where('hidden_at', 'is', null)
		.groupBy('stance')
		.execute();
	const revision = await db
		.selectFrom('indicator_revision')
		.select('version')
		.where('indicator_id', '=', indicatorId)
		.limit(1)
		.executeTakeFirst();
	const byStance: Record<Stance, number> = { support: 0, neutral: 0, concern: 0 };
	for (const s of stances) byStance[s.stance] = Number(s.n);
	const { official_response, round_id, ...fields } = row;
	return {
		indicator: { ...fields, roundId: round_id, hasHistory: !!revision },
		discussion: {
			total: byStance.support + byStance.neutral + byStance.concern,
			byStance,
			officialResponse: official_response?.trim() ? official_response : null
		}
	};
}
