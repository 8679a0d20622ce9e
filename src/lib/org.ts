/** Kinds of organisation unit, from the regency down to a kelurahan. */
export const UNIT_KINDS = [
	'pemda',
	'sekretariat',
	'inspektorat',
	'dinas',
	'badan',
	'kecamatan',
	'rsud',
	'satuan',
	'bidang',
	'bagian',
	'upt',
	'kelurahan'
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
