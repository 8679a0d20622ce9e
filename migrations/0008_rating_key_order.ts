import { sql } from 'kysely';
import type { AnyDb } from './util';
import { isPostgres } from './util';

/*
 * `rating_participant` (who has rated, by key) and `rating_reason` (Delphi reasons) were rowid
 * tables on SQLite: their rows sat in insertion order, so a copy of the database listed rater keys,
 * and reasons, in the order people voted. Rebuilt `WITHOUT ROWID`, rows sit in primary-key order:
 * by the HMAC rater key, and by the reason's keyed-hash id — orders that say nothing about time.
 * `rating_ballot` has been stored this way since 0005.
 *
 * The rebuild copies every row, drops the old table and renames the new one. `secure_delete`
 * overwrites the old pages with zeros as they are freed, so the old insertion order does not
 * linger in the file's free pages (a WAL file and older backups still hold it: see the README).
 *
 * PostgreSQL is unchanged: a heap table there has no key order to choose, and `rating_ballot` —
 * written in the same transaction — shows the same voting order in its row positions (README,
 * "Privacy").
 */
async function rebuild(db: AnyDb, withoutRowid: boolean): Promise<void> {
	const tail = sql.raw(withoutRowid ? ' without rowid' : '');
	await sql`pragma secure_delete = on`.execute(db);
	await sql`create table rating_participant_new (
		round_id integer not null references round (id),
		iteration integer not null,
		rater_key varchar(64) not null,
		constraint rating_participant_pk primary key (round_id, iteration, rater_key)
	)${tail}`.execute(db);
	await sql`insert into rating_participant_new (round_id, iteration, rater_key)
		select round_id, iteration, rater_key from rating_participant
		order by round_id, iteration, rater_key`.execute(db);
	await sql`drop table rating_participant`.execute(db);
	await sql`alter table rating_participant_new rename to rating_participant`.execute(db);

	await sql`create table rating_reason_new (
		id varchar(32) not null primary key,
		round_id integer not null references round (id),
		iteration integer not null,
		indicator_id integer not null references indicator (id),
		body text not null
	)${tail}`.execute(db);
	await sql`insert into rating_reason_new (id, round_id, iteration, indicator_id, body)
		select id, round_id, iteration, indicator_id, body from rating_reason order by id`.execute(db);
	await sql`drop table rating_reason`.execute(db);
	await sql`alter table rating_reason_new rename to rating_reason`.execute(db);
	await db.schema
		.createIndex('rating_reason_idx')
		.on('rating_reason')
		.columns(['round_id', 'iteration', 'indicator_id'])
		.execute();
}

export async function up(db: AnyDb): Promise<void> {
	if (!isPostgres(db)) await rebuild(db, true);
}

export async function down(db: AnyDb): Promise<void> {
	if (!isPostgres(db)) await rebuild(db, false);
}
