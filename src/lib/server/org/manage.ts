import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { inTransaction, isUniqueViolation } from '$lib/server/db/errors';
import { recordAudit } from '$lib/server/audit';
import { subtreeIds, unitTree } from './units';

export interface UnitRow {
	id: number;
	code: string;
	name: string;
	kind: string;
	parentId: number | null;
	retired: boolean;
	depth: number;
	/** Active people directly in this unit. */
	people: number;
}

/** Every unit in tree order (parents before children, siblings by code), with head counts. */
export async function listUnits(db: Kysely<Database>): Promise<UnitRow[]> {
	const units = await db
		.selectFrom('org_unit')
		.select(['id', 'code', 'name', 'kind', 'parent_id', 'retired_at'])
		.orderBy('code')
		.execute();
	const counts = await db
		.selectFrom('person')
		.select(['org_unit_id', (eb) => eb.fn.countAll<number>().as('n')])
		.where('active', '=', 1)
		.groupBy('org_unit_id')
		.execute();
	const countOf = new Map(counts.map((c) => [c.org_unit_id, Number(c.n)]));
	const children = new Map<number | null, typeof units>();
	for (const u of units) {
		const list = children.get(u.parent_id) ?? [];
		list.push(u);
		children.set(u.parent_id, list);
	}
	const out: UnitRow[] = [];
	const seen = new Set<number>();
	const visit = (parent: number | null, depth: number) => {
		for (const u of children.get(parent) ?? []) {
			if (seen.has(u.id)) continue;
			seen.add(u.id);
			out.push({
				id: u.id,
				code: u.code,
				name: u.name,
				kind: u.kind,
				parentId: u.parent_id,
				retired: !!u.retired_at,
				depth,
				people: countOf.get(u.id) ?? 0
			});
			visit(u.id, depth + 1);
		}
	};
	visit(null, 0);
	return out;
}

export type UnitProblem =
	| 'unit_err_not_found'
	| 'unit_err_code_taken'
	| 'unit_err_parent'
	| 'unit_err_cycle'
	| 'unit_err_retired'
	| 'unit_err_has_children'
	| 'unit_err_move_people'
	| 'unit_err_move_target';

type Outcome<T = unknown> =
	({ ok: true } & T) | { ok: false; field?: string; problem: UnitProblem };

