import { sql, type Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { inTransaction } from '$lib/server/db/errors';
import { recordAudit } from '$lib/server/audit';
import { invalidatePersonSessions } from '$lib/server/auth/session';
import {
	generateTemporaryPassword,
	hashTemporaryPassword,
	temporaryPasswordExpiry
} from '$lib/server/auth/password';
import { subtreeIds, unitTree } from '$lib/server/org/units';
import { normalizeNip } from '$lib/nip';
import { searchable } from '$lib/text';
import { isRole, ROLES, type Role } from '$lib/roles';

export const PEOPLE_PAGE_SIZE = 50;

export interface PeopleQuery {
	q?: string;
	unitId?: number;
	/** Include the unit's descendants (the default). */
	descendants?: boolean;
	positionType?: string;
	status?: 'active' | 'disabled' | 'all';
	page?: number;
	pageSize?: number;
}

export interface PersonListItem {
	id: number;
	nip: string;
	fullName: string;
	unitCode: string;
	unitName: string;
	positionTitle: string;
	positionType: string;
	active: boolean;
}

// LIKE wildcards typed by a user are searched for literally.
function likeEscape(text: string): string {
	return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** One page of people matching the filters, ordered by name, with the total count. */
export async function searchPeople(
	db: Kysely<Database>,
	query: PeopleQuery
): Promise<{ items: PersonListItem[]; total: number; page: number; pages: number }> {
	const pageSize = query.pageSize ?? PEOPLE_PAGE_SIZE;
	let base = db.selectFrom('person').innerJoin('org_unit', 'org_unit.id', 'person.org_unit_id');
	if (query.unitId) {
		const ids =
			query.descendants === false ? [query.unitId] : subtreeIds(await unitTree(db), [query.unitId]);
		base = base.where('person.org_unit_id', 'in', ids);
	}
	if (query.positionType) base = base.where('person.position_type', '=', query.positionType);
	if (query.status !== 'all')
		base = base.where('person.active', '=', query.status === 'disabled' ? 0 : 1);
	const q = (query.q ?? '').trim();
	if (q) {
		const digits = normalizeNip(q);
		if (/^\d+$/.test(digits)) {
			// NIP prefixes (birth date, appointment) narrow fast through the unique NIP index.
			base = base.where('person.nip', 'like', `${digits}%`);
		} else {
			const words = searchable(q).split(' ').filter(Boolean);
			for (const w of words) {
				base = base.where(
					sql<boolean>`person.name_search like ${`%${likeEscape(w)}%`} escape '\\'`
				);
			}
		}
	}
	const countRow = await base
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	const total = Number(countRow.n);
	const pages = Math.max(1, Math.ceil(total / pageSize));
	const page = Math.min(Math.max(1, query.page ?? 1), pages);
	const rows = await base
		.select([
			'person.id',
			'person.nip',
			'person.full_name',
			'org_unit.code as unit_code',
			'org_unit.name as unit_name',
			'person.position_title',
			'person.position_type',
			'person.active'
		])
		.orderBy('person.name_search')
		.orderBy('person.id')
		.limit(pageSize)
		.offset((page - 1) * pageSize)
		.execute();
	return {
		items: rows.map((r) => ({
			id: r.id,
			nip: r.nip,
			fullName: r.full_name,
			unitCode: r.unit_code,
			unitName: r.unit_name,
			positionTitle: r.position_title,
			positionType: r.position_type,
			active: r.active === 1
		})),
		total,
		page,
		pages
	};
}

export interface PersonDetail {
	id: number;
	nip: string;
	fullName: string;
	orgUnitId: number;
	unitCode: string;
	unitName: string;
	positionTitle: string;
	positionType: string;
	grade: string;
	employmentType: string;
	active: boolean;
	mustChangePassword: boolean;
	hasPassword: boolean;
	roles: Role[];
	createdAt: string;
	updatedAt: string;
}

export async function getPerson(db: Kysely<Database>, id: number): Promise<PersonDetail | null> {
	const p = await db
		.selectFrom('person')
		.innerJoin('org_unit', 'org_unit.id', 'person.org_unit_id')
		.select([
			'person.id',
			'person.nip',
			'person.full_name',
			'person.org_unit_id',
			'org_unit.code as unit_code',
			'org_unit.name as unit_name',
			'person.position_title',
			'person.position_type',
			'person.grade',
			'person.employment_type',
			'person.active',
			'person.must_change_password',
			'person.password_hash',
			'person.created_at',
			'person.updated_at'
		])
		.where('person.id', '=', id)
		.executeTakeFirst();
	if (!p) return null;
	return {
		id: p.id,
		nip: p.nip,
		fullName: p.full_name,
		orgUnitId: p.org_unit_id,
		unitCode: p.unit_code,
		unitName: p.unit_name,
		positionTitle: p.position_title,
		positionType: p.position_type,
		grade: p.grade,
		employmentType: p.employment_type,
		active: p.active === 1,
		mustChangePassword: p.must_change_password === 1,
		hasPassword: !!p.password_hash,
		roles: await rolesOf(db, id),
		createdAt: p.created_at,
		updatedAt: p.updated_at
	};
}

async function rolesOf(db: Kysely<Database>, personId: number): Promise<Role[]> {
	const rows = await db
		.selectFrom('person_role')
		.select('role')
		.where('person_id', '=', personId)
		.execute();
	return rows
		.map((r) => r.role)
		.filter(isRole)
		.sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b));
}

