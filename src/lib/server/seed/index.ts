import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { hashPassword } from '$lib/server/auth/password';
import { searchable } from '$lib/text';
import type { Role } from '$lib/roles';
import {
	DEMO_ACCOUNTS,
	DEMO_ASN,
	DEMO_PASSWORD,
	DEMO_STAFF_TOTAL,
	type DemoAccount
} from './accounts';
import { REGENCY, type UnitSpec } from './batanghari';
import { generateStaff } from './people';
import { seedImportDemo } from './import-demo';
import { seedRhkDemo } from './rhk';
import { seedDemoRounds } from './rounds';
import { seedDemoSurveys } from './surveys';
import { seedRatingDemo } from './ratings';
import { seedCriteriaDemo } from './criteria';

export {
	DEMO_ACCOUNTS,
	DEMO_ASN,
	DEMO_PASSWORD,
	DEMO_STAFF_TOTAL,
	type DemoAccount
} from './accounts';

export class DemoSeedRefusedError extends Error {
	constructor(people: number) {
		super(
			`The database already holds ${people} people; demo data is only loaded into an empty database. Use --force to add the demo regency anyway (existing people and units are kept).`
		);
	}
}

async function insertUnits(
	db: Kysely<Database>,
	root: UnitSpec,
	now: string
): Promise<Map<string, number>> {
	const ids = new Map<string, number>();
	const visit = async (unit: UnitSpec, parentId: number | null) => {
		await db
			.insertInto('org_unit')
			.values({
				code: unit.code,
				name: unit.name,
				kind: unit.kind,
				parent_id: parentId,
				created_at: now,
				updated_at: now
			})
			.onConflict((oc) => oc.column('code').doNothing())
			.execute();
		const row = await db
			.selectFrom('org_unit')
			.select('id')
			.where('code', '=', unit.code)
			.executeTakeFirstOrThrow();
		ids.set(unit.code, row.id);
		for (const child of unit.children ?? []) await visit(child, row.id);
	};
	await visit(root, null);
	return ids;
}

export interface SeedSummary {
	units: number;
	people: number;
}

/**
 * Loads the deterministic demo regency: the Batanghari unit tree, about 6,000 synthetic ASN with
 * valid NIPs, and the featured demo accounts. Never deletes and never overwrites existing rows.
 */
export async function seedDemo(
	db: Kysely<Database>,
	options: { force?: boolean; total?: number } = {}
): Promise<SeedSummary> {
	const existing = await db
		.selectFrom('person')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	if (Number(existing.n) > 0 && !options.force) throw new DemoSeedRefusedError(Number(existing.n));

	// One hash for every demo account: 6,000 argon2 hashes would take over a minute, and these
	// are synthetic people whose shared password is published in the README anyway.
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	const now = new Date().toISOString();
	const featuredAccounts = [...Object.values(DEMO_ACCOUNTS), ...DEMO_ASN.slice(1)];
	const taken = new Set(featuredAccounts.map((a) => a.nip));
	const total = options.total ?? DEMO_STAFF_TOTAL;
	const generated = generateStaff(REGENCY, Math.max(0, total - featuredAccounts.length), taken);

	const summary = await db.transaction().execute(async (trx) => {
		const unitIds = await insertUnits(trx, REGENCY, now);
		const all: DemoAccount[] = [
			...featuredAccounts,
			...generated.map((p) => ({ ...p, roles: ['asn'] as Role[] }))
		];
		let inserted = 0;
		for (let i = 0; i < all.length; i += 500) {
			const chunk = all.slice(i, i + 500);
			const result = await trx
				.insertInto('person')
				.values(
					chunk.map((p) => ({
						nip: p.nip,
						full_name: p.fullName,
						org_unit_id: unitIds.get(p.unitCode)!,
						position_title: p.positionTitle,
						position_type: p.positionType,
						grade: p.grade,
						employment_type: p.employmentType,
						password_hash: passwordHash,
						must_change_password: 0,
						active: 1,
						locale: null,
						name_search: searchable(p.fullName),
						created_at: now,
						updated_at: now
					}))
				)
				.onConflict((oc) => oc.column('nip').doNothing())
				.executeTakeFirst();
			inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
		}
		const ids = new Map<string, number>();
		for (let i = 0; i < all.length; i += 500) {
			const rows = await trx
				.selectFrom('person')
				.select(['id', 'nip'])
				.where(
					'nip',
					'in',
					all.slice(i, i + 500).map((p) => p.nip)
				)
				.execute();
			for (const r of rows) ids.set(r.nip, r.id);
		}
		const roles = all.flatMap((p) => p.roles.map((role) => ({ person_id: ids.get(p.nip)!, role })));
		for (let i = 0; i < roles.length; i += 500) {
			await trx
				.insertInto('person_role')
				.values(roles.slice(i, i + 500))
				.onConflict((oc) => oc.columns(['person_id', 'role']).doNothing())
				.execute();
		}
		const scopes = all.flatMap((p) =>
			(p.leaderScope ?? []).map((code) => ({
				person_id: ids.get(p.nip)!,
				org_unit_id: unitIds.get(code)!,
				granted_by: null,
				granted_at: now
			}))
		);
		if (scopes.length) {
			await trx
				.insertInto('leader_scope')
				.values(scopes)
				.onConflict((oc) => oc.columns(['person_id', 'org_unit_id']).doNothing())
				.execute();
		}
		await seedDemoSurveys(trx, now);
		return { units: unitIds.size, people: inserted };
	});
	await seedImportDemo(db);
	await seedRhkDemo(db);
	await seedDemoRounds(db);
	// After the consultation rounds, so their demo ids stay 1 and 2; route-policy.ts finds the
	// rating rounds by title.
	await db.transaction().execute((trx) => seedRatingDemo(trx));
	// Last: adoptions build on published rounds with ratings from the seeds above.
	if (summary.people > 0) await seedCriteriaDemo(db);
	return summary;
}

/** Loads the demo regency when the database has nobody in it; returns null otherwise. */
export async function seedDemoIfEmpty(db: Kysely<Database>): Promise<SeedSummary | null> {
	const any = await db.selectFrom('person').select('id').limit(1).executeTakeFirst();
	if (any) return null;
	return seedDemo(db);
}
