import type { AnyDb } from './util';
import { timestamp, withId } from './util';

export async function up(db: AnyDb): Promise<void> {
	await withId(db, db.schema.createTable('org_unit'))
		.addColumn('code', 'varchar(40)', (c) => c.notNull().unique())
		.addColumn('name', 'varchar(200)', (c) => c.notNull())
		.addColumn('kind', 'varchar(30)', (c) => c.notNull())
		.addColumn('parent_id', 'integer', (c) => c.references('org_unit.id'))
		.addColumn('retired_at', timestamp)
		.addColumn('created_at', timestamp, (c) => c.notNull())
		.addColumn('updated_at', timestamp, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('org_unit_parent_idx').on('org_unit').column('parent_id').execute();

	await withId(db, db.schema.createTable('person'))
		.addColumn('nip', 'varchar(18)', (c) => c.notNull().unique())
		.addColumn('full_name', 'varchar(200)', (c) => c.notNull())
		.addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
		.addColumn('position_title', 'varchar(200)', (c) => c.notNull())
		.addColumn('position_type', 'varchar(20)', (c) => c.notNull())
		.addColumn('grade', 'varchar(20)', (c) => c.notNull())
		.addColumn('employment_type', 'varchar(10)', (c) => c.notNull())
		.addColumn('password_hash', 'varchar(255)')
		.addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('locale', 'varchar(5)')
		.addColumn('name_search', 'varchar(200)', (c) => c.notNull())
		.addColumn('created_at', timestamp, (c) => c.notNull())
		.addColumn('updated_at', timestamp, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('person_unit_idx').on('person').column('org_unit_id').execute();
	await db.schema.createIndex('person_name_idx').on('person').column('name_search').execute();

	await db.schema
		.createTable('person_role')
		.addColumn('person_id', 'integer', (c) => c.notNull().references('person.id'))
		.addColumn('role', 'varchar(20)', (c) => c.notNull())
		.addPrimaryKeyConstraint('person_role_pk', ['person_id', 'role'])
		.execute();

	// The id is the public half of the token; only a SHA-256 of the secret half is kept.
	await db.schema
		.createTable('session')
		.addColumn('id', 'varchar(64)', (c) => c.primaryKey())
		.addColumn('secret_hash', 'varchar(64)', (c) => c.notNull())
		.addColumn('person_id', 'integer', (c) => c.notNull().references('person.id'))
		.addColumn('created_at', timestamp, (c) => c.notNull())
		.addColumn('last_active_at', timestamp, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('session_person_idx').on('session').column('person_id').execute();

	await db.schema
		.createTable('login_throttle')
		.addColumn('key', 'varchar(120)', (c) => c.primaryKey())
		.addColumn('failures', 'integer', (c) => c.notNull())
		.addColumn('last_failure_at', timestamp, (c) => c.notNull())
		.addColumn('blocked_until', timestamp)
		.execute();

	await withId(db, db.schema.createTable('audit_log'))
		.addColumn('at', timestamp, (c) => c.notNull())
		.addColumn('actor_id', 'integer', (c) => c.references('person.id'))
		.addColumn('action', 'varchar(60)', (c) => c.notNull())
		.addColumn('object_type', 'varchar(40)', (c) => c.notNull())
		.addColumn('object_id', 'varchar(60)')
		.addColumn('before_json', 'text')
		.addColumn('after_json', 'text')
		.execute();
	await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
	await db.schema.createIndex('audit_log_actor_idx').on('audit_log').column('actor_id').execute();
	await db.schema
		.createIndex('audit_log_object_idx')
		.on('audit_log')
		.columns(['object_type', 'object_id'])
		.execute();

	await db.schema
		.createTable('setting')
		.addColumn('key', 'varchar(80)', (c) => c.primaryKey())
		.addColumn('value', 'text', (c) => c.notNull())
		.addColumn('updated_at', timestamp, (c) => c.notNull())
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	for (const table of [
		'setting',
		'audit_log',
		'login_throttle',
		'session',
		'person_role',
		'person',
		'org_unit'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
