import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { formToObject, parseForm, translate, type FieldErrors } from '$lib/server/forms';
import {
	parseCriteriaRows,
	pointsToLine,
	roundBasicsSchema,
	roundRatingSetupSchema,
	roundScopeSchema,
	CRITERIA_SLOTS
} from '$lib/validation/round';
import { isoToLocal } from '$lib/rounds/schedule';
import type { RoundInput, Schedule } from './index';
import type { describeRound } from './index';

/**
 * Reads the round form. Sections a phase has frozen are not rendered as inputs, so they are
 * only read when the form carries them; the domain refuses a frozen section that changed.
 */
export function parseRoundForm(
	form: FormData
):
	| { ok: true; input: Partial<RoundInput> }
	| { ok: false; errors: FieldErrors; values: Record<string, unknown> } {
	const raw = formToObject(form);
	const values: Record<string, unknown> = Object.fromEntries(
		Object.entries(raw).map(([k, v]) => [k, typeof v === 'string' ? v.slice(0, 4000) : v])
	);
	const errors: FieldErrors = {};
	const input: Partial<RoundInput> = {};

	const basics = parseForm(roundBasicsSchema, form);
	if (basics.ok) {
		input.title = basics.data.title;
		input.purpose = basics.data.purpose;
		input.minSmartScore = basics.data.min_smart_score;
		const schedule: Schedule = {
			proposing: basics.data.proposing_ends,
			discussing: basics.data.discussing_ends,
			rating: basics.data.rating_ends
		};
		input.schedule = schedule;
	} else Object.assign(errors, basics.errors);

	if (raw.section_scope === '1') {
		const scope = parseForm(roundScopeSchema, form);
		if (scope.ok) {
			const withDesc = new Set(scope.data['units_desc[]']);
			input.scope = {
				units: [
					...[...withDesc].map((id) => ({ id, descendants: true })),
					...scope.data['units_only[]']
						.filter((id) => !withDesc.has(id))
						.map((id) => ({ id, descendants: false }))
				],
				positionTypes: scope.data['position_types[]']
			};
		} else Object.assign(errors, scope.errors);
	}

	if (raw.section_rating === '1') {
		const setup = parseForm(roundRatingSetupSchema, form);
		if (setup.ok) {
			input.consensusRule = {
				minMedian: setup.data.rule_min_median,
				minAgreePct: setup.data.rule_min_agree,
				maxDisagreePct: setup.data.rule_max_disagree,
				maxIqr: setup.data.rule_max_iqr,
				groupAware: setup.data.rule_group_aware,
				maxDelphiIterations: setup.data.rule_max_delphi
			};
			input.minGroupSize = setup.data.min_group_size;
		} else Object.assign(errors, setup.errors);
		const criteria = parseCriteriaRows(raw);
		if (criteria.ok) input.criteria = criteria.criteria;
		else for (const [k, key] of Object.entries(criteria.errors)) errors[k] = translate(key);
	}
	return Object.keys(errors).length ? { ok: false, errors, values } : { ok: true, input };
}

/** Form values for an existing round (or the defaults of a new one). */
export function roundFormValues(
	round: ReturnType<typeof describeRound> | null,
	schedule: Schedule,
	defaults: {
		criteria: RoundInput['criteria'];
		consensusRule: RoundInput['consensusRule'];
		minGroupSize: number;
	}
): Record<string, unknown> {
	const criteria = round?.criteria ?? defaults.criteria;
	const rule = round?.consensusRule ?? defaults.consensusRule;
	const values: Record<string, unknown> = {
		title: round?.title ?? '',
		purpose: round?.purpose ?? '',
		min_smart_score: String(round?.minSmartScore ?? 0),
		proposing_ends: isoToLocal(schedule.proposing),
		discussing_ends: isoToLocal(schedule.discussing),
		rating_ends: isoToLocal(schedule.rating),
		'units_desc[]': (round?.scope.units ?? [])
			.filter((u) => u.descendants)
			.map((u) => String(u.id)),
		'units_only[]': (round?.scope.units ?? [])
			.filter((u) => !u.descendants)
			.map((u) => String(u.id)),
		'position_types[]': round?.scope.positionTypes ?? [],
		rule_min_median: String(rule.minMedian),
		rule_min_agree: String(rule.minAgreePct),
		rule_max_disagree: String(rule.maxDisagreePct),
		rule_max_iqr: String(rule.maxIqr),
		rule_group_aware: rule.groupAware ?? '',
		rule_max_delphi: String(rule.maxDelphiIterations),
		min_group_size: String(round?.minGroupSize ?? defaults.minGroupSize)
	};
	for (let i = 0; i < CRITERIA_SLOTS; i++) {
		const c = criteria[i];
		values[`c${i}_key`] = c?.key ?? '';
		values[`c${i}_label_id`] = c?.label_id ?? '';
		values[`c${i}_label_en`] = c?.label_en ?? '';
		values[`c${i}_desc_id`] = c?.description_id ?? '';
		values[`c${i}_desc_en`] = c?.description_en ?? '';
		values[`c${i}_points_id`] = pointsToLine(c?.points?.id);
		values[`c${i}_points_en`] = pointsToLine(c?.points?.en);
	}
	return values;
}

/** Units for the scope pickers, in tree order with their depth for indentation. */
export async function unitOptions(db: Kysely<Database>) {
	const rows = await db
		.selectFrom('org_unit')
		.select(['id', 'parent_id', 'name', 'code'])
		.where('retired_at', 'is', null)
		.orderBy('code')
		.execute();
	const children = new Map<number | null, typeof rows>();
	for (const r of rows) {
		const list = children.get(r.parent_id) ?? [];
		list.push(r);
		children.set(r.parent_id, list);
	}
	const out: { id: number; name: string; depth: number }[] = [];
	const visit = (parent: number | null, depth: number) => {
		for (const r of children.get(parent) ?? []) {
			out.push({ id: r.id, name: r.name, depth });
			if (depth < 6) visit(r.id, depth + 1);
		}
	};
	visit(null, 0);
	return out;
}
