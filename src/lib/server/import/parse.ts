import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { mapHeader, TEMPLATE_HEADERS, type ImportField, type ImportRow } from './columns';
import { checkXlsxArchive } from './zipLimits';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 50_000;

/** A problem with the file as a whole; nothing from such a file is ever written. */
export interface FileProblem {
	/** Message key suffix: shown as `import_file_<code>`. */
	code: string;
	params?: Record<string, string>;
}

export interface ParsedFile {
	format: 'csv' | 'xlsx';
	/** CSV only: how the bytes were decoded and split. */
	encoding?: 'utf-8' | 'windows-1252';
	delimiter?: ';' | ',';
	/** XLSX only: the sheet the rows came from. */
	sheet?: string;
	rows: ImportRow[];
	fileErrors: FileProblem[];
}

/**
 * What a spreadsheet import expects of its header row. The staff register and the head's RHK
 * list share one reader (encodings, delimiters, XLSX sheets, row numbers) and differ only here.
 */
export interface TableSpec<F extends string> {
	mapHeader(cells: string[]): { columns: Partial<Record<F, number>>; missing: F[] };
	/** The header a person should add when a column is missing. */
	headerName(field: F): string;
	/** A column whose numbers must be exact (an 18-digit NIP typed into a number cell is not). */
	exactColumn?: F;
}

/** The data rows of a file, below its header, with the column each field was found in. */
export interface ParsedTable<F extends string> {
	format: 'csv' | 'xlsx';
	encoding?: 'utf-8' | 'windows-1252';
	delimiter?: ';' | ',';
	sheet?: string;
	columns: Partial<Record<F, number>>;
	records: { cells: string[]; row: number }[];
	fileErrors: FileProblem[];
}

/** The trimmed cell of `field` in one record ('' when the column is absent). */
export function cellOf<F extends string>(
	table: Pick<ParsedTable<F>, 'columns'>,
	cells: string[],
	field: F
): string {
	const i = table.columns[field];
	return i === undefined ? '' : (cells[i] ?? '').trim();
}

