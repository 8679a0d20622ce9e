import type { AnyDb } from './util';
import { timestamp, withId } from './util';

// Consultation rounds, indicator proposals with their revisions, threaded discussion with
// moderation, and in-app notifications. JSON columns are text on both dialects: they are
// validated by zod in the domain modules, never queried into.
export async function up(db: AnyDb): Promise<void> {
	await withId(db, db.schema.createTable('round'))
		.addColumn('title', 'varchar(200)', (c) => c.notNull())
		.addColumn('purpose', 'text', (c) => c.notNull())
		.addColumn('phase', 'varchar(20)', (c) => c.notNull().defaultTo('draft'))
		.addColumn('scope_json', 'text', (c) => c.notNull())
		.addColumn('criteria_json', 'text', (c) => c.notNull())
		.addColumn('consensus_rule_json', 'text', (c) => c.notNull())
		.addColumn('min_group_size', 'integer', (c) => c.notNull().defaultTo(5))
		// 0 until a Delphi re-rating opens; each re-entry into `delphi` adds one.
		.addColumn('delphi_iteration', 'integer', (c) => c.notNull().defaultTo(0))
		// Advisory SMART score a proposal must reach in this round (0 = advice only).
		.addColumn('min_smart_score', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('phase_changed_at', timestamp, (c) => c.notNull())
		.addColumn('created_by', 'integer', (c) => c.notNull().references('person.id'))
		.addColumn('created_at', timestamp, (c) => c.notNull())
		.addColumn('updated_at', timestamp, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('round_phase_idx').on('round').column('phase').execute();

	// When each phase is planned to end; a lazy check on access advances the round (see schedule.ts).
	await db.schema
		.createTable('round_schedule')
		.addColumn('round_id', 'integer', (c) => c.notNull().references('round.id'))
		.addColumn('phase', 'varchar(20)', (c) => c.notNull())
		.addColumn('starts_at', timestamp)
		.addColumn('ends_at', timestamp)
		.addPrimaryKeyConstraint('round_schedule_pk', ['round_id', 'phase'])
		.execute();

	// Every transition, so the ratings module can tell when each Delphi iteration opened.
	await withId(db, db.schema.createTable('round_phase_event'))
		.addColumn('round_id', 'integer', (c) => c.notNull().references('round.id'))
		.addColumn('from_phase', 'varchar(20)', (c) => c.notNull())
		.addColumn('to_phase', 'varchar(20)', (c) => c.notNull())
		.addColumn('delphi_iteration', 'integer', (c) => c.notNull())
		// null when the schedule advanced the round.
		.addColumn('actor_id', 'integer', (c) => c.references('person.id'))
		.addColumn('at', timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('round_phase_event_round_idx')
		.on('round_phase_event')
		.column('round_id')
		.execute();

	await withId(db, db.schema.createTable('indicator'))
		.addColumn('round_id', 'integer', (c) => c.notNull().references('round.id'))
		.addColumn('author_id', 'integer', (c) => c.notNull().references('person.id'))
		// The author's unit when they proposed, for filtering by unit.
		.addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
		.addColumn('status', 'varchar(20)', (c) => c.notNull().defaultTo('submitted'))
		.addColumn('merged_into_id', 'integer', (c) => c.references('indicator.id'))
		.addColumn('name', 'varchar(200)', (c) => c.notNull())
		.addColumn('definition', 'text', (c) => c.notNull())
		.addColumn('formula', 'text', (c) => c.notNull())
		.addColumn('unit_of_measure', 'varchar(60)', (c) => c.notNull())
		.addColumn('target', 'varchar(120)', (c) => c.notNull())
		.addColumn('baseline', 'varchar(120)', (c) => c.notNull())
		.addColumn('data_source', 'varchar(300)', (c) => c.notNull())
		.addColumn('frequency', 'varchar(20)', (c) => c.notNull())
		.addColumn('perspective', 'varchar(30)', (c) => c.notNull())
		.addColumn('aspect', 'varchar(20)', (c) => c.notNull())
		.addColumn('kind', 'varchar(20)', (c) => c.notNull())
		.addColumn('berakhlak_value', 'varchar(30)')
		.addColumn('unit_goal', 'text', (c) => c.notNull())
		.addColumn('fairness_rationale', 'text', (c) => c.notNull())
		.addColumn('smart_score', 'integer', (c) => c.notNull())
		// Normalised name + definition, for LIKE search that ignores case and accents on both dialects.
		.addColumn('search_text', 'text', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		// Denormalised so lists sort by "most discussed" without counting per row.
		.addColumn('comment_count', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('supporter_count', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('status_reason', 'text')
		.addColumn('status_changed_by', 'integer', (c) => c.references('person.id'))
		.addColumn('status_changed_at', timestamp)
		.addColumn('official_response', 'text')
		.addColumn('official_response_by', 'integer', (c) => c.references('person.id'))
		.addColumn('official_response_at', timestamp)
		// Random per rendered form: a second POST of the same form finds the first row.
		.addColumn('client_token', 'varchar(64)', (c) => c.notNull())
		.addColumn('created_at', timestamp, (c) => c.notNull())
		.addColumn('updated_at', timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('indicator_round_status_idx')
		.on('indicator')
		.columns(['round_id', 'status', 'created_at'])
		.execute();
	await db.schema
		.createIndex('indicator_round_comments_idx')
		.on('indicator')
		.columns(['round_id', 'comment_count'])
		.execute();
	await db.schema.createIndex('indicator_author_idx').on('indicator').column('author_id').execute();
	await db.schema
		.createIndex('indicator_merged_idx')
		.on('indicator')
		.column('merged_into_id')
		.execute();
	await db.schema
		.createIndex('indicator_token_uq')
		.on('indicator')
		.columns(['author_id', 'client_token'])
		.unique()
		.execute();

	// Every version of a proposal, the first included, as a full snapshot of its fields.
	await withId(db, db.schema.createTable('indicator_revision'))
		.addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicator.id'))
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('editor_id', 'integer', (c) => c.notNull().references('person.id'))
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('snapshot_json', 'text', (c) => c.notNull())
		.addColumn('created_at', timestamp, (c) => c.notNull())
		.addUniqueConstraint('indicator_revision_uq', ['indicator_id', 'version'])
		.execute();

	// People who join a proposal instead of writing a duplicate; they follow it through merges.
	await db.schema
		.createTable('indicator_supporter')
		.addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicator.id'))
		.addColumn('person_id', 'integer', (c) => c.notNull().references('person.id'))
		.addColumn('created_at', timestamp, (c) => c.notNull())
		.addPrimaryKeyConstraint('indicator_supporter_pk', ['indicator_id', 'person_id'])
		.execute();
	await db.schema
		.createIndex('indicator_supporter_person_idx')
		.on('indicator_supporter')
		.column('person_id')
		.execute();

	await withId(db, db.schema.createTable('comment'))
		.addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicator.id'))
		.addColumn('round_id', 'integer', (c) => c.notNull().references('round.id'))
		.addColumn('author_id', 'integer', (c) => c.notNull().references('person.id'))
		.addColumn('parent_id', 'integer', (c) => c.references('comment.id'))
		.addColumn('depth', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('stance', 'varchar(10)', (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('edited_at', timestamp)
		.addColumn('hidden_at', timestamp)
		.addColumn('hidden_by', 'integer', (c) => c.references('person.id'))
		.addColumn('hidden_reason', 'text')
		// Where the comment was first written, when a merge moved it to another proposal.
		.addColumn('moved_from_indicator_id', 'integer', (c) => c.references('indicator.id'))
		.addColumn('client_token', 'varchar(64)', (c) => c.notNull())
		.addColumn('created_at', timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('comment_indicator_idx')
		.on('comment')
		.columns(['indicator_id', 'created_at'])
		.execute();
	await db.schema.createIndex('comment_parent_idx').on('comment').column('parent_id').execute();
	await db.schema.createIndex('comment_round_idx').on('comment').column('round_id').execute();
	await db.schema
		.createIndex('comment_token_uq')
		.on('comment')
		.columns(['author_id', 'client_token'])
		.unique()
		.execute();

	// The text a comment had before each edit; nothing is overwritten without a trace.
	await withId(db, db.schema.createTable('comment_edit'))
		.addColumn('comment_id', 'integer', (c) => c.notNull().references('comment.id'))
		.addColumn('previous_body', 'text', (c) => c.notNull())
		.addColumn('previous_stance', 'varchar(10)', (c) => c.notNull())
		.addColumn('edited_at', timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('comment_edit_comment_idx')
		.on('comment_edit')
		.column('comment_id')
		.execute();

	await withId(db, db.schema.createTable('comment_report'))
		.addColumn('comment_id', 'integer', (c) => c.notNull().references('comment.id'))
		.addColumn('round_id', 'integer', (c) => c.notNull().references('round.id'))
		.addColumn('reporter_id', 'integer', (c) => c.notNull().references('person.id'))
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('created_at', timestamp, (c) => c.notNull())
		// 'hidden' | 'dismissed'; null while the report waits in the moderation queue.
		.addColumn('resolution', 'varchar(12)')
		.addColumn('resolved_by', 'integer', (c) => c.references('person.id'))
		.addColumn('resolved_at', timestamp)
		.addUniqueConstraint('comment_report_uq', ['comment_id', 'reporter_id'])
		.execute();
	await db.schema
		.createIndex('comment_report_open_idx')
		.on('comment_report')
		.columns(['round_id', 'resolution'])
		.execute();

	// Rendered from `kind` + `params_json` in the reader's language at display time.
	await withId(db, db.schema.createTable('notification'))
		.addColumn('person_id', 'integer', (c) => c.notNull().references('person.id'))
		.addColumn('kind', 'varchar(30)', (c) => c.notNull())
		.addColumn('round_id', 'integer', (c) => c.references('round.id'))
		.addColumn('indicator_id', 'integer', (c) => c.references('indicator.id'))
		.addColumn('comment_id', 'integer', (c) => c.references('comment.id'))
		.addColumn('params_json', 'text', (c) => c.notNull())
		.addColumn('created_at', timestamp, (c) => c.notNull())
		.addColumn('read_at', timestamp)
		.execute();
	await db.schema
		.createIndex('notification_person_idx')
		.on('notification')
		.columns(['person_id', 'read_at', 'created_at'])
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	for (const table of [
		'notification',
		'comment_report',
		'comment_edit',
		'comment',
		'indicator_supporter',
		'indicator_revision',
		'indicator',
		'round_phase_event',
		'round_schedule',
		'round'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
