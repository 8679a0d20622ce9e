import type { Selectable } from 'kysely';

/** One secret ballot; see migrations/0005_ratings.ts for why it has no person id. */
export interface RatingBallotTable {
	round_id: number;
	iteration: number;
	indicator_id: number;
	criterion: string;
	rater_key: string;
	/** null = "cannot judge". */
	score: number | null;
	opd_id: number;
	position_type: string;
}

export interface RatingReasonTable {
	id: string;
	round_id: number;
	iteration: number;
	indicator_id: number;
	body: string;
}

export interface DelphiItemTable {
	round_id: number;
	iteration: number;
	indicator_id: number;
}

export interface RatingResultCacheTable {
	round_id: number;
	results_json: string;
	computed_at: string;
}

export interface RatingTables {
	rating_ballot: RatingBallotTable;
	rating_reason: RatingReasonTable;
	delphi_item: DelphiItemTable;
	rating_result_cache: RatingResultCacheTable;
}

export type RatingBallot = Selectable<RatingBallotTable>;
