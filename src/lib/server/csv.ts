/**
 * Cells that start with = + - @ (or a tab/CR) are run as formulas by Excel and LibreOffice; a
 * name or an audit value from an uploaded file must never execute on an admin's machine.
 */
function neutralise(value: string): string {
	return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function cell(value: unknown): string {
	const text = neutralise(value === null || value === undefined ? '' : String(value));
	return /[";\n\r,]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A CSV that Excel on Indonesian Windows opens correctly: UTF-8 with a BOM, `;` separated,
 * CRLF line ends.
 */
export function toCsv(header: string[], rows: unknown[][]): string {
	return '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(';')).join('\r\n') + '\r\n';
}