function columnNames<F extends string>(spec: TableSpec<F>, fields: F[]): string {
	return fields.map((f) => spec.headerName(f)).join(', ');
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function isXlsx(bytes: Uint8Array, fileName: string): boolean {
	// XLSX is a ZIP archive: "PK\x03\x04".
	const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
	return zip || /\.xlsx$/i.test(fileName);
}

/**
 * Staff registers come out of Excel on Windows as often as from SIASN: a UTF-8 file (with or
 * without BOM) decodes strictly; anything that is not valid UTF-8 is read as Windows-1252, the
 * code page Excel uses for "CSV" on Indonesian Windows.
 */
export function decodeText(bytes: Uint8Array): {
	text: string;
	encoding: 'utf-8' | 'windows-1252';
} {
	const hasBom = UTF8_BOM.every((b, i) => bytes[i] === b);
	const body = hasBom ? bytes.subarray(3) : bytes;
	try {
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
	} catch {
		return { text: iconv.decode(Buffer.from(body), 'windows-1252'), encoding: 'windows-1252' };
	}
}

/** `;` (Excel with Indonesian regional settings) or `,`: whichever the header line has more of. */
function detectDelimiter(text: string): ';' | ',' {
	const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
	const count = (ch: string) => firstLine.split(ch).length - 1;
	return count(';') >= count(',') && count(';') > 0 ? ';' : ',';
}

function cellText(value: unknown): string {
	if (value === null || value === undefined) return '';
	return String(value).trim();
}

function dataRecords<F extends string>(
	spec: TableSpec<F>,
	records: { cells: string[]; row: number }[],
	fileErrors: FileProblem[]
): { columns: Partial<Record<F, number>>; records: { cells: string[]; row: number }[] } {
	const header = records.find((r) => r.cells.some((c) => c !== ''));
	if (!header) {
		fileErrors.push({ code: 'empty' });
		return { columns: {}, records: [] };
	}
	const { columns, missing } = spec.mapHeader(header.cells);
	if (missing.length) {
		fileErrors.push({ code: 'missing_columns', params: { columns: columnNames(spec, missing) } });
		return { columns, records: [] };
	}
	const rows = records.filter((r) => r.row > header.row && r.cells.some((c) => c !== ''));
	if (rows.length === 0) fileErrors.push({ code: 'no_rows' });
	if (rows.length > MAX_IMPORT_ROWS) {
		fileErrors.push({
			code: 'too_many_rows',
			params: { rows: String(rows.length), max: String(MAX_IMPORT_ROWS) }
		});
		return { columns, records: [] };
	}
	return { columns, records: rows };
}

function parseCsvFile<F extends string>(spec: TableSpec<F>, bytes: Uint8Array): ParsedTable<F> {
	const { text: decoded, encoding } = decodeText(bytes);
	// Files edited on several machines mix CRLF, LF and bare CR; one convention makes row
	// numbers match what a text editor shows.
	const text = decoded.replace(/\r\n?/g, '\n');
	const delimiter = detectDelimiter(text);
	const fileErrors: FileProblem[] = [];
	let records: { cells: string[]; row: number }[];
	try {
		const parsed = parseCsv(text, {
			delimiter,
			record_delimiter: '\n',
			relax_column_count: true,
			skip_empty_lines: true,
			info: true
		}) as unknown as { record: string[]; info: { lines: number } }[];
		records = parsed.map(({ record, info }) => ({
			cells: record.map(cellText),
			// info.lines is where the record ends; a quoted cell may span lines.
			row: info.lines - record.reduce((n, c) => n + (c.split('\n').length - 1), 0)
		}));
	} catch (e) {
		if (!(e instanceof CsvError)) throw e;
		const line = (e as CsvError & { lines?: number }).lines;
		return {
			format: 'csv',
			encoding,
			delimiter,
			columns: {},
			records: [],
			fileErrors: [{ code: 'malformed_csv', params: { line: String(line ?? '?') } }]
		};
	}
	return {
		format: 'csv',
		encoding,
		delimiter,
		...dataRecords(spec, records, fileErrors),
		fileErrors
	};
}

function xlsxCellText(value: ExcelJS.CellValue): string | { unsafeNumber: true } {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') {
		// An 18-digit NIP typed into a number cell has already lost its last digits in Excel.
		if (!Number.isSafeInteger(value) && Number.isInteger(value)) return { unsafeNumber: true };
		return String(value);
	}
	if (value instanceof Date) return value.toISOString().slice(0, 10);
	if (typeof value === 'object') {
		if ('richText' in value) return value.richText.map((t) => t.text).join('');
		if ('text' in value) return String(value.text);
		if ('result' in value) return xlsxCellText(value.result as ExcelJS.CellValue);
		return '';
	}
	return String(value);
}

