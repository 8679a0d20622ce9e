import type { Generated, Selectable } from 'kysely';

export interface SurveyTable {
	id: Generated<number>;
	title: string;
	description: Generated<string>;
	/** A label such as "2026" or "2026-S1": answers carry no time finer than this. */
	period: string;
	/** Optional link to a consultation round (foreign key since migration 0007). */
	round_id: number | null;
	scope_json: string;
	/** 'draft' until the facilitator schedules it; open while scheduled and opens_at ≤ now < closes_at. */
	status: Generated<string>;
	opens_at: string;
	closes_at: string;
	min_group_size: Generated<number>;
	min_text_group_size: Generated<number>;
	created_by: number | null;
	created_at: string;
	updated_at: string;
}

export interface SurveyItemTable {
	id: Generated<number>;
	survey_id: number;
	position: number;
	/** 'likert' (1–5), 'choice' (one of options_json) or 'text'. */
	kind: string;
	dimension: string | null;
	/** Built-in instrument items are worded from the message catalogue, in the reader's language. */
	builtin_key: string | null;
	text: Generated<string>;
	options_json: string | null;
	required: Generated<number>;
}

/** That a person took part — nothing about what they answered. */
export interface SurveyParticipationTable {
	survey_id: number;
	person_id: number;
}

/** What was answered — nothing about who answered. */
export interface SurveyResponseTable {
	/** 128 random bits, hex. */
	id: string;
	survey_id: number;
	/** The person's OPD (the unit directly under the regency), or null when that group is too small. */
	opd_unit_id: number | null;
	position_type: string | null;
	/** { [itemId]: number | string } */
	answers_json: string;
}

export interface SurveyTextModerationTable {
	response_id: string;
	item_id: number;
	survey_id: number;
	reason: string;
	hidden_by: number | null;
	hidden_at: string;
}

export interface SurveyTables {
	survey: SurveyTable;
	survey_item: SurveyItemTable;
	survey_participation: SurveyParticipationTable;
	survey_response: SurveyResponseTable;
	survey_text_moderation: SurveyTextModerationTable;
}

export type Survey = Selectable<SurveyTable>;
export type SurveyItem = Selectable<SurveyItemTable>;
