import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { isRole, type Role } from '$lib/roles';
import { unitPath, type UnitRef } from '$lib/server/org/units';

export interface Profile {
	fullName: string;
	nip: string;
	positionTitle: string;
	positionType: string;
	grade: string;
	employmentType: string;
	locale: string | null;
	roles: Role[];
	unitPath: UnitRef[];
}

export async function getProfile(db: Kysely<Database>, personId: number): Promise<Profile> {
	const person = await db
		.selectFrom('person')
		.select([
			'full_name',
			'nip',
			'position_title',
			'position_type',
			'grade',
			'employment_type',
			'locale',
			'org_unit_id'
		])
		.where('id', '=', personId)
		.executeTakeFirstOrThrow();
	const roles = await db
		.selectFrom('person_role')
		.select('role')
		.where('person_id', '=', personId)
		.execute();
	return {
		fullName: person.full_name,
		nip: person.nip,
		positionTitle: person.position_title,
		positionType: person.position_type,
		grade: person.grade,
		employmentType: person.employment_type,
		locale: person.locale,
		roles: roles.map((r) => r.role).filter(isRole),
		unitPath: await unitPath(db, person.org_unit_id)
	};
}
