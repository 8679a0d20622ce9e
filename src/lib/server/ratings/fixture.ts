import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Phase } from '$lib/rounds/phases';
import {
	DEFAULT_CONSENSUS_RULE,
	DEFAULT_CRITERIA,
	type ConsensusRule,
	type Criterion
} from '$lib/rounds/criteria';
import type { Scope } from '$lib/server/scope';
import { PROPOSAL_FIELD_NAMES } from '$lib/validation/proposal';

export interface RatingRoundSpec {
	title: string;
	createdBy: number;
	/** The author of the shortlisted indicators (any person of the round). */
	authorId: number;
	authorUnitId: number;
	scope: Scope;
	indicators: string[];
	phase?: Phase;
	criteria?: Criterion[];
	rule?: ConsensusRule;
	k?: number;
}

/**
 * A round with a shortlist, written directly: for demo data, tests and the benchmark, where the
 * proposing and discussing phases are not the point. Real rounds get there through the rounds UI.
 */
export async function createRatingRound(
	db: Kysely<Database> | Transaction<Database>,
	spec: RatingRoundSpec
): Promise<{ roundId: number; indicatorIds: number[] }> {
	const now = new Date().toISOString();
	const run = <T>(fn: (trx: Transaction<Database>) => Promise<T>) =>
		db.isTransaction ? fn(db as Transaction<Database>) : db.transaction().execute(fn);
	return run(async (trx) => {
		const round = await trx
			.insertInto('round')
			.values({
				title: spec.title,
				purpose: spec.title,
				phase: spec.phase ?? 'rating',
				scope_json: JSON.stringify(spec.scope),
				criteria_json: JSON.stringify(spec.criteria ?? DEFAULT_CRITERIA),
				consensus_rule_json: JSON.stringify(spec.rule ?? DEFAULT_CONSENSUS_RULE),
				min_group_size: spec.k ?? 5,
				phase_changed_at: now,
				created_by: spec.createdBy,
				created_at: now,
				updated_at: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const indicatorIds: number[] = [];
		for (const [i, name] of spec.indicators.entries()) {
			const row = await trx
				.insertInto('indicator')
				.values({
					round_id: round.id,
					author_id: spec.authorId,
					org_unit_id: spec.authorUnitId,
					status: 'shortlisted',
					merged_into_id: null,
					name,
					definition: `Definisi operasional: ${name}.`,
					formula: '(realisasi / target) × 100 %',
					unit_of_measure: 'persen',
					target: '90',
					baseline: '75',
					data_source: 'Laporan bulanan unit',
					frequency: 'monthly',
					perspective: 'stakeholder',
					aspect: 'quality',
					kind: 'output',
					berakhlak_value: null,
					unit_goal: 'Layanan yang cepat dan tepat',
					fairness_rationale: 'Dapat dikendalikan oleh pegawai yang dinilai',
					smart_score: 5,
					search_text: name.toLowerCase(),
					status_reason: null,
					status_changed_by: null,
					status_changed_at: null,
					official_response: null,
					official_response_by: null,
					official_response_at: null,
					client_token: `fixture-${round.id}-${i}`,
					created_at: now,
					updated_at: now
				})
				.returningAll()
				.executeTakeFirstOrThrow();
			// Version 1, as a proposal made in the rounds UI has: the rating page links to the history.
			await trx
				.insertInto('indicator_revision')
				.values({
					indicator_id: row.id,
					version: 1,
					editor_id: spec.authorId,
					reason: '',
					snapshot_json: JSON.stringify(
						Object.fromEntries(
							PROPOSAL_FIELD_NAMES.map((k) => [
								k,
								(row as unknown as Record<string, unknown>)[k] ?? null
							])
						)
					),
					created_at: now
				})
				.execute();
			indicatorIds.push(row.id);
		}
		return { roundId: round.id, indicatorIds };
	});
}
