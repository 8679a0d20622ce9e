import { searchable } from '$lib/text';
import type { TableSpec } from '$lib/server/import/parse';

/** The columns of a head's RHK list, in the order the template lists them. */
export const RHK_FIELDS = ['unitCode', 'periodStart', 'periodEnd', 'code', 'text'] as const;
export type RhkField = (typeof RHK_FIELDS)[number];

/** Only the RHK's number (`code`) may be left out of a file. */
const REQUIRED: RhkField[] = ['unitCode', 'periodStart', 'periodEnd', 'text'];

export const RHK_TEMPLATE_HEADERS: Record<RhkField, string> = {
	unitCode: 'Kode Unit',
	periodStart: 'Mulai',
	periodEnd: 'Selesai',
	code: 'Nomor',
	text: 'RHK'
};

// Compared after searchable(): the headings a Perjanjian Kinerja table or an e-Kinerja export
// uses, and English ones.
const HEADER_ALIASES: Record<RhkField, string[]> = {
	unitCode: ['kode unit', 'kode unit kerja', 'kode unor', 'kode opd', 'unit code'],
	periodStart: ['mulai', 'periode mulai', 'awal periode', 'tanggal mulai', 'start', 'period start'],
	periodEnd: [
		'selesai',
		'periode selesai',
		'akhir periode',
		'tanggal selesai',
		'end',
		'period end'
	],
	code: ['nomor', 'no', 'nomor rhk', 'kode rhk', 'number', 'rhk number'],
	text: [
		'rhk',
		'rencana hasil kerja',
		'rhk pimpinan',
		'rencana hasil kerja pimpinan',
		'planned result',
		'work result'
	]
};

const HEADER_LOOKUP = new Map<string, RhkField>(
	Object.entries(HEADER_ALIASES).flatMap(([field, names]) =>
		names.map((n) => [n, field as RhkField] as const)
	)
);

export const RHK_TABLE: TableSpec<RhkField> = {
	mapHeader(cells) {
		const columns: Partial<Record<RhkField, number>> = {};
		cells.forEach((cell, i) => {
			const field = HEADER_LOOKUP.get(searchable(cell ?? ''));
			if (field && columns[field] === undefined) columns[field] = i;
		});
		return { columns, missing: REQUIRED.filter((f) => columns[f] === undefined) };
	},
	headerName: (f) => RHK_TEMPLATE_HEADERS[f]
};

/** One RHK as typed (a file row or the form), trimmed but not checked. */
export interface RhkInput {
	/** The spreadsheet row (the header is row 1); 0 for the single-entry form. */
	row: number;
	unitCode: string;
	periodStart: string;
	periodEnd: string;
	code: string;
	text: string;
}

export interface RhkProblem {
	row: number;
	field: RhkField | null;
	/** Shown as `rhk_err_<code>` (or the staff import's `import_err_<code>`). */
	code: string;
	params?: Record<string, string>;
}

export interface CleanRhk {
	row: number;
	unitCode: string;
	periodStart: string;
	periodEnd: string;
	code: string | null;
	text: string;
	textKey: string;
}

export const MAX_RHK_TEXT = 500;
const MAX_RHK_CODE = 20;

/**
 * A calendar date as people type it in Indonesia (31/12/2026, 31-12-2026) or as ISO (and as
 * exceljs gives a date cell): returns YYYY-MM-DD, or null when it is no real date.
 */
export function parseDay(raw: string): string | null {
	const s = raw.trim();
	let y: number, m: number, d: number;
	let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
	if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
	else {
		match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
		if (!match) return null;
		[d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
	}
	const date = new Date(Date.UTC(y, m - 1, d));
	if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
		return null;
	return date.toISOString().slice(0, 10);
}

/** Checks one RHK on its own; unit codes, duplicates and overlaps need the database (plan.ts). */
export function checkRhk(
	raw: RhkInput
): { ok: true; rhk: CleanRhk } | { ok: false; problems: RhkProblem[] } {
	const problems: RhkProblem[] = [];
	const problem = (field: RhkField, code: string, params?: Record<string, string>) =>
		problems.push({ row: raw.row, field, code, params });
	for (const field of REQUIRED) if (!raw[field].trim()) problem(field, 'required');
	const text = raw.text.replace(/\s+/g, ' ').trim();
	if (text.length > MAX_RHK_TEXT) problem('text', 'too_long', { max: String(MAX_RHK_TEXT) });
	const code = raw.code.trim();
	if (code.length > MAX_RHK_CODE) problem('code', 'too_long', { max: String(MAX_RHK_CODE) });
	const start = raw.periodStart.trim() ? parseDay(raw.periodStart) : null;
	const end = raw.periodEnd.trim() ? parseDay(raw.periodEnd) : null;
	if (raw.periodStart.trim() && !start) problem('periodStart', 'date', { value: raw.periodStart });
	if (raw.periodEnd.trim() && !end) problem('periodEnd', 'date', { value: raw.periodEnd });
	if (start && end && end < start) problem('periodEnd', 'period_order');
	if (problems.length) return { ok: false, problems };
	return {
		ok: true,
		rhk: {
			row: raw.row,
			unitCode: raw.unitCode.trim(),
			periodStart: start!,
			periodEnd: end!,
			code: code || null,
			text,
			textKey: searchable(text)
		}
	};
}
