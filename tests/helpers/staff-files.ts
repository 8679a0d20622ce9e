import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export const HEADER = [
	'NIP',
	'Nama',
	'Kode Unit',
	'Jabatan',
	'Jenis Jabatan',
	'Golongan',
	'Status',
	'Peran'
];

let seq = 0;
/** A valid NIP unique within the test run (a different range from fixtures.makeNip). */
export function importNip(): string {
	seq++;
	const s = String((seq % 999) + 1).padStart(3, '0');
	const day = String((Math.floor(seq / 999) % 28) + 1).padStart(2, '0');
	const month = String((Math.floor(seq / (999 * 28)) % 12) + 1).padStart(2, '0');
	return `1985${month}${day}2010012${s}`;
}

export interface StaffLine {
	nip: string;
	name: string;
	unit: string;
	title?: string;
	type?: string;
	grade?: string;
	status?: string;
	roles?: string;
}

export function cells(l: StaffLine): string[] {
	return [
		l.nip,
		l.name,
		l.unit,
		l.title ?? 'Pengadministrasi Umum',
		l.type ?? 'pelaksana',
		l.grade ?? 'II/c',
		l.status ?? 'PNS',
		l.roles ?? ''
	];
}

function quote(v: string, sep: string): string {
	return v.includes(sep) || v.includes('"') || v.includes('\n') ? `"${v.replace(/"/g, '""')}"` : v;
}

/** A CSV as Excel would write it; options pick the separator, line ends, BOM and code page. */
export function staffCsv(
	lines: StaffLine[],
	opts: {
		sep?: ';' | ',';
		eol?: string | string[];
		bom?: boolean;
		cp1252?: boolean;
		header?: string[];
	} = {}
): Uint8Array {
	const sep = opts.sep ?? ';';
	const rows = [opts.header ?? HEADER, ...lines.map(cells)].map((r) =>
		r.map((v) => quote(v, sep)).join(sep)
	);
	const eols = Array.isArray(opts.eol) ? opts.eol : [opts.eol ?? '\r\n'];
	const text = rows.map((r, i) => r + eols[i % eols.length]).join('');
	if (opts.cp1252) return new Uint8Array(iconv.encode(text, 'windows-1252'));
	const body = new TextEncoder().encode(text);
	if (!opts.bom) return body;
	const out = new Uint8Array(body.length + 3);
	out.set([0xef, 0xbb, 0xbf]);
	out.set(body, 3);
	return out;
}

/** An XLSX with an instructions sheet first, the staff sheet, and a lookup sheet after it. */
export async function staffXlsx(
	lines: StaffLine[],
	opts: { nipAsNumber?: boolean } = {}
): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const help = wb.addWorksheet('Petunjuk');
	help.addRow(['Petunjuk pengisian']);
	help.addRow(['Isi satu baris per pegawai. Kolom NIP diformat sebagai teks.']);
	const data = wb.addWorksheet('Data Pegawai');
	data.addRow(['DAFTAR PEGAWAI KABUPATEN BATANGHARI']);
	data.addRow(HEADER);
	for (const l of lines) {
		const row = cells(l) as (string | number)[];
		if (opts.nipAsNumber) row[0] = Number(l.nip);
		data.addRow(row);
	}
	const lookup = wb.addWorksheet('Referensi');
	lookup.addRow(['Kode Unit', 'Nama Unit']);
	lookup.addRow(['X', 'Y']);
	return new Uint8Array(await wb.xlsx.writeBuffer());
}
