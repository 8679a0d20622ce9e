import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '$lib/server/csv';

/** A small RFC 4180 reader, to check that what we write reads back cell for cell. */
function parse(text: string, separator: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	const body = text.replace(/^\uFEFF/, '');
	for (let i = 0; i < body.length; i++) {
		const c = body[i];
		if (quoted) {
			if (c === '"' && body[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (c === '"') quoted = false;
			else cell += c;
		} else if (c === '"') quoted = true;
		else if (c === separator) {
			row.push(cell);
			cell = '';
		} else if (c === '\r' && body[i + 1] === '\n') {
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
			i++;
		} else cell += c;
	}
	return rows;
}

const NASTY = [
	'Dinas; Kependudukan',
	'Satu, dua',
	'Kata "mutu"',
	'baris\nbaru',
	'baris\r\nbaru',
	'=HYPERLINK("http://evil.example","klik")',
	'+62 812',
	'-1+1',
	'@SUM(A1:A2)',
	'\t=1+1',
	'\r=1+1',
	'biasa'
];

describe('the CSV writer', () => {
	it.each([';', ','] as const)('keeps every cell one cell with %j as separator', (separator) => {
		const text = toCsv(['a', 'b'], [NASTY.slice(0, 6), NASTY.slice(6)], { separator });
		const rows = parse(text, separator);
		expect(rows).toHaveLength(3);
		expect(rows[1]).toHaveLength(6);
		expect(rows[2]).toHaveLength(6);
	});

	it('quotes both separators whichever the file uses', () => {
		expect(csvCell('Dinas; Kependudukan')).toBe('"Dinas; Kependudukan"');
		expect(csvCell('Satu, dua')).toBe('"Satu, dua"');
		expect(csvCell('Kata "mutu"')).toBe('"Kata ""mutu"""');
		expect(csvCell('baris\nbaru')).toBe('"baris\nbaru"');
	});

	it('turns text that starts like a formula into plain text', () => {
		for (const text of NASTY.slice(5, 11)) {
			const cell = parse(toCsv(['x'], [[text]]), ';')[1][0];
			expect(cell.startsWith("'"), JSON.stringify(text)).toBe(true);
			expect(cell.slice(1)).toBe(text);
		}
	});

	it('leaves numbers as numbers, negative ones included', () => {
		expect(csvCell(-0.5)).toBe('-0.5');
		expect(csvCell(0)).toBe('0');
		expect(csvCell(null)).toBe('');
	});

	it('writes a BOM and CRLF line ends for spreadsheet programs', () => {
		expect(toCsv(['a'], [[1]])).toBe('\uFEFFa\r\n1\r\n');
	});
});
