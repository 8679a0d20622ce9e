/** Who manages one round: its creator and those an admin or the creator added. */
export interface RoundFacilitatorTable {
	round_id: number;
	person_id: number;
	added_by: number | null;
	added_at: string;
}

/** A unit (with its sub-units) whose results a leader may see and approve. */
export interface LeaderScopeTable {
	person_id: number;
	org_unit_id: number;
	granted_by: number | null;
	granted_at: string;
}

export interface PrivilegeTables {
	round_facilitator: RoundFacilitatorTable;
	leader_scope: LeaderScopeTable;
}
