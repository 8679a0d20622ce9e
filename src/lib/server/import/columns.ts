import { checkNip, normalizeNip } from '$lib/nip';
import { searchable } from '$lib/text';
import { normaliseText, textProblem } from '$lib/validation/fields';
import { EMPLOYMENT_TYPES, POSITION_TYPES, type PositionType, type Role } from '$lib/roles';

/** The columns of a staff register, in the order the template lists them. */
export const IMPORT_FIELDS = [
	'nip',
	'fullName',
	'unitCode',
	'positionTitle',
	'positionType',
	'grade',
	'employmentType',
	'roles'
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Only `roles` (peran) may be left out of a file. */
export const REQUIRED_FIELDS: ImportField[] = IMPORT_FIELDS.filter((f) => f !== 'roles');

/** The header names of the downloadable template (Indonesian, as BKPSDM exports use). */
export const TEMPLATE_HEADERS: Record<ImportField, string> = {
	nip: 'NIP',
	fullName: 'Nama',
	unitCode: 'Kode Unit',
	positionTitle: 'Jabatan',
	positionType: 'Jenis Jabatan',
	grade: 'Golongan',
	employmentType: 'Status',
	roles: 'Peran'
};

// Header spellings seen in SIMPEG/SIASN exports and in English files, compared after
// `searchable()` (lower case, no accents, punctuation as single spaces).
const HEADER_ALIASES: Record<ImportField, string[]> = {
	nip: ['nip', 'nip baru', 'nip 18', 'nomor induk pegawai', 'employee id', 'employee number'],
	fullName: ['nama', 'nama lengkap', 'nama pegawai', 'name', 'full name', 'employee name'],
	unitCode: [
		'kode unit',
		'kode unit kerja',
		'kode unor',
		'unit code',
		'unit kode',
		'org unit code'
	],
	positionTitle: ['jabatan', 'nama jabatan', 'position', 'position title', 'job title'],
	positionType: ['jenis jabatan', 'tipe jabatan', 'position type', 'job type'],
	grade: ['golongan', 'gol', 'golongan ruang', 'pangkat golongan', 'grade'],
	employmentType: [
		'status',
		'status pegawai',
		'status kepegawaian',
		'jenis pegawai',
		'employment type',
		'employment status'
	],
	roles: ['peran', 'peran aplikasi', 'role', 'roles']
};

const HEADER_LOOKUP = new Map<string, ImportField>(
	Object.entries(HEADER_ALIASES).flatMap(([field, names]) =>
		names.map((n) => [n, field as ImportField] as const)
	)
);

/** Maps each recognised header cell to its column index; unknown headers are ignored. */
export function mapHeader(cells: string[]): {
	columns: Partial<Record<ImportField, number>>;
	missing: ImportField[];
} {
	const columns: Partial<Record<ImportField, number>> = {};
	cells.forEach((cell, i) => {
		const field = HEADER_LOOKUP.get(searchable(cell ?? ''));
		if (field && columns[field] === undefined) columns[field] = i;
	});
	return { columns, missing: REQUIRED_FIELDS.filter((f) => columns[f] === undefined) };
}

/** One data row as read from the file, values trimmed but not yet checked. */
export interface ImportRow {
	/** The row number a spreadsheet shows (the header is row 1). */
	row: number;
	nip: string;
	fullName: string;
	unitCode: string;
	positionTitle: string;
	positionType: string;
	grade: string;
	employmentType: string;
	/** null when the file has no roles column or the cell is empty. */
	roles: string | null;
}

export interface RowProblem {
	row: number;
	field: ImportField | null;
	/** Message key suffix: shown as `import_err_<code>` in the reader's language. */
	code: string;
	params?: Record<string, string>;
}

/** A row that passed every check that does not need the database. */
export interface CleanRow {
	row: number;
	nip: string;
	fullName: string;
	unitCode: string;
	positionTitle: string;
	positionType: PositionType;
	grade: string;
	employmentType: 'PNS' | 'PPPK';
	roles: Role[] | null;
}

const POSITION_ALIASES = new Map<string, PositionType>([
	...POSITION_TYPES.map((t) => [t, t] as [string, PositionType]),
	['jpt pratama', 'jpt'],
	['jpt madya', 'jpt'],
	['jabatan pimpinan tinggi', 'jpt'],
	['pimpinan tinggi', 'jpt'],
	['senior executive', 'jpt'],
	['jabatan administrator', 'administrator'],
	['jabatan pengawas', 'pengawas'],
	['supervisor', 'pengawas'],
	['jabatan pelaksana', 'pelaksana'],
	['staff', 'pelaksana'],
	['jabatan fungsional', 'fungsional'],
	['jft', 'fungsional'],
	['functional', 'fungsional']
]);

const ROLE_ALIASES = new Map<string, Role>([
	['asn', 'asn'],
	['pegawai', 'asn'],
	['fasilitator', 'facilitator'],
	['facilitator', 'facilitator'],
	['pimpinan', 'leader'],
	['leader', 'leader'],
	['leadership', 'leader'],
	['admin', 'admin'],
	['administrator aplikasi', 'admin']
]);

const ROMAN = ['I', 'II', 'III', 'IV'];
const PPPK_ROMAN = [
	'I',
	'II',
	'III',
	'IV',
	'V',
	'VI',
	'VII',
	'VIII',
	'IX',
	'X',
	'XI',
	'XII',
	'XIII',
	'XIV',
	'XV',
	'XVI',
	'XVII'
];

/**
 * PNS grades are golongan/ruang (I/a … IV/e; I–III go up to d, IV to e); PPPK grades are
 * I … XVII. Returns the canonical spelling, or null.
 */
export function normalizeGrade(raw: string, employment: 'PNS' | 'PPPK'): string | null {
	const g = raw.trim().toUpperCase().replace(/\s+/g, '');
	if (employment === 'PPPK') {
		const bare = g.replace(/^PPPK/, '');
		return PPPK_ROMAN.includes(bare) ? bare : null;
	}
	const match = /^(I|II|III|IV)[/-]?([A-E])$/.exec(g);
	if (!match) return null;
	const [, golongan, ruang] = match;
	if (ruang === 'E' && golongan !== 'IV') return null;
	return ROMAN.includes(golongan) ? `${golongan}/${ruang.toLowerCase()}` : null;
}

const MAX_LENGTH: Partial<Record<ImportField, number>> = {
	fullName: 200,
	positionTitle: 200,
	unitCode: 40
};

/** Checks one row on its own; the database checks (unit codes, changes) come later. */
export function checkRow(
	raw: ImportRow,
	today: Date = new Date()
): { ok: true; row: CleanRow } | { ok: false; problems: RowProblem[] } {
	const problems: RowProblem[] = [];
	const problem = (field: ImportField, code: string, params?: Record<string, string>) =>
		problems.push({ row: raw.row, field, code, params });

	for (const field of REQUIRED_FIELDS) {
		if (!raw[field]) problem(field, 'required');
	}
	// The forms' text rules, so a row the preview accepts is a row the database takes: a NUL
	// would fail the apply step on PostgreSQL, a bidi control would reverse a name in every list.
	// Line breaks and tabs are allowed here because they are folded into spaces below.
	for (const field of IMPORT_FIELDS) {
		const text = textProblem(String(raw[field] ?? ''), true);
		if (text) problem(field, 'text', { problem: text });
	}
	for (const [field, max] of Object.entries(MAX_LENGTH) as [ImportField, number][]) {
		if (String(raw[field] ?? '').length > max) problem(field, 'too_long', { max: String(max) });
	}
	const nip = normalizeNip(raw.nip);
	if (raw.nip) {
		const check = checkNip(nip, today);
		if (!check.ok) problem('nip', 'nip', { problem: check.problem });
	}
	const positionType = POSITION_ALIASES.get(searchable(raw.positionType));
	if (raw.positionType && !positionType)
		problem('positionType', 'position_type', { value: raw.positionType });
	const employment = raw.employmentType.trim().toUpperCase();
	const employmentType = (EMPLOYMENT_TYPES as readonly string[]).includes(employment)
		? (employment as 'PNS' | 'PPPK')
		: null;
	if (raw.employmentType && !employmentType)
		problem('employmentType', 'employment_type', { value: raw.employmentType });
	const grade = employmentType && raw.grade ? normalizeGrade(raw.grade, employmentType) : null;
	if (employmentType && raw.grade && !grade)
		problem('grade', 'grade', { value: raw.grade, employment: employmentType });
	let roles: Role[] | null = null;
	if (raw.roles && raw.roles.trim()) {
		roles = [];
		for (const part of raw.roles.split(/[,;|/]+/)) {
			const key = searchable(part);
			if (!key) continue;
			const role = ROLE_ALIASES.get(key);
			if (!role) problem('roles', 'role', { value: part.trim() });
			else if (!roles.includes(role)) roles.push(role);
		}
	}
	if (problems.length) return { ok: false, problems };
	return {
		ok: true,
		row: {
			row: raw.row,
			nip,
			fullName: normaliseText(raw.fullName.replace(/\s+/g, ' ')),
			unitCode: normaliseText(raw.unitCode),
			positionTitle: normaliseText(raw.positionTitle.replace(/\s+/g, ' ')),
			positionType: positionType!,
			grade: grade!,
			employmentType: employmentType!,
			roles
		}
	};
}
