import { m } from '$lib/paraglide/messages';
import type { Role } from '$lib/roles';

/** Localised labels for enumerations stored as codes. */
export function roleLabel(role: Role | string): string {
	switch (role) {
		case 'asn':
			return m.role_asn();
		case 'facilitator':
			return m.role_facilitator();
		case 'leader':
			return m.role_leader();
		case 'admin':
			return m.role_admin();
		default:
			return role;
	}
}

export function positionTypeLabel(type: string): string {
	switch (type) {
		case 'jpt':
			return m.position_type_jpt();
		case 'administrator':
			return m.position_type_administrator();
		case 'pengawas':
			return m.position_type_pengawas();
		case 'pelaksana':
			return m.position_type_pelaksana();
		case 'fungsional':
			return m.position_type_fungsional();
		default:
			return type;
	}
}

const OBJECT_TYPES = {
	adoption: m.display_object_adoption,
	api_token: m.display_object_api_token,
	comment: m.display_object_comment,
	import_batch: m.display_object_import_batch,
	indicator: m.display_object_indicator,
	org_unit: m.display_object_org_unit,
	person: m.display_object_person,
	round: m.display_object_round,
	setting: m.display_object_setting,
	survey: m.display_object_survey
} as Record<string, (() => string) | undefined>;

/** What kind of thing an audit entry is about, in the reader's language. */
export function objectTypeLabel(type: string): string {
	return (OBJECT_TYPES[type] ?? m.display_object_other)();
}
