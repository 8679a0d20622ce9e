import { z } from 'zod';
import { decimalField, idField, intField, line, prose } from '$lib/validation/fields';
import { POSITION_TYPES } from '$lib/roles';
import {
	criterionSchema,
	DEFAULT_MAX_DELPHI_ITERATIONS,
	GROUP_AWARE,
	MAX_DELPHI_ITERATIONS_CAP,
	MIN_GROUP_SIZE_FLOOR,
	type Criterion
} from '$lib/rounds/criteria';
import { localToIso, SCHEDULED_PHASES } from '$lib/rounds/schedule';

export const ROUND_LIMITS = { title: 200, purpose: 4000 } as const;
/** Rows offered for criteria in the form (blank rows are ignored). */
export const CRITERIA_SLOTS = 6;

const ids = z.array(idField).max(500).default([]);
const scheduleTime = z
	.string()
	.optional()
	.transform((v, ctx) => {
		if (!v || !v.trim()) return null;
		const iso = localToIso(v);
		if (!iso) {
			ctx.addIssue({ code: 'custom', message: 'round_schedule_invalid' });
			return z.NEVER;
		}
		return iso;
	});

export const roundBasicsSchema = z.object({
	title: line(ROUND_LIMITS.title),
	purpose: prose(ROUND_LIMITS.purpose),
	min_smart_score: intField(0, 100),
	proposing_ends: scheduleTime,
	discussing_ends: scheduleTime,
	rating_ends: scheduleTime
});

export const roundScopeSchema = z.object({
	'units_desc[]': ids,
	'units_only[]': ids,
	'position_types[]': z.array(z.enum(POSITION_TYPES)).max(POSITION_TYPES.length).default([])
});

export const roundRatingSetupSchema = z.object({
	rule_min_median: decimalField(1, 5),
	rule_min_agree: intField(0, 100),
	rule_max_disagree: intField(0, 100),
	rule_max_iqr: decimalField(0, 4),
	rule_group_aware: z.union([z.enum(GROUP_AWARE), z.literal('')]).transform((v) => v || null),
	// Left out by older clients or scripts: the default stopping rule, never "no Delphi".
	rule_max_delphi: z.preprocess(
		(v) => (v === undefined || v === '' ? DEFAULT_MAX_DELPHI_ITERATIONS : v),
		intField(0, MAX_DELPHI_ITERATIONS_CAP)
	),
	min_group_size: z.coerce
		.number()
		.int()
		.min(MIN_GROUP_SIZE_FLOOR, { message: 'round_k_min' })
		.max(100)
});

const POINTS = 5;

/** Five point labels typed as one line, separated by `|` ("Sangat tidak setuju | … | Sangat setuju"). */
export function parsePoints(line: string): Record<1 | 2 | 3 | 4 | 5, string> | null | 'invalid' {
	const trimmed = line.trim();
	if (!trimmed) return null;
	const parts = trimmed.split('|').map((p) => p.trim());
	if (parts.length !== POINTS || parts.some((p) => !p || p.length > 80)) return 'invalid';
	return { 1: parts[0], 2: parts[1], 3: parts[2], 4: parts[3], 5: parts[4] };
}

export function pointsToLine(points: Record<string, string> | undefined): string {
	return points ? [1, 2, 3, 4, 5].map((i) => points[i]).join(' | ') : '';
}

/** Criteria rows `c{i}_…` → criteria, with errors keyed by the form field that caused them. */
export function parseCriteriaRows(
	raw: Record<string, string | string[]>
): { ok: true; criteria: Criterion[] } | { ok: false; errors: Record<string, string> } {
	const str = (k: string) => {
		const v = raw[k];
		return typeof v === 'string' ? v : '';
	};
	const criteria: Criterion[] = [];
	const errors: Record<string, string> = {};
	for (let i = 0; i < CRITERIA_SLOTS; i++) {
		const p = `c${i}_`;
		const row = {
			key: str(`${p}key`),
			label_id: str(`${p}label_id`),
			label_en: str(`${p}label_en`),
			description_id: str(`${p}desc_id`).trim() || undefined,
			description_en: str(`${p}desc_en`).trim() || undefined
		};
		if (!row.key.trim() && !row.label_id.trim() && !row.label_en.trim()) continue;
		const pid = parsePoints(str(`${p}points_id`));
		const pen = parsePoints(str(`${p}points_en`));
		if (pid === 'invalid') errors[`${p}points_id`] = 'round_points_invalid';
		if (pen === 'invalid') errors[`${p}points_en`] = 'round_points_invalid';
		if ((pid === null) !== (pen === null))
			errors[`${p}points_${pid ? 'en' : 'id'}`] = 'round_points_both';
		const parsed = criterionSchema.safeParse({
			...row,
			points:
				pid && pen && pid !== 'invalid' && pen !== 'invalid' ? { id: pid, en: pen } : undefined
		});
		if (!parsed.success) {
			for (const issue of parsed.error.issues) {
				const field = String(issue.path[0] ?? 'key');
				const name = field.startsWith('description_')
					? field.replace('description', 'desc')
					: field;
				errors[`${p}${name}`] ??= issue.message.startsWith('round_')
					? issue.message
					: issue.code === 'too_small'
						? 'error_required'
						: 'error_invalid';
			}
		} else criteria.push(parsed.data);
	}
	if (!Object.keys(errors).length) {
		if (criteria.length === 0) errors.c0_key = 'round_criteria_required';
		const keys = criteria.map((c) => c.key);
		const dup = keys.findIndex((k, i) => keys.indexOf(k) !== i);
		if (dup >= 0) errors[`c${dup}_key`] = 'round_criteria_duplicate';
	}
	return Object.keys(errors).length ? { ok: false, errors } : { ok: true, criteria };
}

export { SCHEDULED_PHASES };
