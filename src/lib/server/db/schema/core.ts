import type { Generated } from 'kysely';

export interface OrgUnitTable {
	id: Generated<number>;
	code: string;
	name: string;
	kind: string;
	parent_id: number | null;
	retired_at: string | null;
	created_at: string;
	updated_at: string;
}

export interface PersonTable {
	id: Generated<number>;
	nip: string;
	full_name: string;
	org_unit_id: number;
	position_title: string;
	position_type: string;
	grade: string;
	employment_type: string;
	password_hash: string | null;
	must_change_password: Generated<number>;
	/** When the temporary password stops working; null for a chosen password (migration 0010). */
	temporary_password_expires_at: string | null;
	active: Generated<number>;
	locale: string | null;
	/** Lower-cased, accent-free name so search is case-insensitive on both dialects. */
	name_search: string;
	created_at: string;
	updated_at: string;
}

export interface PersonRoleTable {
	person_id: number;
	role: string;
}

export interface SessionTable {
	id: string;
	secret_hash: string;
	person_id: number;
	created_at: string;
	last_active_at: string;
}

export interface LoginThrottleTable {
	key: string;
	failures: number;
	last_failure_at: string;
	blocked_until: string | null;
}

export interface AuditLogTable {
	id: Generated<number>;
	at: string;
	actor_id: number | null;
	action: string;
	object_type: string;
	object_id: string | null;
	before_json: string | null;
	after_json: string | null;
}

export interface SettingTable {
	key: string;
	value: string;
	updated_at: string;
}

export interface CoreTables {
	org_unit: OrgUnitTable;
	person: PersonTable;
	person_role: PersonRoleTable;
	session: SessionTable;
	login_throttle: LoginThrottleTable;
	audit_log: AuditLogTable;
	setting: SettingTable;
}
