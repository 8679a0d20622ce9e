export const ROLES = ['asn', 'facilitator', 'leader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
	return (ROLES as readonly string[]).includes(value);
}

export const POSITION_TYPES = [
	'jpt',
	'administrator',
	'pengawas',
	'pelaksana',
	'fungsional'
] as const;
export type PositionType = (typeof POSITION_TYPES)[number];

export const EMPLOYMENT_TYPES = ['PNS', 'PPPK'] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];
