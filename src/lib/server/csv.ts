/**
 * The one CSV writer: every export goes through it, so quoting and formula neutralising cannot
 * drift apart between exporters.
 *
 * Cells that start with = + - @ (or a tab/CR) are run as formulas by Excel and LibreOffice; a
 * name or an audit value from an uploaded file must never execute on an admin's machine. Numbers
 * are data, not text someone typed, and stay numbers (a mean of -0.5 is not a formula).
 */
export function csvCell(value: unknown): string {
	if (value === null || value === undefined) return '';
	let text = String(value);
	if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	// Both separators are quoted whichever one the file uses: Excel with an Indonesian locale
	// splits on `;`, others on `,`, and a title must stay one cell in either.
	return /[";,\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A CSV that spreadsheet programs open correctly: UTF-8 with a BOM, CRLF line ends, `;`
 * separated by default (Excel on Indonesian Windows); `,` where an export has always used it.
 */
export function toCsv(
	header: string[],
	rows: unknown[][],
	options: { separator?: ';' | ',' } = {}
): string {
	const separator = options.separator ?? ';';
	return (
		'\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(separator)).join('\r\n') + '\r\n'
	);
}
