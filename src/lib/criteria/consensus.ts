/** A consensus decision as stored beside an adoption choice ('unknown': no published figures). */
export type ConsensusDecision = 'reached' | 'not_reached' | 'rejected' | 'unknown';

/** One criterion's figures in one rating iteration, as shown beside an adoption choice. */
export interface CriterionFigures {
	key: string;
	/** The round's own names for the criterion, so no page ever shows its key. */
	labelId: string;
	labelEn: string;
	n: number;
	median: number | null;
	iqr: number | null;
	agreePct: number | null;
	disagreePct: number | null;
}

export interface IterationFigures {
	iteration: number;
	/** False when fewer than k people rated: no figure of that iteration may be shown. */
	shown: boolean;
	raters: number | null;
	/** Of the raters, how many kept their previous rating (Delphi carry-forward). */
	carried?: number | null;
	decision: ConsensusDecision | null;
	criteria: CriterionFigures[];
}

export interface IndicatorConsensus {
	decision: ConsensusDecision;
	iterations: IterationFigures[];
}
