import { z } from 'zod';
import { idField, intField, line, prose } from '$lib/validation/fields';
import { ASPECTS, BERAKHLAK_VALUES } from '$lib/proposals/fields';
import { POSITION_TYPES } from '$lib/roles';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(value: string): boolean {
	const d = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const dateField = z
	.string()
	.trim()
	.regex(DATE, { message: 'adoption_date_invalid' })
	.refine(isRealDate, { message: 'adoption_date_invalid' });

/** Empty form fields mean "not given". */
const optionalText = (max: number) =>
	prose(max, 0)
		.nullable()
		.transform((v) => (v ? v : null));

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
	z
		.string()
		.trim()
		.nullable()
		.transform((v) => (v ? v : null))
		.pipe(z.enum(values).nullable());

export const unitTargetSchema = z.object({
	unitCode: line(40),
	target: line(120)
});

export const adoptionItemSchema = z.object({
	indicatorId: idField,
	weight: intField(0, 100, 'adoption_weight_range'),
	target: line(120),
	rencanaHasilKerja: optionalText(500),
	indikatorKinerja: prose(500),
	aspect: optionalEnum(ASPECTS),
	berakhlakValue: optionalEnum(BERAKHLAK_VALUES),
	justification: optionalText(2000),
	unitTargets: z.array(unitTargetSchema).max(200)
});

export type AdoptionItemInput = z.infer<typeof adoptionItemSchema>;

export const adoptionInputSchema = z
	.object({
		title: line(200, 3),
		periodStart: dateField,
		periodEnd: dateField,
		unitIds: z.array(idField).min(1, { message: 'adoption_units_required' }).max(500),
		positionTypes: z
			.array(z.enum(POSITION_TYPES))
			.min(1, { message: 'adoption_position_types_required' }),
		items: z.array(adoptionItemSchema).min(1, { message: 'adoption_items_required' }).max(100)
	})
	.refine((v) => v.periodEnd >= v.periodStart, {
		message: 'adoption_period_order',
		path: ['periodEnd']
	});

export type AdoptionInput = z.infer<typeof adoptionInputSchema>;

/** Per indicator, the form's field names (the indicator id keeps them unique on one page). */
export function itemField(name: ItemFieldName, indicatorId: number): string {
	return `${name}_${indicatorId}`;
}

export type ItemFieldName =
	'weight' | 'target' | 'rhk' | 'iki' | 'aspect' | 'berakhlak' | 'justification' | 'unit_targets';

const ITEM_KEY_TO_FIELD: Record<string, ItemFieldName> = {
	weight: 'weight',
	target: 'target',
	rencanaHasilKerja: 'rhk',
	indikatorKinerja: 'iki',
	aspect: 'aspect',
	berakhlakValue: 'berakhlak',
	justification: 'justification',
	unitTargets: 'unit_targets'
};

const TOP_KEY_TO_FIELD: Record<string, string> = {
	title: 'title',
	periodStart: 'period_start',
	periodEnd: 'period_end',
	unitIds: 'units',
	positionTypes: 'position_types',
	items: 'adopt'
};

/** "KODE = target" per line; lines that do not parse are reported, not dropped. */
export function parseUnitTargets(text: string): { unitCode: string; target: string }[] | null {
	const out: { unitCode: string; target: string }[] = [];
	for (const raw of text.split(/\r?\n/)) {
		const line = raw.trim();
		if (!line) continue;
		const at = line.indexOf('=');
		if (at <= 0) return null;
		out.push({ unitCode: line.slice(0, at).trim(), target: line.slice(at + 1).trim() });
	}
	return out;
}

export function formatUnitTargets(list: { unitCode: string; target: string }[]): string {
	return list.map((t) => `${t.unitCode} = ${t.target}`).join('\n');
}

/**
 * The adoption form (plain fields, one group per indicator, so it works without JavaScript) →
 * the structured input. Errors are catalogue keys (or zod issues) by form field name.
 */
export function readAdoptionForm(form: FormData): { input: unknown; badUnitTargets: number[] } {
	const str = (name: string) => {
		const v = form.get(name);
		return typeof v === 'string' ? v : '';
	};
	const all = (name: string) => form.getAll(name).filter((v): v is string => typeof v === 'string');
	const badUnitTargets: number[] = [];
	const items = all('adopt')
		.map((v) => Number(v))
		.filter((id) => Number.isInteger(id) && id > 0)
		.map((id) => {
			const targets = parseUnitTargets(str(itemField('unit_targets', id)));
			if (!targets) badUnitTargets.push(id);
			return {
				indicatorId: id,
				weight: str(itemField('weight', id)),
				target: str(itemField('target', id)),
				rencanaHasilKerja: str(itemField('rhk', id)),
				indikatorKinerja: str(itemField('iki', id)),
				aspect: str(itemField('aspect', id)),
				berakhlakValue: str(itemField('berakhlak', id)),
				justification: str(itemField('justification', id)),
				unitTargets: targets ?? []
			};
		});
	return {
		input: {
			title: str('title'),
			periodStart: str('period_start'),
			periodEnd: str('period_end'),
			unitIds: all('units'),
			positionTypes: all('position_types'),
			items
		},
		badUnitTargets
	};
}

/** Maps a zod issue path of `adoptionInputSchema` to the form field it belongs to. */
export function fieldOfPath(path: readonly PropertyKey[], input: unknown): string {
	const [top, index, key] = path;
	if (top === 'items' && typeof index === 'number' && typeof key === 'string') {
		const items = (input as { items?: { indicatorId: number }[] }).items ?? [];
		const id = items[index]?.indicatorId;
		const field = ITEM_KEY_TO_FIELD[key];
		if (id && field) return itemField(field, id);
	}
	return TOP_KEY_TO_FIELD[String(top)] ?? '_form';
}
