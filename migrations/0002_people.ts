import type { AnyDb } from './util';
import { timestamp, withId } from './util';

export async function up(db: AnyDb): Promise<void> {
	await withId(db, db.schema.createTable('import_batch'))
		.addColumn('created_by', 'integer', (c) => c.notNull().references('person.id'))
		.addColumn('created_at', timestamp, (c) => c.notNull())
		.addColumn('file_name', 'varchar(255)', (c) => c.notNull())
		.addColumn('file_sha256', 'varchar(64)', (c) => c.notNull())
		.addColumn('status', 'varchar(20)', (c) => c.notNull())
		.addColumn('rows_json', 'text', (c) => c.notNull())
		.addColumn('file_errors_json', 'text', (c) => c.notNull())
		.addColumn('applied_at', timestamp)
		.addColumn('applied_by', 'integer', (c) => c.references('person.id'))
		.addColumn('result_json', 'text')
		.execute();
	await db.schema
		.createIndex('import_batch_created_idx')
		.on('import_batch')
		.column('created_at')
		.execute();

	// People search filters by unit subtree and position type and sorts by name; these keep it an
	// index walk on 10,000+ people.
	await db.schema
		.createIndex('person_unit_name_idx')
		.on('person')
		.columns(['org_unit_id', 'name_search'])
		.execute();
	await db.schema
		.createIndex('person_type_name_idx')
		.on('person')
		.columns(['position_type', 'name_search'])
		.execute();
	await db.schema.createIndex('audit_log_action_idx').on('audit_log').column('action').execute();
	await db.schema.createIndex('person_role_role_idx').on('person_role').column('role').execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropIndex('person_role_role_idx').execute();
	await db.schema.dropIndex('audit_log_action_idx').execute();
	await db.schema.dropIndex('person_type_name_idx').execute();
	await db.schema.dropIndex('person_unit_name_idx').execute();
	await db.schema.dropTable('import_batch').execute();
}
