/** Enumerations of a proposal's structured fields (DESIGN.md "The process", step 2). */
export const PERSPECTIVES = [
	'penerima_layanan',
	'penguatan_internal',
	'proses_bisnis',
	'anggaran'
] as const;
export type Perspective = (typeof PERSPECTIVES)[number];

export const ASPECTS = ['kuantitas', 'kualitas', 'waktu', 'biaya'] as const;
export type Aspect = (typeof ASPECTS)[number];

export const KINDS = ['hasil_kerja', 'perilaku_kerja'] as const;
export type Kind = (typeof KINDS)[number];

/** The seven BerAKHLAK core values of ASN; a perilaku kerja indicator names one. */
export const BERAKHLAK_VALUES = [
	'berorientasi_pelayanan',
	'akuntabel',
	'kompeten',
	'harmonis',
	'loyal',
	'adaptif',
	'kolaboratif'
] as const;
export type BerakhlakValue = (typeof BERAKHLAK_VALUES)[number];

export const FREQUENCIES = ['bulanan', 'triwulanan', 'semesteran', 'tahunan'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const INDICATOR_STATUSES = [
	'submitted',
	'withdrawn',
	'merged',
	'shortlisted',
	'not_shortlisted'
] as const;
export type IndicatorStatus = (typeof INDICATOR_STATUSES)[number];

export const STANCES = ['support', 'neutral', 'concern'] as const;
