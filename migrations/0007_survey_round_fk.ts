import { sql } from 'kysely';
import type { AnyDb } from './util';
import { isPostgres, timestamp, withId } from './util';

/*
 * `survey.round_id` becomes a real foreign key to `round` (0004 could not name a table that
 * another branch's migration created). A link to a round that does not exist means nothing, so
 * such a link is cleared first rather than failing the upgrade.
 *
 * PostgreSQL adds the constraint in place. SQLite cannot add a constraint to an existing table,
 * so `survey` is rebuilt: copied aside, dropped, created again with the constraint, and filled
 * with the same rows and ids. Only the survey definitions move; the tables that hold who took
 * part and what was answered (`survey_participation`, `survey_response`) are not touched, so
 * their storage order — part of the unlinkability promise — stays exactly as it was.
 *
 * The migrator runs this in one transaction with foreign keys on, where `PRAGMA foreign_keys`
 * cannot change; `defer_foreign_keys` instead postpones the check of the items', answers' and
 * moderations' references to `survey` until commit, by which time every survey is back.
 */
async function rebuildSqliteSurvey(db: AnyDb, withRoundKey: boolean): Promise<void> {
	await sql`pragma defer_foreign_keys = on`.execute(db);
	const seq = await sql<{ seq: number }>`
		select seq from sqlite_sequence where name = 'survey'`.execute(db);
	await sql`create table survey_copy as select * from survey`.execute(db);
	await db.schema.dropTable('survey').execute();
	await withId(db, db.schema.createTable('survey'))
		.addColumn('title', 'varchar(200)', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('period', 'varchar(40)', (c) => c.notNull())
		.addColumn('round_id', 'integer', (c) => (withRoundKey ? c.references('round.id') : c))
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
	const columns = sql.raw(
		'id, title, description, period, round_id, scope_json, status, opens_at, closes_at, ' +
			'min_group_size, min_text_group_size, created_by, created_at, updated_at'
	);
	await sql`insert into survey (${columns}) select ${columns} from survey_copy order by id`.execute(
		db
	);
	await sql`drop table survey_copy`.execute(db);
	// Ids of deleted surveys are never handed out again, as before the rebuild.
	if (seq.rows[0]) {
		await sql`update sqlite_sequence set seq = max(seq, ${seq.rows[0].seq})
			where name = 'survey'`.execute(db);
	}
	await db.schema.createIndex('survey_period_idx').on('survey').column('period').execute();
	await db.schema.createIndex('survey_round_idx').on('survey').column('round_id').execute();
	const broken = await sql`pragma foreign_key_check`.execute(db);
	if (broken.rows.length) throw new Error('survey rebuild left broken references');
}

export async function up(db: AnyDb): Promise<void> {
	await sql`update survey set round_id = null
		where round_id is not null and round_id not in (select id from round)`.execute(db);
	if (isPostgres(db)) {
		await sql`alter table survey add constraint survey_round_fk
			foreign key (round_id) references round (id)`.execute(db);
		await db.schema.createIndex('survey_round_idx').on('survey').column('round_id').execute();
	} else {
		await rebuildSqliteSurvey(db, true);
	}
}

export async function down(db: AnyDb): Promise<void> {
	if (isPostgres(db)) {
		await db.schema.dropIndex('survey_round_idx').execute();
		await sql`alter table survey drop constraint survey_round_fk`.execute(db);
	} else {
		await rebuildSqliteSurvey(db, false);
		await db.schema.dropIndex('survey_round_idx').execute();
	}
}
