import type { Generated, Selectable } from 'kysely';

export type AdoptionStatus = 'draft' | 'submitted' | 'returned' | 'approved';
export type ConsensusDecision = 'reached' | 'not_reached' | 'rejected' | 'unknown';

export interface AdoptionTable {
	id: Generated<number>;
	round_id: number;
	title: string;
	status: Generated<AdoptionStatus>;
	period_start: string;
	period_end: string;
	unit_ids_json: string;
	position_types_json: string;
	drafted_by: number;
	submitted_at: string | null;
	approved_by: number | null;
	approved_at: string | null;
	created_at: string;
	updated_at: string;
}

export interface AdoptionEditorTable {
	adoption_id: number;
	person_id: number;
}

export interface AdoptionItemTable {
	id: Generated<number>;
	adoption_id: number;
	indicator_id: number;
	weight: number;
	target: string;
	consensus_decision: ConsensusDecision;
	justification: string | null;
	skp_kind: string;
	rencana_hasil_kerja: string | null;
	indikator_kinerja: string;
	aspect: string | null;
	berakhlak_value: string | null;
}

export interface AdoptionItemTargetTable {
	item_id: number;
	org_unit_id: number;
	target: string;
}

export interface AdoptionEventTable {
	id: Generated<number>;
	adoption_id: number;
	kind: 'submitted' | 'returned' | 'approved';
	actor_id: number;
	comment: string | null;
	at: string;
}

export interface CriteriaSetTable {
	id: Generated<number>;
	org_unit_id: number;
	position_type: string;
	period_start: string;
	period_end: string;
	version: number;
	adoption_id: number;
	status: 'in_force' | 'superseded';
	superseded_by: number | null;
	created_at: string;
}

export interface OfficialCriterionTable {
	id: Generated<number>;
	set_id: number;
	adoption_item_id: number;
	indicator_id: number;
	round_id: number;
	name: string;
	definition: string;
	formula: string;
	unit_of_measure: string;
	data_source: string;
	frequency: string;
	weight: number;
	target: string;
	skp_kind: string;
	rencana_hasil_kerja: string | null;
	indikator_kinerja: string;
	aspect: string | null;
	berakhlak_value: string | null;
}

export interface ApiTokenTable {
	id: Generated<number>;
	name: string;
	prefix: string;
	secret_hash: string;
	scopes_json: string;
	created_by: number;
	created_at: string;
	last_used_at: string | null;
	revoked_at: string | null;
	revoked_by: number | null;
}

export interface ApiRateTable {
	token_id: number;
	minute: string;
	requests: number;
}

export interface CriteriaTables {
	adoption: AdoptionTable;
	adoption_editor: AdoptionEditorTable;
	adoption_item: AdoptionItemTable;
	adoption_item_target: AdoptionItemTargetTable;
	adoption_event: AdoptionEventTable;
	criteria_set: CriteriaSetTable;
	official_criterion: OfficialCriterionTable;
	api_token: ApiTokenTable;
	api_rate: ApiRateTable;
}

export type Adoption = Selectable<AdoptionTable>;
export type AdoptionItem = Selectable<AdoptionItemTable>;
export type CriteriaSet = Selectable<CriteriaSetTable>;
export type OfficialCriterion = Selectable<OfficialCriterionTable>;
export type ApiToken = Selectable<ApiTokenTable>;
