import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';

export interface UnitRef {
	id: number;
	code: string;
	name: string;
	kind: string;
}

/** The unit and its ancestors, from the regency down to the unit itself. */
export async function unitPath(db: Kysely<Database>, unitId: number): Promise<UnitRef[]> {
	const path: UnitRef[] = [];
	let next: number | null = unitId;
	// Unit trees are shallow (regency → OPD → sub-unit → kelurahan); the guard stops a corrupt cycle.
	for (let guard = 0; next !== null && guard < 16; guard++) {
		const row = await db
			.selectFrom('org_unit')
			.select(['id', 'code', 'name', 'kind', 'parent_id'])
			.where('id', '=', next)
			.executeTakeFirst();
		if (!row) break;
		path.unshift({ id: row.id, code: row.code, name: row.name, kind: row.kind });
		next = row.parent_id;
	}
	return path;
}
