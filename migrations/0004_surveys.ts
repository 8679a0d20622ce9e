import { sql } from 'kysely';
import type { AnyDb } from './util';
import { isPostgres, timestamp, withId } from './util';

/*
 * Fairness surveys. The anonymity promise shapes this schema:
 * - `survey_participation` (who took part) and `survey_response` (what was answered) share no
 *   column but the survey id: no person id, no sequence, no timestamp on either.
 * - A response's id is 128 random bits, never an autoincrement. On SQLite both tables are
 *   WITHOUT ROWID, so rows live in their primary key's B-tree order (random for responses,
 *   person id for participation) instead of a hidden rowid that grows with insertion order.
 *   PostgreSQL has no such option; responses.ts rewrites a survey's responses on every
 *   submission so that neither heap order (ctid) nor the inserting transaction (xmin) follows
 *   submission order.
 * - `round_id` is a plain nullable integer on purpose: the round table lives in another branch's
 *   migration, and this one must not depend on it (a foreign key can be added once both land).
 */
export async function up(db: AnyDb): Promise<void> {
	const pg = isPostgres(db);
	const withoutRowid = sql`without rowid`;

	await withId(db, db.schema.createTable('survey'))
		.addColumn('title', 'varchar(200)', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('period', 'varchar(40)', (c) => c.notNull())
		.addColumn('round_id', 'integer')
		.addColumn('scope_json', 'text', (c) => c.notNull())
		.addColumn('status', 'varchar(12)', (c) => c.notNull().defaultTo('draft'))
		.addColumn('opens_at', timestamp, (c) => c.notNull())
		.addColumn('closes_at', timestamp, (c) => c.notNull())
		.addColumn('min_group_size', 'integer', (c) => c.notNull().defaultTo(5))
		.addColumn('min_text_group_size', 'integer', (c) => c.notNull().defaultTo(10))
		.addColumn('created_by', 'integer', (c) => c.references('person.id'))
		.addColumn('created_at', timestamp, (c) => c.notNull())
		.addColumn('updated_at', timestamp, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('survey_period_idx').on('survey').column('period').execute();

	await withId(db, db.schema.createTable('survey_item'))
		.addColumn('survey_id', 'integer', (c) => c.notNull().references('survey.id'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('kind', 'varchar(10)', (c) => c.notNull())
		.addColumn('dimension', 'varchar(20)')
		.addColumn('builtin_key', 'varchar(40)')
		.addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('options_json', 'text')
		.addColumn('required', 'integer', (c) => c.notNull().defaultTo(1))
		.execute();
	await db.schema
		.createIndex('survey_item_survey_idx')
		.on('survey_item')
		.columns(['survey_id', 'position'])
		.execute();

	let participation = db.schema
		.createTable('survey_participation')
		.addColumn('survey_id', 'integer', (c) => c.notNull().references('survey.id'))
		.addColumn('person_id', 'integer', (c) => c.notNull().references('person.id'))
		.addPrimaryKeyConstraint('survey_participation_pk', ['survey_id', 'person_id']);
	if (!pg) participation = participation.modifyEnd(withoutRowid);
	await participation.execute();

	let response = db.schema
		.createTable('survey_response')
		.addColumn('id', 'varchar(32)', (c) => c.primaryKey())
		.addColumn('survey_id', 'integer', (c) => c.notNull().references('survey.id'))
		.addColumn('opd_unit_id', 'integer')
		.addColumn('position_type', 'varchar(20)')
		.addColumn('answers_json', 'text', (c) => c.notNull());
	if (!pg) response = response.modifyEnd(withoutRowid);
	await response.execute();
	await db.schema
		.createIndex('survey_response_survey_idx')
		.on('survey_response')
		.columns(['survey_id', 'id'])
		.execute();

	// Moderation of free text is a facilitator's act on a response (random id), not on a person.
	let moderation = db.schema
		.createTable('survey_text_moderation')
		.addColumn('response_id', 'varchar(32)', (c) => c.notNull())
		.addColumn('item_id', 'integer', (c) => c.notNull().references('survey_item.id'))
		.addColumn('survey_id', 'integer', (c) => c.notNull().references('survey.id'))
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('hidden_by', 'integer', (c) => c.references('person.id'))
		.addColumn('hidden_at', timestamp, (c) => c.notNull())
		.addPrimaryKeyConstraint('survey_text_moderation_pk', ['response_id', 'item_id']);
	if (!pg) moderation = moderation.modifyEnd(withoutRowid);
	await moderation.execute();
}

export async function down(db: AnyDb): Promise<void> {
	for (const table of [
		'survey_text_moderation',
		'survey_response',
		'survey_participation',
		'survey_item',
		'survey'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
