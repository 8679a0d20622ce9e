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
