import { sql } from 'kysely';
import type { AnyDb } from './util';
import { isPostgres } from './util';

// Secret ballots. A ballot row carries no person id, no timestamp and no auto-increment id:
// it is keyed by `rater_key`, an HMAC of (round, person) under a server secret that is not in
// the database, so the application can find "my ballot" again but no screen, export or query
// can turn a ballot back into a person. The breakdown attributes (OPD, position type) are
// copied at rating time because results are reported by them.
export async function up(db: AnyDb): Promise<void> {
	let ballot = db.schema
		.createTable('rating_ballot')
		.addColumn('round_id', 'integer', (c) => c.notNull().references('round.id'))
		// 0 = the rating phase; 1, 2, … = Delphi iterations.
		.addColumn('iteration', 'integer', (c) => c.notNull())
		.addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicator.id'))
		.addColumn('criterion', 'varchar(30)', (c) => c.notNull())
		.addColumn('rater_key', 'varchar(64)', (c) => c.notNull())
		// null = "cannot judge".
		.addColumn('score', 'integer', (c) => c.check(sql`score between 1 and 5`))
		.addColumn('opd_id', 'integer', (c) => c.notNull())
		.addColumn('position_type', 'varchar(20)', (c) => c.notNull())
		// One ballot per person, indicator, criterion and iteration: the upsert target.
		.addPrimaryKeyConstraint('rating_ballot_pk', [
			'round_id',
			'iteration',
			'indicator_id',
			'criterion',
			'rater_key'
		]);
	// Without a rowid SQLite stores rows in key order (by the HMAC), not in the order people voted.
	if (!isPostgres(db)) ballot = ballot.modifyEnd(sql`without rowid`);
	await ballot.execute();
	await db.schema
		.createIndex('rating_ballot_rater_idx')
		.on('rating_ballot')
		.columns(['round_id', 'rater_key', 'iteration'])
		.execute();

	// Optional reasons given in a Delphi iteration, shown anonymously in the next one. A random id
	// (no sequence, no timestamp, no rater key) so their order says nothing about who wrote them.
	await db.schema
		.createTable('rating_reason')
		.addColumn('id', 'varchar(32)', (c) => c.primaryKey())
		.addColumn('round_id', 'integer', (c) => c.notNull().references('round.id'))
		.addColumn('iteration', 'integer', (c) => c.notNull())
		.addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicator.id'))
		.addColumn('body', 'text', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('rating_reason_idx')
		.on('rating_reason')
		.columns(['round_id', 'iteration', 'indicator_id'])
		.execute();

	// Which indicators each Delphi iteration re-rates (those without consensus when it opened).
	await db.schema
		.createTable('delphi_item')
		.addColumn('round_id', 'integer', (c) => c.notNull().references('round.id'))
		.addColumn('iteration', 'integer', (c) => c.notNull())
		.addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicator.id'))
		.addPrimaryKeyConstraint('delphi_item_pk', ['round_id', 'iteration', 'indicator_id'])
		.execute();

	// Frozen results of a closed round: computed once, served from here.
	await db.schema
		.createTable('rating_result_cache')
		.addColumn('round_id', 'integer', (c) => c.primaryKey().references('round.id'))
		.addColumn('results_json', 'text', (c) => c.notNull())
		.addColumn('computed_at', 'text', (c) => c.notNull())
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	for (const t of ['rating_result_cache', 'delphi_item', 'rating_reason', 'rating_ballot']) {
		await db.schema.dropTable(t).execute();
	}
}
