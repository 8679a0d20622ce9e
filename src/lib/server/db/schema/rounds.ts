import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Phase } from '$lib/rounds/phases';
import type { IndicatorStatus } from '$lib/proposals/fields';

export interface RoundTable {
	id: Generated<number>;
	title: string;
	purpose: string;
	phase: Phase;
	/** JSON of `Scope` from `$lib/server/scope`. */
	scope_json: string;
	/** JSON array of `Criterion` from `$lib/rounds/criteria`. */
	criteria_json: string;
	/** JSON of `ConsensusRule` from `$lib/rounds/criteria`. */
	consensus_rule_json: string;
	min_group_size: Generated<number>;
	delphi_iteration: Generated<number>;
	min_smart_score: Generated<number>;
	/** Migration 0012: proposals cite the heads' RHKs in force on this day; null: not RHK-based. */
	rhk_day: Generated<string | null>;
	phase_changed_at: string;
	created_by: number;
	created_at: string;
	updated_at: string;
}

export interface RoundScheduleTable {
	round_id: number;
	phase: Phase;
	starts_at: string | null;
	ends_at: string | null;
}

export interface RoundPhaseEventTable {
	id: Generated<number>;
	round_id: number;
	from_phase: Phase;
	to_phase: Phase;
	delphi_iteration: number;
	actor_id: number | null;
	at: string;
}

export interface IndicatorTable {
	id: Generated<number>;
	round_id: number;
	author_id: number;
	org_unit_id: number;
	status: Generated<IndicatorStatus>;
	merged_into_id: number | null;
	name: string;
	definition: string;
	formula: string;
	unit_of_measure: string;
	target: string;
	baseline: string;
	data_source: string;
	frequency: string;
	perspective: string;
	aspect: string;
	kind: string;
	berakhlak_value: string | null;
	unit_goal: string;
	fairness_rationale: string;
	smart_score: number;
	search_text: string;
	version: Generated<number>;
	comment_count: Generated<number>;
	supporter_count: Generated<number>;
	status_reason: string | null;
	status_changed_by: number | null;
	status_changed_at: string | null;
	official_response: string | null;
	official_response_by: number | null;
	official_response_at: string | null;
	client_token: string;
	created_at: string;
	updated_at: string;
	/** The head's RHK it supports (migration 0012); null: an additional result. */
	head_rhk_id: Generated<number | null>;
	/** 'direct' | 'indirect'; null when no RHK is named. */
	cascading: Generated<string | null>;
}

export interface IndicatorRevisionTable {
	id: Generated<number>;
	indicator_id: number;
	version: number;
	editor_id: number;
	reason: string;
	snapshot_json: string;
	created_at: string;
}

export interface IndicatorSupporterTable {
	indicator_id: number;
	person_id: number;
	created_at: string;
}

export type Stance = 'support' | 'neutral' | 'concern';

export interface CommentTable {
	id: Generated<number>;
	indicator_id: number;
	round_id: number;
	author_id: number;
	parent_id: number | null;
	depth: Generated<number>;
	stance: Stance;
	body: string;
	edited_at: string | null;
	hidden_at: string | null;
	hidden_by: number | null;
	hidden_reason: string | null;
	moved_from_indicator_id: number | null;
	client_token: string;
	created_at: string;
}

export interface CommentEditTable {
	id: Generated<number>;
	comment_id: number;
	previous_body: string;
	previous_stance: Stance;
	edited_at: string;
}

export interface CommentReportTable {
	id: Generated<number>;
	comment_id: number;
	round_id: number;
	reporter_id: number;
	reason: string;
	created_at: string;
	resolution: 'hidden' | 'dismissed' | null;
	resolved_by: number | null;
	resolved_at: string | null;
}

export interface NotificationTable {
	id: Generated<number>;
	person_id: number;
	kind: string;
	round_id: number | null;
	indicator_id: number | null;
	comment_id: number | null;
	params_json: string;
	created_at: string;
	read_at: string | null;
}

export interface RoundTables {
	round: RoundTable;
	round_schedule: RoundScheduleTable;
	round_phase_event: RoundPhaseEventTable;
	indicator: IndicatorTable;
	indicator_revision: IndicatorRevisionTable;
	indicator_supporter: IndicatorSupporterTable;
	comment: CommentTable;
	comment_edit: CommentEditTable;
	comment_report: CommentReportTable;
	notification: NotificationTable;
}

export type Round = Selectable<RoundTable>;
export type NewRound = Insertable<RoundTable>;
export type RoundUpdate = Updateable<RoundTable>;
export type Indicator = Selectable<IndicatorTable>;
export type NewIndicator = Insertable<IndicatorTable>;
export type Comment = Selectable<CommentTable>;
