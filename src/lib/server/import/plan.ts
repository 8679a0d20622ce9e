import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { isRole, type Role } from '$lib/roles';
import { checkRow, type CleanRow, type ImportRow, type RowProblem } from './columns';

type Db = Kysely<Database> | Transaction<Database>;

export interface ExistingPerson {
	id: number;
	nip: string;
	fullName: string;
	unitId: number;
	unitCode: string;
	positionTitle: string;
	positionType: string;
	grade: string;
	employmentType: string;
	active: boolean;
	roles: Role[];
}

export interface FieldChange {
	field:
		| 'fullName'
		| 'unitCode'
		| 'positionTitle'
		| 'positionType'
		| 'grade'
		| 'employmentType'
		| 'roles';
	before: string;
	after: string;
}

export interface ChangedRow {
	row: CleanRow;
	personId: number;
	changes: FieldChange[];
	/** Roles the file grants that the person does not hold yet (imports never revoke roles). */
	addRoles: Role[];
}

export interface ImportPlan {
	total: number;
	problems: RowProblem[];
	/** Rows with at least one problem (a row may have several). */
	invalidRows: number;
	newRows: CleanRow[];
	changed: ChangedRow[];
	unchanged: number;
	/** Active people whose NIP is not in the file: listed, never disabled by the import itself. */
	missing: { id: number; nip: string; fullName: string; unitCode: string }[];
}

/** Everyone's current record keyed by NIP, for comparing with the file (a regency: ~10,000). */
export async function loadExisting(db: Db): Promise<Map<string, ExistingPerson>> {
	const people = await db
		.selectFrom('person')
		.innerJoin('org_unit', 'org_unit.id', 'person.org_unit_id')
		.select([
			'person.id',
			'person.nip',
			'person.full_name',
			'person.org_unit_id',
			'org_unit.code as unit_code',
			'person.position_title',
			'person.position_type',
			'person.grade',
			'person.employment_type',
			'person.active'
		])
		.execute();
	const roles = await db.selectFrom('person_role').select(['person_id', 'role']).execute();
	const rolesOf = new Map<number, Role[]>();
	for (const r of roles) {
		if (!isRole(r.role)) continue;
		const list = rolesOf.get(r.person_id) ?? [];
		list.push(r.role);
		rolesOf.set(r.person_id, list);
	}
	return new Map(
		people.map((p) => [
			p.nip,
			{
				id: p.id,
				nip: p.nip,
				fullName: p.full_name,
				unitId: p.org_unit_id,
				unitCode: p.unit_code,
				positionTitle: p.position_title,
				positionType: p.position_type,
				grade: p.grade,
				employmentType: p.employment_type,
				active: p.active === 1,
				roles: rolesOf.get(p.id) ?? []
			}
		])
	);
}

export async function loadUnitsByCode(
	db: Db
): Promise<Map<string, { id: number; retired: boolean }>> {
	const units = await db.selectFrom('org_unit').select(['id', 'code', 'retired_at']).execute();
	return new Map(units.map((u) => [u.code.toUpperCase(), { id: u.id, retired: !!u.retired_at }]));
}

/**
 * Compares the file with the database: which rows are invalid (and why), new, changed or
 * unchanged, and which active people the file leaves out. Pure reads; safe to run repeatedly.
 */
export async function planImport(
	db: Db,
	rows: ImportRow[],
	today = new Date()
): Promise<ImportPlan> {
	const [existing, units] = await Promise.all([loadExisting(db), loadUnitsByCode(db)]);
	const problems: RowProblem[] = [];
	const clean: CleanRow[] = [];
	const firstRowOf = new Map<string, number>();
	const duplicated = new Set<number>();

	for (const raw of rows) {
		const checked = checkRow(raw, today);
		if (!checked.ok) {
			problems.push(...checked.problems);
			continue;
		}
		const row = checked.row;
		const unit = units.get(row.unitCode.toUpperCase());
		if (!unit) {
			problems.push({
				row: row.row,
				field: 'unitCode',
				code: 'unit_unknown',
				params: { code: row.unitCode }
			});
			continue;
		}
		if (unit.retired) {
			problems.push({
				row: row.row,
				field: 'unitCode',
				code: 'unit_retired',
				params: { code: row.unitCode }
			});
			continue;
		}
		const first = firstRowOf.get(row.nip);
		if (first !== undefined) {
			// Both rows are wrong until someone decides which one is true.
			problems.push({
				row: row.row,
				field: 'nip',
				code: 'duplicate',
				params: { other: String(first) }
			});
			if (!duplicated.has(first)) {
				problems.push({
					row: first,
					field: 'nip',
					code: 'duplicate',
					params: { other: String(row.row) }
				});
				duplicated.add(first);
			}
			duplicated.add(row.row);
			continue;
		}
		firstRowOf.set(row.nip, row.row);
		clean.push(row);
	}
	const valid = clean.filter((r) => !duplicated.has(r.row));
	problems.sort((a, b) => a.row - b.row);

	const newRows: CleanRow[] = [];
	const changed: ChangedRow[] = [];
	let unchanged = 0;
	for (const row of valid) {
		const person = existing.get(row.nip);
		if (!person) {
			newRows.push(row);
			continue;
		}
		const changes: FieldChange[] = [];
		const compare = (field: FieldChange['field'], before: string, after: string) => {
			if (before !== after) changes.push({ field, before, after });
		};
		compare('fullName', person.fullName, row.fullName);
		compare('unitCode', person.unitCode.toUpperCase(), row.unitCode.toUpperCase());
		compare('positionTitle', person.positionTitle, row.positionTitle);
		compare('positionType', person.positionType, row.positionType);
		compare('grade', person.grade, row.grade);
		compare('employmentType', person.employmentType, row.employmentType);
		const addRoles = (row.roles ?? []).filter((r) => !person.roles.includes(r));
		if (addRoles.length) {
			compare('roles', person.roles.join(', '), [...person.roles, ...addRoles].join(', '));
		}
		if (changes.length) changed.push({ row, personId: person.id, changes, addRoles });
		else unchanged++;
	}

	const inFile = new Set(rows.map((r) => r.nip.replace(/[\s.]/g, '')));
	const missing = [...existing.values()]
		.filter((p) => p.active && !inFile.has(p.nip))
		.map((p) => ({ id: p.id, nip: p.nip, fullName: p.fullName, unitCode: p.unitCode }))
		.sort((a, b) => a.unitCode.localeCompare(b.unitCode) || a.fullName.localeCompare(b.fullName));

	return {
		total: rows.length,
		problems,
		invalidRows: new Set(problems.map((p) => p.row)).size,
		newRows,
		changed,
		unchanged,
		missing
	};
}
