import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { recordAudit } from '$lib/server/audit';
import { subtreeIds, unitTree } from '$lib/server/org/units';
import { RuleError } from '$lib/server/rounds/errors';

/**
 * The units a leader answers for, each with its sub-units, or null when the leader is
 * regency-wide (their scope holds a root of the unit tree: Sekda, Bupati). No rows: nothing.
 */
export async function leaderUnits(
	db: Kysely<Database>,
	personId: number
): Promise<Set<number> | null> {
	const rows = await db
		.selectFrom('leader_scope')
		.innerJoin('org_unit', 'org_unit.id', 'leader_scope.org_unit_id')
		.select(['org_unit.id', 'org_unit.parent_id'])
		.where('leader_scope.person_id', '=', personId)
		.execute();
	if (rows.some((r) => r.parent_id === null)) return null;
	if (rows.length === 0) return new Set();
	return new Set(
		subtreeIds(
			await unitTree(db),
			rows.map((r) => r.id)
		)
	);
}

/**
 * Whether units (null = the whole government) lie within a leader's units (null = regency-wide).
 * Whole-government objects are for regency-wide leaders only.
 */
export function unitsWithin(
	units: ReadonlySet<number> | null,
	leader: ReadonlySet<number> | null
): boolean {
	if (leader === null) return true;
	if (units === null || units.size === 0) return false;
	for (const u of units) if (!leader.has(u)) return false;
	return true;
}

/** The units of a leader's scope as assigned (not expanded), for the admin page. */
export async function leaderScopeOf(db: Kysely<Database>, personId: number) {
	return db
		.selectFrom('leader_scope')
		.innerJoin('org_unit', 'org_unit.id', 'leader_scope.org_unit_id')
		.select(['org_unit.id', 'org_unit.code', 'org_unit.name', 'org_unit.parent_id'])
		.where('leader_scope.person_id', '=', personId)
		.orderBy('org_unit.code')
		.execute();
}

/**
 * An admin sets the units a leader answers for (replacing the earlier set). Audited with before
 * and after. The person must hold the leader role; unknown units are refused.
 */
export async function setLeaderScope(
	db: Kysely<Database>,
	actor: { id: number; roles: readonly string[] },
	personId: number,
	unitIds: readonly number[],
	now: Date = new Date()
): Promise<void> {
	if (!actor.roles.includes('admin')) throw new RuleError('error_forbidden', 403);
	const wanted = [...new Set(unitIds)].sort((a, b) => a - b);
	await db.transaction().execute(async (trx) => {
		const leader = await trx
			.selectFrom('person_role')
			.select('person_id')
			.where('person_id', '=', personId)
			.where('role', '=', 'leader')
			.executeTakeFirst();
		if (!leader) throw new RuleError('access_error_not_leader', 400);
		if (wanted.length) {
			const known = await trx
				.selectFrom('org_unit')
				.select('id')
				.where('id', 'in', wanted)
				.execute();
			if (known.length !== wanted.length) throw new RuleError('access_error_unit', 400);
		}
		const before = (
			await trx
				.selectFrom('leader_scope')
				.select('org_unit_id')
				.where('person_id', '=', personId)
				.orderBy('org_unit_id')
				.execute()
		).map((r) => r.org_unit_id);
		if (JSON.stringify(before) === JSON.stringify(wanted)) return;
		await trx.deleteFrom('leader_scope').where('person_id', '=', personId).execute();
		if (wanted.length) {
			await trx
				.insertInto('leader_scope')
				.values(
					wanted.map((id) => ({
						person_id: personId,
						org_unit_id: id,
						granted_by: actor.id,
						granted_at: now.toISOString()
					}))
				)
				.execute();
		}
		await recordAudit(
			trx,
			{
				actorId: actor.id,
				action: 'person.leader_scope',
				objectType: 'person',
				objectId: personId,
				before: { units: before },
				after: { units: wanted }
			},
			now
		);
	});
}
