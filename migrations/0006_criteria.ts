import type { AnyDb } from './util';
import { timestamp, withId } from './util';

// Adoption of a published round's indicators into official evaluation criteria, the versioned
// catalogue of criteria in force, and API tokens for other government systems.
export async function up(db: AnyDb): Promise<void> {
	// A facilitator's proposal to adopt; a leader approves it (two-person rule) or returns it.
	await withId(db, db.schema.createTable('adoption'))
		.addColumn('round_id', 'integer', (c) => c.notNull().references('round.id'))
		.addColumn('title', 'varchar(200)', (c) => c.notNull())
		// 'draft' | 'submitted' | 'returned' | 'approved'
		.addColumn('status', 'varchar(12)', (c) => c.notNull().defaultTo('draft'))
		// Inclusive calendar dates (YYYY-MM-DD): the period the criteria are in force.
		.addColumn('period_start', 'varchar(10)', (c) => c.notNull())
		.addColumn('period_end', 'varchar(10)', (c) => c.notNull())
		// JSON arrays of unit ids and position types the criteria apply to.
		.addColumn('unit_ids_json', 'text', (c) => c.notNull())
		.addColumn('position_types_json', 'text', (c) => c.notNull())
		.addColumn('drafted_by', 'integer', (c) => c.notNull().references('person.id'))
		.addColumn('submitted_at', timestamp)
		.addColumn('approved_by', 'integer', (c) => c.references('person.id'))
		.addColumn('approved_at', timestamp)
		.addColumn('created_at', timestamp, (c) => c.notNull())
		.addColumn('updated_at', timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('adoption_round_idx')
		.on('adoption')
		.columns(['round_id', 'status'])
		.execute();

	// Everyone who edited the draft: none of them may approve it.
	await db.schema
		.createTable('adoption_editor')
		.addColumn('adoption_id', 'integer', (c) => c.notNull().references('adoption.id'))
		.addColumn('person_id', 'integer', (c) => c.notNull().references('person.id'))
		.addPrimaryKeyConstraint('adoption_editor_pk', ['adoption_id', 'person_id'])
		.execute();

	await withId(db, db.schema.createTable('adoption_item'))
		.addColumn('adoption_id', 'integer', (c) => c.notNull().references('adoption.id'))
		.addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicator.id'))
		.addColumn('weight', 'integer', (c) => c.notNull())
		.addColumn('target', 'varchar(120)', (c) => c.notNull())
		// The consensus decision seen when drafting ('reached' | 'not_reached' | 'rejected' | 'unknown').
		.addColumn('consensus_decision', 'varchar(12)', (c) => c.notNull())
		// Required when the decision is not 'reached'.
		.addColumn('justification', 'text')
		// SKP (PermenPANRB 6/2022) mapping.
		.addColumn('skp_kind', 'varchar(20)', (c) => c.notNull())
		.addColumn('rencana_hasil_kerja', 'text')
		.addColumn('indikator_kinerja', 'text', (c) => c.notNull())
		.addColumn('aspect', 'varchar(20)')
		.addColumn('berakhlak_value', 'varchar(30)')
		.addUniqueConstraint('adoption_item_uq', ['adoption_id', 'indicator_id'])
		.execute();

	// A target for one unit where it differs from the item's target.
	await db.schema
		.createTable('adoption_item_target')
		.addColumn('item_id', 'integer', (c) => c.notNull().references('adoption_item.id'))
		.addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
		.addColumn('target', 'varchar(120)', (c) => c.notNull())
		.addPrimaryKeyConstraint('adoption_item_target_pk', ['item_id', 'org_unit_id'])
		.execute();

	// Submissions, returns and the approval, with the leader's comments: the review history.
	await withId(db, db.schema.createTable('adoption_event'))
		.addColumn('adoption_id', 'integer', (c) => c.notNull().references('adoption.id'))
		// 'submitted' | 'returned' | 'approved'
		.addColumn('kind', 'varchar(12)', (c) => c.notNull())
		.addColumn('actor_id', 'integer', (c) => c.notNull().references('person.id'))
		.addColumn('comment', 'text')
		.addColumn('at', timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('adoption_event_adoption_idx')
		.on('adoption_event')
		.column('adoption_id')
		.execute();

	// The criteria for one unit and position type over one period. A later adoption for the same
	// unit, type and period supersedes it (version + 1); the old set stays, for history.
	await withId(db, db.schema.createTable('criteria_set'))
		.addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
		.addColumn('position_type', 'varchar(20)', (c) => c.notNull())
		.addColumn('period_start', 'varchar(10)', (c) => c.notNull())
		.addColumn('period_end', 'varchar(10)', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('adoption_id', 'integer', (c) => c.notNull().references('adoption.id'))
		// 'in_force' | 'superseded'
		.addColumn('status', 'varchar(12)', (c) => c.notNull())
		.addColumn('superseded_by', 'integer', (c) => c.references('criteria_set.id'))
		.addColumn('created_at', timestamp, (c) => c.notNull())
		.addUniqueConstraint('criteria_set_version_uq', [
			'org_unit_id',
			'position_type',
			'period_start',
			'version'
		])
		.execute();
	await db.schema
		.createIndex('criteria_set_lookup_idx')
		.on('criteria_set')
		.columns(['org_unit_id', 'position_type', 'status'])
		.execute();

	// One official criterion: an indicator as adopted for one set (unit × position type × period).
	// Fields are copied so the criterion never changes when its proposal is edited later.
	await withId(db, db.schema.createTable('official_criterion'))
		.addColumn('set_id', 'integer', (c) => c.notNull().references('criteria_set.id'))
		.addColumn('adoption_item_id', 'integer', (c) => c.notNull().references('adoption_item.id'))
		.addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicator.id'))
		.addColumn('round_id', 'integer', (c) => c.notNull().references('round.id'))
		.addColumn('name', 'varchar(200)', (c) => c.notNull())
		.addColumn('definition', 'text', (c) => c.notNull())
		.addColumn('formula', 'text', (c) => c.notNull())
		.addColumn('unit_of_measure', 'varchar(60)', (c) => c.notNull())
		.addColumn('data_source', 'varchar(300)', (c) => c.notNull())
		.addColumn('frequency', 'varchar(20)', (c) => c.notNull())
		.addColumn('weight', 'integer', (c) => c.notNull())
		.addColumn('target', 'varchar(120)', (c) => c.notNull())
		.addColumn('skp_kind', 'varchar(20)', (c) => c.notNull())
		.addColumn('rencana_hasil_kerja', 'text')
		.addColumn('indikator_kinerja', 'text', (c) => c.notNull())
		.addColumn('aspect', 'varchar(20)')
		.addColumn('berakhlak_value', 'varchar(30)')
		.execute();
	await db.schema
		.createIndex('official_criterion_set_idx')
		.on('official_criterion')
		.column('set_id')
		.execute();
	await db.schema
		.createIndex('official_criterion_indicator_idx')
		.on('official_criterion')
		.column('indicator_id')
		.execute();

	// Only a SHA-256 of the secret is kept, like sessions; the token is shown once when issued.
	await withId(db, db.schema.createTable('api_token'))
		.addColumn('name', 'varchar(120)', (c) => c.notNull())
		// The public prefix identifies the token in lists and logs.
		.addColumn('prefix', 'varchar(16)', (c) => c.notNull().unique())
		.addColumn('secret_hash', 'varchar(64)', (c) => c.notNull())
		// JSON array of scopes: 'criteria' | 'results' | 'participation'.
		.addColumn('scopes_json', 'text', (c) => c.notNull())
		.addColumn('created_by', 'integer', (c) => c.notNull().references('person.id'))
		.addColumn('created_at', timestamp, (c) => c.notNull())
		.addColumn('last_used_at', timestamp)
		.addColumn('revoked_at', timestamp)
		.addColumn('revoked_by', 'integer', (c) => c.references('person.id'))
		.execute();

	// Requests per token per minute, in the database so app servers behind a balancer share it.
	await db.schema
		.createTable('api_rate')
		.addColumn('token_id', 'integer', (c) => c.notNull().references('api_token.id'))
		.addColumn('minute', 'varchar(16)', (c) => c.notNull())
		.addColumn('requests', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('api_rate_pk', ['token_id', 'minute'])
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	for (const table of [
		'api_rate',
		'api_token',
		'official_criterion',
		'criteria_set',
		'adoption_event',
		'adoption_item_target',
		'adoption_item',
		'adoption_editor',
		'adoption'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
