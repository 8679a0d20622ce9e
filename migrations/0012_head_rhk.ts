import type { AnyDb } from './util';
import { timestamp, withId } from './util';

// The head's plan (RHK from the Perjanjian Kinerja / SKP of a unit's head) per unit and period,
// and the RHK files uploaded for preview before they are applied.
export async function up(db: AnyDb): Promise<void> {
	await withId(db, db.schema.createTable('head_rhk'))
		.addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
		// Inclusive calendar dates (YYYY-MM-DD). One unit's periods are equal or disjoint.
		.addColumn('period_start', 'varchar(10)', (c) => c.notNull())
		.addColumn('period_end', 'varchar(10)', (c) => c.notNull())
		// The number the head's plan gives it ("1", "RHK 2"); free text, optional.
		.addColumn('code', 'varchar(20)')
		.addColumn('text', 'text', (c) => c.notNull())
		// searchable(text): how duplicates are recognised, whatever the case or spacing.
		.addColumn('text_key', 'varchar(600)', (c) => c.notNull())
		// A retired RHK stays (proposals may cite it) but is offered no more.
		.addColumn('retired_at', timestamp)
		.addColumn('retired_by', 'integer', (c) => c.references('person.id'))
		.addColumn('created_by', 'integer', (c) => c.notNull().references('person.id'))
		.addColumn('created_at', timestamp, (c) => c.notNull())
		.addColumn('updated_at', timestamp, (c) => c.notNull())
		.addUniqueConstraint('head_rhk_text_uq', [
			'org_unit_id',
			'period_start',
			'period_end',
			'text_key'
		])
		.execute();
	await db.schema
		.createIndex('head_rhk_unit_idx')
		.on('head_rhk')
		.columns(['org_unit_id', 'period_start'])
		.execute();

	await withId(db, db.schema.createTable('rhk_import_batch'))
		.addColumn('created_by', 'integer', (c) => c.notNull().references('person.id'))
		.addColumn('created_at', timestamp, (c) => c.notNull())
		.addColumn('file_name', 'varchar(255)', (c) => c.notNull())
		// 'previewed' | 'applied' | 'discarded'
		.addColumn('status', 'varchar(12)', (c) => c.notNull())
		.addColumn('rows_json', 'text', (c) => c.notNull())
		.addColumn('file_errors_json', 'text', (c) => c.notNull())
		.addColumn('applied_at', timestamp)
		.addColumn('created_count', 'integer')
		.execute();

	// The head's RHK a proposal supports (RHK atasan yang diintervensi); null means an additional
	// result (hasil kerja tambahan) that supports none of them.
	await db.schema
		.alterTable('indicator')
		.addColumn('head_rhk_id', 'integer', (c) => c.references('head_rhk.id'))
		.execute();
	// 'direct' | 'indirect' cascading (PermenPANRB 8/2021); null when no RHK is named.
	await db.schema.alterTable('indicator').addColumn('cascading', 'varchar(10)').execute();
	// A round based on the heads' plans: the day whose plan period applies (YYYY-MM-DD). Its
	// proposals must each name an RHK of the proposer's unit (or a unit above it) in force then,
	// or say they support none.
	await db.schema.alterTable('round').addColumn('rhk_day', 'varchar(10)').execute();
	await db.schema
		.createIndex('indicator_head_rhk_idx')
		.on('indicator')
		.column('head_rhk_id')
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropIndex('indicator_head_rhk_idx').execute();
	await db.schema.alterTable('round').dropColumn('rhk_day').execute();
	await db.schema.alterTable('indicator').dropColumn('cascading').execute();
	await db.schema.alterTable('indicator').dropColumn('head_rhk_id').execute();
	await db.schema.dropTable('rhk_import_batch').execute();
	await db.schema.dropTable('head_rhk').execute();
}