async function getUnit(db: Kysely<Database>, id: number) {
	return db.selectFrom('org_unit').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function createUnit(
	db: Kysely<Database>,
	actorId: number,
	input: { code: string; name: string; kind: string; parentId: number | null }
): Promise<Outcome<{ id: number }>> {
	const now = new Date().toISOString();
	try {
		return await inTransaction(db, async (trx) => {
			if (input.parentId !== null) {
				const parent = await getUnit(trx, input.parentId);
				if (!parent || parent.retired_at)
					return { ok: false, field: 'parentId', problem: 'unit_err_parent' };
			}
			const row = await trx
				.insertInto('org_unit')
				.values({
					code: input.code,
					name: input.name,
					kind: input.kind,
					parent_id: input.parentId,
					created_at: now,
					updated_at: now
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await recordAudit(trx, {
				actorId,
				action: 'unit.create',
				objectType: 'org_unit',
				objectId: row.id,
				after: input
			});
			return { ok: true, id: row.id };
		});
	} catch (e) {
		if (isUniqueViolation(e)) return { ok: false, field: 'code', problem: 'unit_err_code_taken' };
		throw e;
	}
}

/** Renames a unit (name, kind); the code stays, since files and reports refer to it. */
export async function updateUnit(
	db: Kysely<Database>,
	actorId: number,
	id: number,
	input: { name: string; kind: string }
): Promise<Outcome> {
	return inTransaction(db, async (trx) => {
		const unit = await getUnit(trx, id);
		if (!unit) return { ok: false, problem: 'unit_err_not_found' };
		if (unit.name === input.name && unit.kind === input.kind) return { ok: true };
		await trx
			.updateTable('org_unit')
			.set({ name: input.name, kind: input.kind, updated_at: new Date().toISOString() })
			.where('id', '=', id)
			.execute();
		await recordAudit(trx, {
			actorId,
			action: 'unit.update',
			objectType: 'org_unit',
			objectId: id,
			before: { name: unit.name, kind: unit.kind },
			after: input
		});
		return { ok: true };
	});
}

/** Moves a unit under another parent; a unit can never end up under itself or its descendants. */
export async function moveUnit(
	db: Kysely<Database>,
	actorId: number,
	id: number,
	parentId: number | null
): Promise<Outcome> {
	return inTransaction(db, async (trx) => {
		const unit = await getUnit(trx, id);
		if (!unit) return { ok: false, problem: 'unit_err_not_found' };
		if (unit.parent_id === parentId) return { ok: true };
		if (parentId !== null) {
			const parent = await getUnit(trx, parentId);
			if (!parent || parent.retired_at)
				return { ok: false, field: 'parentId', problem: 'unit_err_parent' };
			const below = subtreeIds(await unitTree(trx), [id]);
			if (below.includes(parentId))
				return { ok: false, field: 'parentId', problem: 'unit_err_cycle' };
		}
		await trx
			.updateTable('org_unit')
			.set({ parent_id: parentId, updated_at: new Date().toISOString() })
			.where('id', '=', id)
			.execute();
		await recordAudit(trx, {
			actorId,
			action: 'unit.move',
			objectType: 'org_unit',
			objectId: id,
			before: { parentId: unit.parent_id },
			after: { parentId }
		});
		return { ok: true };
	});
}

/**
 * Retires a unit: it stays in the database (history refers to it) but takes no new people.
 * Its people must go somewhere first — pass `moveTo` to move them in the same transaction.
 * Sub-units that are still open must be moved or retired first.
 */
export async function retireUnit(
	db: Kysely<Database>,
	actorId: number,
	id: number,
	moveTo: number | null
): Promise<Outcome<{ moved: number }>> {
	return inTransaction(db, async (trx) => {
		const unit = await getUnit(trx, id);
		if (!unit) return { ok: false, problem: 'unit_err_not_found' };
		if (unit.retired_at) return { ok: false, problem: 'unit_err_retired' };
		const openChild = await trx
			.selectFrom('org_unit')
			.select('id')
			.where('parent_id', '=', id)
			.where('retired_at', 'is', null)
			.executeTakeFirst();
		if (openChild) return { ok: false, problem: 'unit_err_has_children' };
		const people = await trx
			.selectFrom('person')
			.select('id')
			.where('org_unit_id', '=', id)
			.execute();
		const now = new Date().toISOString();
		if (people.length) {
			if (moveTo === null) return { ok: false, field: 'moveTo', problem: 'unit_err_move_people' };
			const target = await getUnit(trx, moveTo);
			if (!target || target.retired_at || target.id === id) {
				return { ok: false, field: 'moveTo', problem: 'unit_err_move_target' };
			}
			await trx
				.updateTable('person')
				.set({ org_unit_id: moveTo, updated_at: now })
				.where('org_unit_id', '=', id)
				.execute();
		}
		await trx
			.updateTable('org_unit')
			.set({ retired_at: now, updated_at: now })
			.where('id', '=', id)
			.execute();
		await recordAudit(trx, {
			actorId,
			action: 'unit.retire',
			objectType: 'org_unit',
			objectId: id,
			before: { retired: false },
			after: {
				retired: true,
				movedPeople: people.length,
				movedTo: people.length ? moveTo : null,
				personIds: people.map((p) => p.id)
			}
		});
		return { ok: true, moved: people.length };
	});
}

/** Reopens a retired unit. */
export async function reopenUnit(
	db: Kysely<Database>,
	actorId: number,
	id: number
): Promise<Outcome> {
	return inTransaction(db, async (trx) => {
		const unit = await getUnit(trx, id);
		if (!unit) return { ok: false, problem: 'unit_err_not_found' };
		if (!unit.retired_at) return { ok: true };
		await trx
			.updateTable('org_unit')
			.set({ retired_at: null, updated_at: new Date().toISOString() })
			.where('id', '=', id)
			.execute();
		await recordAudit(trx, {
			actorId,
			action: 'unit.reopen',
			objectType: 'org_unit',
			objectId: id,
			before: { retired: true },
			after: { retired: false }
		});
		return { ok: true };
	});
}
