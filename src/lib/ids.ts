/**
 * The one reading of an id that arrives from outside (URL, form field, query parameter). Ids are
 * PostgreSQL `integer` columns (SQLite's are wider, but both databases must refuse the same input),
 * so an id is a positive whole number up to 2^31 − 1, written in plain decimal digits: no sign,
 * exponent, fraction, leading zero or padding. Everything else is "no such object", answered
 * before any query is built.
 */
export const ID_MAX = 2_147_483_647;

const DIGITS = /^[1-9][0-9]{0,9}$/;

/** The id written in `value`, or null when it is not one. */
export function parseId(value: unknown): number | null {
	if (typeof value !== 'string' || !DIGITS.test(value)) return null;
	const n = Number(value);
	return n <= ID_MAX ? n : null;
}

/** True when `value` is a whole number in an id column's range (for numbers already parsed). */
export function isId(value: unknown): value is number {
	return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= ID_MAX;
}
