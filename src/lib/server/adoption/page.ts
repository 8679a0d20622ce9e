import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { getRound } from '$lib/server/rounds/phase';
import { parseScope } from '$lib/server/scope';
import { formatUnitTargets, itemField } from '$lib/criteria/adoption';
import { adoptableIndicators, getAdoption } from './index';
import { decisionOf, roundConsensus } from '$lib/server/criteria/consensus';

/** Every unit as an indented list (regency → OPD → sub-unit), for the unit chooser. */
export async function unitOptions(db: Kysely<Database>) {
	const rows = await db
		.selectFrom('org_unit')
		.select(['id', 'code', 'name', 'parent_id'])
		.where('retired_at', 'is', null)
		.orderBy('code')
		.execute();
	const children = new Map<number | null, typeof rows>();
	for (const r of rows) {
		const list = children.get(r.parent_id) ?? [];
		list.push(r);
		children.set(r.parent_id, list);
	}
	const ids = new Set(rows.map((r) => r.id));
	const out: { id: number; code: string; name: string; depth: number }[] = [];
	const visit = (parent: number | null, depth: number) => {
		for (const r of children.get(parent) ?? []) {
			out.push({ id: r.id, code: r.code, name: r.name, depth });
			visit(r.id, depth + 1);
		}
	};
	visit(null, 0);
	// Units whose parent is retired still appear, at the top level.
	for (const r of rows) if (r.parent_id !== null && !ids.has(r.parent_id)) visit(r.parent_id, 0);
	return out;
}

/** What the adoption form needs: the round's adoptable indicators with their consensus. */
export async function adoptionFormData(db: Kysely<Database>, roundId: number) {
	const round = await getRound(db, roundId);
	const consensus = await roundConsensus(db, round);
	const indicators = (await adoptableIndicators(db, roundId)).map((i) => ({
		...i,
		consensus: consensus.get(i.id) ?? null,
		decision: decisionOf(consensus, i.id)
	}));
	return { round, indicators, units: await unitOptions(db) };
}

/** A fresh form: the round's units, and each indicator's own fields as a starting point. */
export function defaultValues(
	round: { scope_json: string; title: string },
	indicators: Awaited<ReturnType<typeof adoptableIndicators>>,
	year: number
): Record<string, string | string[]> {
	const values: Record<string, string | string[]> = {
		title: round.title,
		period_start: `${year}-01-01`,
		period_end: `${year}-12-31`,
		units: parseScope(round.scope_json).units.map((u) => String(u.id)),
		position_types: [],
		adopt: []
	};
	for (const i of indicators) {
		values[itemField('target', i.id)] = i.target;
		values[itemField('iki', i.id)] = i.name;
		values[itemField('aspect', i.id)] = i.kind === 'perilaku_kerja' ? '' : i.aspect;
		values[itemField('berakhlak', i.id)] = i.berakhlak_value ?? '';
	}
	return values;
}

/** An existing adoption as form values, for editing. */
export function adoptionValues(
	a: Awaited<ReturnType<typeof getAdoption>>
): Record<string, string | string[]> {
	const values: Record<string, string | string[]> = {
		title: a.adoption.title,
		period_start: a.adoption.period_start,
		period_end: a.adoption.period_end,
		units: a.units.map((u) => String(u.id)),
		position_types: a.positionTypes,
		adopt: a.items.map((i) => String(i.indicator_id))
	};
	for (const i of a.items) {
		const id = i.indicator_id;
		values[itemField('weight', id)] = String(i.weight);
		values[itemField('target', id)] = i.target;
		values[itemField('iki', id)] = i.indikator_kinerja;
		values[itemField('rhk', id)] = i.rencana_hasil_kerja ?? '';
		values[itemField('aspect', id)] = i.aspect ?? '';
		values[itemField('berakhlak', id)] = i.berakhlak_value ?? '';
		values[itemField('justification', id)] = i.justification ?? '';
		values[itemField('unit_targets', id)] = formatUnitTargets(i.unitTargets);
	}
	return values;
}
