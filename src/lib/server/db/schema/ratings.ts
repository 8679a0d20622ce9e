import type { Generated, Selectable } from 'kysely';

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
	/** 1 = a Delphi panel member's previous rating, carried into an iteration they did not re-rate. */
	carried: Generated<number>;
}

/** Ballots per cell and score (score 0 = "cannot judge"), maintained with every ballot write. */
export interface RatingCountTable {
	round_id: number;
	iteration: number;
	indicator_id: number;
	criterion: string;
	opd_id: number;
	position_type: string;
	score: number;
	n: number;
}

export interface RatingParticipantTable {
	round_id: number;
	iteration: number;
	rater_key: string;
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
	rating_count: RatingCountTable;
	rating_participant: RatingParticipantTable;
	rating_reason: RatingReasonTable;
	delphi_item: DelphiItemTable;
	rating_result_cache: RatingResultCacheTable;
}

export type RatingBallot = Selectable<RatingBallotTable>;
