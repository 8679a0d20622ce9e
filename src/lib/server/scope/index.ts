import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { POSITION_TYPES } from '$lib/roles';
import { subtreeIds, unitTree } from '$lib/server/org/units';

/**
 * Who a consultation round or a fairness survey is for: units (each with or without its
 * descendants) and/or position types. No units means the whole government; no position types
 * means every type. Stored as JSON on the round or survey.
 */
export const scopeSchema = z.object({
	units: z
		.array(z.object({ id: z.number().int().positive(), descendants: z.boolean() }))
		.max(500)
		.default([]),
	positionTypes: z.array(z.enum(POSITION_TYPES)).max(POSITION_TYPES.length).default([])
});

export type Scope = z.infer<typeof scopeSchema>;

export function parseScope(json: string): Scope {
	return scopeSchema.parse(JSON.parse(json));
}

/** The unit ids a scope covers, or null when it covers the whole government. */
export async function scopeUnitIds(db: Kysely<Database>, scope: Scope): Promise<number[] | null> {
	if (scope.units.length === 0) return null;
	const direct = scope.units.filter((u) => !u.descendants).map((u) => u.id);
	const roots = scope.units.filter((u) => u.descendants).map((u) => u.id);
	const expanded = roots.length ? subtreeIds(await unitTree(db), roots) : [];
	return [...new Set([...direct, ...expanded])];
}

/** A query of the active people a scope covers; select what you need from it. */
export async function eligiblePeople(db: Kysely<Database>, scope: Scope) {
	const unitIds = await scopeUnitIds(db, scope);
	let q = db.selectFrom('person').where('person.active', '=', 1);
	if (unitIds) q = q.where('person.org_unit_id', 'in', unitIds.length ? unitIds : [-1]);
	if (scope.positionTypes.length) q = q.where('person.position_type', 'in', scope.positionTypes);
	return q;
}

export async function countEligible(db: Kysely<Database>, scope: Scope): Promise<number> {
	const q = await eligiblePeople(db, scope);
	const row = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
	return Number(row.n);
}

/** Whether one person is covered by the scope (and active). */
export async function isInScope(
	db: Kysely<Database>,
	scope: Scope,
	personId: number
): Promise<boolean> {
	const q = await eligiblePeople(db, scope);
	const row = await q.select('person.id').where('person.id', '=', personId).executeTakeFirst();
	return !!row;
}
