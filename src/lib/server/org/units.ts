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

/** Every unit id in the subtree under `unitId`, the unit itself included. */
export async function unitSubtreeIds(db: Kysely<Database>, unitId: number): Promise<number[]> {
	return subtreeIds(await unitTree(db), [unitId]);
}

/** The whole tree as parent → children, for expanding subtrees in memory (a regency has ~200 units). */
export async function unitTree(db: Kysely<Database>): Promise<Map<number | null, number[]>> {
	const rows = await db.selectFrom('org_unit').select(['id', 'parent_id']).execute();
	const children = new Map<number | null, number[]>();
	for (const r of rows) {
		const list = children.get(r.parent_id) ?? [];
		list.push(r.id);
		children.set(r.parent_id, list);
	}
	return children;
}

export function subtreeIds(children: Map<number | null, number[]>, roots: number[]): number[] {
	const out = new Set<number>();
	const stack = [...roots];
	while (stack.length) {
		const id = stack.pop()!;
		if (out.has(id)) continue;
		out.add(id);
		stack.push(...(children.get(id) ?? []));
	}
	return [...out];
}