async function parseXlsxFile<F extends string>(
	spec: TableSpec<F>,
	bytes: Uint8Array
): Promise<ParsedTable<F>> {
	// Before exceljs unpacks it all into memory: a small upload may unpack to gigabytes.
	const unsafe = await checkXlsxArchive(bytes);
	if (unsafe) return { format: 'xlsx', columns: {}, records: [], fileErrors: [unsafe] };
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
	} catch {
		return { format: 'xlsx', columns: {}, records: [], fileErrors: [{ code: 'malformed_xlsx' }] };
	}
	// Registers often carry extra sheets (instructions, lookups, pivot tables): the list is the
	// first sheet whose header row has every required column.
	for (const sheet of workbook.worksheets) {
		const records: { cells: string[]; row: number }[] = [];
		const numberNips: number[] = [];
		let headerFound = false;
		let exactColumn: number | undefined;
		sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
			const values = row.values as ExcelJS.CellValue[];
			const cells: string[] = [];
			for (let i = 1; i < values.length; i++) {
				const text = xlsxCellText(values[i]);
				if (typeof text === 'object') {
					if (headerFound && i - 1 === exactColumn) numberNips.push(rowNumber);
					cells.push('');
				} else cells.push(text.trim());
			}
			if (!headerFound) {
				const { columns, missing } = spec.mapHeader(cells);
				if (missing.length === 0) {
					headerFound = true;
					exactColumn = spec.exactColumn === undefined ? undefined : columns[spec.exactColumn];
				}
			}
			records.push({ cells, row: rowNumber });
		});
		if (!headerFound) continue;
		const fileErrors: FileProblem[] = [];
		if (numberNips.length) {
			fileErrors.push({
				code: 'nip_as_number',
				params: { rows: numberNips.slice(0, 10).join(', ') }
			});
			return { format: 'xlsx', sheet: sheet.name, columns: {}, records: [], fileErrors };
		}
		// Drop rows above the header (titles, logos) so the header is the first record.
		const headerIndex = records.findIndex((r) => spec.mapHeader(r.cells).missing.length === 0);
		return {
			format: 'xlsx',
			sheet: sheet.name,
			...dataRecords(spec, records.slice(headerIndex), fileErrors),
			fileErrors
		};
	}
	const first = workbook.worksheets[0];
	const headerCells = first
		? ((first.getRow(1).values as ExcelJS.CellValue[]) ?? []).slice(1).map((v) => {
				const t = xlsxCellText(v);
				return typeof t === 'string' ? t : '';
			})
		: [];
	const { missing } = spec.mapHeader(headerCells);
	return {
		format: 'xlsx',
		columns: {},
		records: [],
		fileErrors: [
			first
				? { code: 'missing_columns', params: { columns: columnNames(spec, missing) } }
				: { code: 'empty' }
		]
	};
}

/** Reads a spreadsheet (CSV or XLSX) up to its data rows; file-level problems mean "use no row". */
export async function parseTable<F extends string>(
	spec: TableSpec<F>,
	bytes: Uint8Array,
	fileName: string
): Promise<ParsedTable<F>> {
	if (bytes.byteLength > MAX_IMPORT_BYTES) {
		return {
			format: isXlsx(bytes, fileName) ? 'xlsx' : 'csv',
			columns: {},
			records: [],
			fileErrors: [{ code: 'too_large', params: { max: '20 MB' } }]
		};
	}
	if (bytes.byteLength === 0)
		return { format: 'csv', columns: {}, records: [], fileErrors: [{ code: 'empty' }] };
	return isXlsx(bytes, fileName) ? parseXlsxFile(spec, bytes) : parseCsvFile(spec, bytes);
}

const STAFF_TABLE: TableSpec<ImportField> = {
	mapHeader,
	headerName: (f) => TEMPLATE_HEADERS[f],
	exactColumn: 'nip'
};

/** Reads a staff register (CSV or XLSX) into rows; file-level problems mean "use no row". */
export async function parseStaffFile(bytes: Uint8Array, fileName: string): Promise<ParsedFile> {
	const table = await parseTable(STAFF_TABLE, bytes, fileName);
	const get = (cells: string[], field: ImportField) => cellOf(table, cells, field);
	const rows: ImportRow[] = table.records.map((r) => ({
		row: r.row,
		nip: get(r.cells, 'nip'),
		fullName: get(r.cells, 'fullName'),
		unitCode: get(r.cells, 'unitCode'),
		positionTitle: get(r.cells, 'positionTitle'),
		positionType: get(r.cells, 'positionType'),
		grade: get(r.cells, 'grade'),
		employmentType: get(r.cells, 'employmentType'),
		roles: table.columns.roles === undefined ? null : get(r.cells, 'roles') || null
	}));
	return {
		format: table.format,
		encoding: table.encoding,
		delimiter: table.delimiter,
		sheet: table.sheet,
		rows,
		fileErrors: table.fileErrors
	};
}
