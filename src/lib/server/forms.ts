import type { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { textProblem } from '$lib/validation/fields';

type MessageFn = (params?: Record<string, unknown>) => string;
const catalogue = m as unknown as Record<string, MessageFn>;

/** Looks a message key up in the catalogue; unknown keys fall back to a generic message. */
export function translate(key: string, params: Record<string, unknown> = {}): string {
	const fn = catalogue[key];
	return typeof fn === 'function' ? fn(params) : m.error_invalid();
}

interface IssueLike {
	code: string;
	message: string;
	minimum?: unknown;
	maximum?: unknown;
	origin?: string;
	input?: unknown;
}

/**
 * Schemas name a catalogue key as their message (`{ message: 'nip_length' }`); zod's own checks
 * (lengths, types) are mapped to generic localised messages here.
 */
export function localiseIssue(issue: IssueLike): string {
	if (issue.message in catalogue)
		return translate(issue.message, issue as unknown as Record<string, unknown>);
	switch (issue.code) {
		case 'too_small':
			if (issue.origin === 'string') {
				return Number(issue.minimum) <= 1
					? m.error_required()
					: m.error_too_short({ min: String(issue.minimum) });
			}
			if (issue.origin === 'array' || issue.origin === 'set') return m.error_required();
			return m.error_number_range({ min: String(issue.minimum), max: '…' });
		case 'too_big':
			if (issue.origin === 'string') return m.error_too_long({ max: String(issue.maximum) });
			return m.error_number_range({ min: '…', max: String(issue.maximum) });
		case 'invalid_type':
			return issue.input === undefined || issue.input === null || issue.input === ''
				? m.error_required()
				: m.error_invalid();
		default:
			return m.error_invalid();
	}
}

export type FieldErrors = Record<string, string>;

export type ParsedForm<T> =
	{ ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, string> };

/** A submitted form: FormData from a route, or a parsed urlencoded body (the rating fast lane). */
export type FormLike = Pick<FormData, 'keys' | 'getAll'> | URLSearchParams;

/** FormData → plain object; repeated names become arrays, files are left out. */
export function formToObject(form: FormLike): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const key of new Set(form.keys())) {
		const all = (form.getAll(key) as unknown[]).filter((v): v is string => typeof v === 'string');
		out[key] = key.endsWith('[]') ? all : (all[0] ?? '');
	}
	return out;
}

/**
 * Validates a submitted form once, at the boundary. On failure returns localised errors per
 * field and the values to put back in the form — only those listed in `echo` (never passwords).
 */
export function parseForm<S extends z.ZodType>(
	schema: S,
	form: FormLike,
	echo: string[] = []
): ParsedForm<z.output<S>> {
	const raw = formToObject(form);
	const errors: FieldErrors = {};
	// Every field, whatever its schema: no NUL, control, bidi override or broken character
	// reaches a query (see validation/fields.ts for the per-field rules and normalisation).
	for (const [key, value] of Object.entries(raw)) {
		for (const v of Array.isArray(value) ? value : [value]) {
			const problem = textProblem(v, true);
			if (problem) errors[key] ??= translate(problem);
		}
	}
	const result = schema.safeParse(raw);
	if (result.success && Object.keys(errors).length === 0) return { ok: true, data: result.data };
	for (const issue of result.error?.issues ?? []) {
		const field = issue.path.join('.') || '_form';
		errors[field] ??= localiseIssue(issue as unknown as IssueLike);
	}
	const values: Record<string, string> = {};
	for (const key of echo) {
		const v = raw[key];
		if (typeof v === 'string') values[key] = v.slice(0, 2000);
	}
	return { ok: false, errors, values };
}
