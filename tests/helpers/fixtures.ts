import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { hashPassword } from '$lib/server/auth/password';
import { searchable } from '$lib/text';
import type { Role } from '$lib/roles';

let counter = 0;
let cachedHash: Promise<string> | undefined;

export const TEST_PASSWORD = 'Uji-sandi-aman-42';

/** A unit for tests; returns its id. */
export async function makeUnit(
	db: Kysely<Database>,
	values: { code?: string; name?: string; kind?: string; parentId?: number | null } = {}
): Promise<number> {
	const now = new Date().toISOString();
	counter++;
	const row = await db
		.insertInto('org_unit')
		.values({
			code: values.code ?? `U${counter}-${Math.random().toString(36).slice(2, 7)}`,
			name: values.name ?? `Unit ${counter}`,
			kind: values.kind ?? 'dinas',
			parent_id: values.parentId ?? null,
			created_at: now,
			updated_at: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** A structurally valid NIP, unique within a test run. */
export function makeNip(): string {
	counter++;
	const seq = String((counter % 999) + 1).padStart(3, '0');
	const day = String((Math.floor(counter / 999) % 28) + 1).padStart(2, '0');
	const year = 1970 + (Math.floor(counter / (999 * 28)) % 13);
	return `${year}01${day}2000031${seq}`;
}

/** A person with the test password (hashed once per run) and the given roles. */
export async function makePerson(
	db: Kysely<Database>,
	values: {
		unitId: number;
		nip?: string;
		fullName?: string;
		roles?: Role[];
		positionType?: string;
		mustChangePassword?: boolean;
		active?: boolean;
	}
): Promise<{ id: number; nip: string; fullName: string }> {
	cachedHash ??= hashPassword(TEST_PASSWORD);
	const nip = values.nip ?? makeNip();
	const fullName = values.fullName ?? `Pegawai Uji ${counter}`;
	const now = new Date().toISOString();
	const row = await db
		.insertInto('person')
		.values({
			nip,
			full_name: fullName,
			org_unit_id: values.unitId,
			position_title: 'Pengadministrasi Umum',
			position_type: values.positionType ?? 'pelaksana',
			grade: 'II/c',
			employment_type: 'PNS',
			password_hash: await cachedHash,
			must_change_password: values.mustChangePassword ? 1 : 0,
			active: values.active === false ? 0 : 1,
			locale: null,
			name_search: searchable(fullName),
			created_at: now,
			updated_at: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	for (const role of values.roles ?? ['asn']) {
		await db.insertInto('person_role').values({ person_id: row.id, role }).execute();
	}
	return { id: row.id, nip, fullName };
}