async function activeAdminCount(db: Kysely<Database>): Promise<number> {
	const row = await db
		.selectFrom('person_role')
		.innerJoin('person', 'person.id', 'person_role.person_id')
		.where('person_role.role', '=', 'admin')
		.where('person.active', '=', 1)
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export type PeopleProblem =
	| 'people_err_not_found'
	| 'people_err_unit'
	| 'people_err_self_disable'
	| 'people_err_own_admin'
	| 'people_err_last_admin';

type Outcome<T = unknown> = ({ ok: true } & T) | { ok: false; problem: PeopleProblem };

export interface PersonEdit {
	fullName: string;
	orgUnitId: number;
	positionTitle: string;
	positionType: string;
	grade: string;
	employmentType: string;
}

/** Corrects a person's HR data; the change and its before/after are audited together. */
export async function updatePerson(
	db: Kysely<Database>,
	actorId: number,
	id: number,
	edit: PersonEdit
): Promise<Outcome> {
	return inTransaction(db, async (trx) => {
		const before = await getPerson(trx, id);
		if (!before) return { ok: false, problem: 'people_err_not_found' };
		const unit = await trx
			.selectFrom('org_unit')
			.select(['id', 'code', 'retired_at'])
			.where('id', '=', edit.orgUnitId)
			.executeTakeFirst();
		if (!unit || (unit.retired_at && unit.id !== before.orgUnitId)) {
			return { ok: false, problem: 'people_err_unit' };
		}
		const fields = [
			'fullName',
			'positionTitle',
			'positionType',
			'grade',
			'employmentType'
		] as const;
		const changedBefore: Record<string, unknown> = {};
		const changedAfter: Record<string, unknown> = {};
		for (const f of fields) {
			if (before[f] !== edit[f]) {
				changedBefore[f] = before[f];
				changedAfter[f] = edit[f];
			}
		}
		if (before.orgUnitId !== edit.orgUnitId) {
			changedBefore.unitCode = before.unitCode;
			changedAfter.unitCode = unit.code;
		}
		if (Object.keys(changedAfter).length === 0) return { ok: true };
		await trx
			.updateTable('person')
			.set({
				full_name: edit.fullName,
				name_search: searchable(edit.fullName),
				org_unit_id: edit.orgUnitId,
				position_title: edit.positionTitle,
				position_type: edit.positionType,
				grade: edit.grade,
				employment_type: edit.employmentType,
				updated_at: new Date().toISOString()
			})
			.where('id', '=', id)
			.execute();
		await recordAudit(trx, {
			actorId,
			action: 'person.update',
			objectType: 'person',
			objectId: id,
			before: changedBefore,
			after: changedAfter
		});
		return { ok: true };
	});
}

/** Enables or disables an account; disabling ends every session of that person at once. */
export async function setPersonActive(
	db: Kysely<Database>,
	actorId: number,
	id: number,
	active: boolean
): Promise<Outcome> {
	if (!active && id === actorId) return { ok: false, problem: 'people_err_self_disable' };
	return inTransaction(db, async (trx) => {
		const person = await getPerson(trx, id);
		if (!person) return { ok: false, problem: 'people_err_not_found' };
		if (person.active === active) return { ok: true };
		if (!active && person.roles.includes('admin') && (await activeAdminCount(trx)) <= 1) {
			return { ok: false, problem: 'people_err_last_admin' };
		}
		await trx
			.updateTable('person')
			.set({ active: active ? 1 : 0, updated_at: new Date().toISOString() })
			.where('id', '=', id)
			.execute();
		if (!active) await invalidatePersonSessions(trx, id);
		await recordAudit(trx, {
			actorId,
			action: active ? 'person.enable' : 'person.disable',
			objectType: 'person',
			objectId: id,
			before: { active: person.active },
			after: { active }
		});
		return { ok: true };
	});
}

/**
 * Sets a new temporary password, ends the person's sessions and forces a change at next login.
 * The password is returned once, to be shown once; it is stored only as an argon2id hash.
 */
export async function resetPassword(
	db: Kysely<Database>,
	actorId: number,
	id: number
): Promise<Outcome<{ password: string }>> {
	const password = generateTemporaryPassword();
	const hash = await hashTemporaryPassword(password);
	return inTransaction(db, async (trx) => {
		const person = await trx
			.selectFrom('person')
			.select('id')
			.where('id', '=', id)
			.executeTakeFirst();
		if (!person) return { ok: false, problem: 'people_err_not_found' } as const;
		await trx
			.updateTable('person')
			.set({
				password_hash: hash,
				must_change_password: 1,
				temporary_password_expires_at: temporaryPasswordExpiry(),
				updated_at: new Date().toISOString()
			})
			.where('id', '=', id)
			.execute();
		await invalidatePersonSessions(trx, id);
		await recordAudit(trx, {
			actorId,
			action: 'person.password_reset',
			objectType: 'person',
			objectId: id
		});
		return { ok: true, password } as const;
	});
}

/**
 * Replaces a person's roles. An admin cannot take away their own admin role (another admin
 * must), and the last active admin can never lose it: someone must always be able to manage.
 */
export async function setRoles(
	db: Kysely<Database>,
	actorId: number,
	id: number,
	roles: Role[]
): Promise<Outcome> {
	const next = [...new Set(roles)].sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b));
	return inTransaction(db, async (trx) => {
		const current = await rolesOf(trx, id);
		const exists = await trx
			.selectFrom('person')
			.select('active')
			.where('id', '=', id)
			.executeTakeFirst();
		if (!exists) return { ok: false, problem: 'people_err_not_found' };
		const losesAdmin = current.includes('admin') && !next.includes('admin');
		if (losesAdmin && id === actorId) return { ok: false, problem: 'people_err_own_admin' };
		if (losesAdmin && exists.active === 1 && (await activeAdminCount(trx)) <= 1) {
			return { ok: false, problem: 'people_err_last_admin' };
		}
		const grant = next.filter((r) => !current.includes(r));
		const revoke = current.filter((r) => !next.includes(r));
		if (!grant.length && !revoke.length) return { ok: true };
		if (revoke.length) {
			await trx
				.deleteFrom('person_role')
				.where('person_id', '=', id)
				.where('role', 'in', revoke)
				.execute();
		}
		if (grant.length) {
			await trx
				.insertInto('person_role')
				.values(grant.map((role) => ({ person_id: id, role })))
				.execute();
		}
		await recordAudit(trx, {
			actorId,
			action: 'person.roles',
			objectType: 'person',
			objectId: id,
			before: { roles: current },
			after: { roles: next, granted: grant, revoked: revoke }
		});
		return { ok: true };
	});
}
