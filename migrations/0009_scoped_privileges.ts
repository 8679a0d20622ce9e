import { sql } from 'kysely';
import type { AnyDb } from './util';
import { timestamp } from './util';

/*
 * Privileges scoped to what a person is responsible for (issue #14, item 7).
 *
 * - `round_facilitator`: who else manages one round, added by an admin or its creator. The
 *   creator (`created_by`) always does and needs no row. Only they act as its facilitator.
 * - `leader_scope`: the units whose results a leader may see and approve, each with its
 *   sub-units. A leader whose scope holds the regency's root unit is regency-wide (Sekda, Bupati).
 *
 * Backfill: every existing leader gets the unit
 * they sit in (with its sub-units), the narrowest scope that keeps their own office visible. An
 * admin widens it where a leader is regency-wide.
 */
export async function up(db: AnyDb): Promise<void> {
	await db.schema
		.createTable('round_facilitator')
		.addColumn('round_id', 'integer', (c) => c.notNull().references('round.id'))
		.addColumn('person_id', 'integer', (c) => c.notNull().references('person.id'))
		.addColumn('added_by', 'integer', (c) => c.references('person.id'))
		.addColumn('added_at', timestamp, (c) => c.notNull())
		.addPrimaryKeyConstraint('round_facilitator_pk', ['round_id', 'person_id'])
		.execute();
	await db.schema
		.createIndex('round_facilitator_person_idx')
		.on('round_facilitator')
		.column('person_id')
		.execute();
	await db.schema
		.createTable('leader_scope')
		.addColumn('person_id', 'integer', (c) => c.notNull().references('person.id'))
		.addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
		.addColumn('granted_by', 'integer', (c) => c.references('person.id'))
		.addColumn('granted_at', timestamp, (c) => c.notNull())
		.addPrimaryKeyConstraint('leader_scope_pk', ['person_id', 'org_unit_id'])
		.execute();

	await sql`insert into leader_scope (person_id, org_unit_id, granted_by, granted_at)
		select person.id, person.org_unit_id, null, person.updated_at
		from person join person_role on person_role.person_id = person.id
		where person_role.role = 'leader'`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropTable('leader_scope').execute();
	await db.schema.dropTable('round_facilitator').execute();
}
