import ExcelJS from 'exceljs';
import type { ExportRow } from './catalogue';
import { toCsv as writeCsv } from '$lib/server/csv';

/**
 * Columns of the SKP-shaped export, one row per indicator per unit and position type. Headers
 * are the SKP field names (PermenPANRB 6/2022) so the file can be keyed into e-Kinerja as is;
 * the JSON export uses the `key`s.
 */
export const EXPORT_COLUMNS: { key: keyof ExportRow; header: string; width: number }[] = [
	{ key: 'unitCode', header: 'Kode Unit', width: 18 },
	{ key: 'unitName', header: 'Unit Kerja', width: 36 },
	{ key: 'positionType', header: 'Jenis Jabatan', width: 14 },
	{ key: 'periodStart', header: 'Periode Mulai', width: 12 },
	{ key: 'periodEnd', header: 'Periode Selesai', width: 12 },
	{ key: 'skpKind', header: 'Jenis (Hasil Kerja/Perilaku Kerja)', width: 16 },
	{ key: 'rencanaHasilKerja', header: 'Rencana Hasil Kerja', width: 36 },
	{ key: 'indikatorKinerja', header: 'Indikator Kinerja Individu', width: 40 },
	{ key: 'target', header: 'Target', width: 18 },
	{ key: 'unitOfMeasure', header: 'Satuan', width: 12 },
	{ key: 'aspect', header: 'Aspek', width: 10 },
	{ key: 'berakhlakValue', header: 'Nilai BerAKHLAK', width: 20 },
	{ key: 'weight', header: 'Bobot', width: 8 },
	{ key: 'definition', header: 'Definisi', width: 40 },
	{ key: 'formula', header: 'Formula', width: 40 },
	{ key: 'dataSource', header: 'Sumber Data', width: 24 },
	{ key: 'frequency', header: 'Frekuensi', width: 12 },
	{ key: 'version', header: 'Versi', width: 7 },
	{ key: 'criterionId', header: 'ID Kriteria', width: 10 },
	{ key: 'roundId', header: 'ID Putaran', width: 10 },
	{ key: 'adoptionId', header: 'ID Adopsi', width: 10 },
	{ key: 'approvedAt', header: 'Disetujui', width: 20 }
];

/** CSV (the shared writer: BOM, quoting, formula neutralising), comma-separated as before. */
export function toCsv(rows: ExportRow[]): string {
	return writeCsv(
		EXPORT_COLUMNS.map((c) => c.header),
		rows.map((r) => EXPORT_COLUMNS.map((c) => r[c.key])),
		{ separator: ',' }
	);
}

export async function toXlsx(rows: ExportRow[], title: string): Promise<ArrayBuffer> {
	const book = new ExcelJS.Workbook();
	book.creator = 'Mufakat';
	book.title = title;
	const sheet = book.addWorksheet('Kriteria SKP', {
		views: [{ state: 'frozen', ySplit: 1 }]
	});
	sheet.columns = EXPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
	sheet.getRow(1).font = { bold: true };
	for (const r of rows) {
		// Text cells go in as plain strings: exceljs never evaluates them as formulas.
		sheet.addRow(Object.fromEntries(EXPORT_COLUMNS.map((c) => [c.key, r[c.key] ?? ''])));
	}
	const buffer = await book.xlsx.writeBuffer();
	// A copy, so the bytes never share a pooled Node buffer with anything else.
	return Uint8Array.from(buffer as unknown as Uint8Array).buffer;
}

/** JSON for other systems: the rows plus when and for which day they were taken. */
export function toJson(rows: ExportRow[], on: string) {
	return {
		inForceOn: on,
		generatedAt: new Date().toISOString(),
		count: rows.length,
		criteria: rows
	};
}
