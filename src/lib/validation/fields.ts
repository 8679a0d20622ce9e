import { z } from 'zod';
import { parseId } from '$lib/ids';

/**
 * The one boundary for text and numbers that people (or scripts) send: every schema builds its
 * fields from these, so every form, query and import row is held to the same rules. Messages are
 * catalogue keys (see `localiseIssue`).
 */

export type TextProblem =
	'input_text_encoding' | 'input_text_control' | 'input_text_newline' | 'input_text_bidi';

// A lone UTF-16 surrogate: no character at all, and PostgreSQL refuses it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// C0 controls (NUL among them; PostgreSQL refuses NUL in text) except tab, LF and CR, then DEL
// and the C1 controls: invisible, never typed, and able to hide text in exports.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAK = /[\t\n\r]/;
// Embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI): they reorder how a
// line is drawn, so a name could read differently in a list or an export than what was typed.
// Nobody writing Indonesian or English needs them; the plain marks (LRM, RLM) stay allowed.
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

/** Why `value` may not be stored as text, or null when it may. */
export function textProblem(value: string, multiline: boolean): TextProblem | null {
	if (LONE_SURROGATE.test(value)) return 'input_text_encoding';
	if (CONTROL.test(value)) return 'input_text_control';
	if (!multiline && LINE_BREAK.test(value)) return 'input_text_newline';
	if (BIDI_CONTROL.test(value)) return 'input_text_bidi';
	return null;
}

/** Text as stored: Unicode NFC (so "é" typed two ways is one string), trimmed. */
export function normaliseText(value: string): string {
	return value.normalize('NFC').trim();
}

function checkedText(multiline: boolean) {
	return z.string().transform((v, ctx) => {
		const problem = textProblem(v, multiline);
		if (problem) {
			ctx.addIssue({ code: 'custom', message: problem });
			return z.NEVER;
		}
		return normaliseText(v);
	});
}

/** A one-line text field (names, titles, codes): no tab or line break. */
export function line(max: number, min = 1) {
	return checkedText(false).pipe(z.string().min(min).max(max));
}

/** A text area: tabs and line breaks allowed, other controls not. */
export function prose(max: number, min = 1) {
	return checkedText(true).pipe(z.string().min(min).max(max));
}

/** An id from a form or query: see `parseId`. */
export const idField = z.union([z.string(), z.number()]).transform((v, ctx) => {
	const id = typeof v === 'number' ? parseId(String(v)) : parseId(v.trim());
	if (id === null) {
		ctx.addIssue({ code: 'custom', message: 'error_invalid' });
		return z.NEVER;
	}
	return id;
});

/** An id that may be left empty (absent or ''), which reads as null. */
export const optionalIdField = z
	.union([z.string(), z.number()])
	.optional()
	.transform((v) => (v === undefined || v === '' ? null : v))
	.pipe(idField.nullable());

/** A query parameter naming an object: a bad value is the same as no value. */
export const idQuery = idField.optional().catch(undefined);

const WHOLE = /^[+-]?[0-9]{1,15}$/;
const DECIMAL = /^[+-]?[0-9]{1,15}([.,][0-9]{1,15})?$/;

function numeral(pattern: RegExp, message: string) {
	return z.union([z.string(), z.number()]).transform((v, ctx) => {
		if (typeof v === 'number' && Number.isFinite(v)) return v;
		const s = typeof v === 'string' ? v.trim() : '';
		if (typeof v === 'string' && pattern.test(s)) return Number(s.replace(',', '.'));
		// An empty field is "missing", never zero: Number('') would read it as 0.
		ctx.addIssue({
			code: 'custom',
			message: typeof v === 'string' && s === '' ? 'error_required' : message
		});
		return z.NEVER;
	});
}

/** A whole number between `min` and `max` written in plain digits (no exponent, no fraction). */
export function intField(min: number, max: number, message?: string) {
	const range = message ? { message } : undefined;
	return numeral(WHOLE, message ?? 'input_whole_number').pipe(
		z.number().int(range).min(min, range).max(max, range)
	);
}

/** A decimal number between `min` and `max` (point or comma). */
export function decimalField(min: number, max: number, message?: string) {
	const range = message ? { message } : undefined;
	return numeral(DECIMAL, message ?? 'input_number').pipe(
		z.number().min(min, range).max(max, range)
	);
}

/** A free-text query parameter (search box, filter): junk reads as no filter, never as an error. */
export function queryText(max: number) {
	return line(max, 0).optional().catch(undefined);
}
