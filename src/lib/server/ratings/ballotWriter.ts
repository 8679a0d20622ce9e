import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { RatingBallot } from '$lib/server/db/schema/ratings';
import { RuleError } from '$lib/server/rounds/errors';
import { inTransaction } from '$lib/server/db/errors';
import { prepared, type Param } from '$lib/server/db/prepared';
import { openIteration } from '$lib/server/rounds/phase';
import { GroupCommit } from './groupCommit';

type Db = Kysely<Database> | Transaction<Database>;

/** One person's rating of one indicator, checked and ready to store: one row per criterion. */
export interface BallotJob {
	roundId: number;
	iteration: number;
	rows: BallotRow[];
	reason: { id: string; body: string } | null;
}

/**
 * A ballot row as stored: the rater appears only as the keyed hash rater_key. Carried copies
 * (`carried` = 1) are written only by carryForward, never here.
 */
export type BallotRow = Omit<RatingBallot, 'carried'>;

/**
 * Stores a checked ballot. Ballots that arrive together are committed together (group commit);
 * the promise resolves once the ballot's transaction is durable on disk.
 */
export function writeBallot(db: Kysely<Database>, job: BallotJob): Promise<void> {
	let c = committers.get(db);
	if (!c) {
		c = new GroupCommit<BallotJob, void>(
			(jobs) => commitBatch(db, jobs),
			async (one) => {
				const [r] = await commitBatch(db, [one]);
				if (r instanceof Error) throw r;
			}
		);
		committers.set(db, c);
	}
	return c.submit(job);
}

const committers = new WeakMap<Kysely<Database>, GroupCommit<BallotJob, void>>();

/** Commits a batch in one transaction: one outcome per job (stored, or refused by a rule). */
function commitBatch(db: Kysely<Database>, jobs: BallotJob[]): Promise<(void | Error)[]> {
	return inTransaction(db, (trx) => writeJobs(trx, jobs));
}

type Params = Record<string, Param>;

type ColumnType = 'int' | 'text';

/**
 * A batch's rows as statement parameters: one JSON text (SQLite, read with json_each), or one
 * array per column (PostgreSQL, read with unnest). The statement text is then the same whatever
 * the batch size, so each is compiled and prepared once; a multi-row VALUES list was a new
 * statement for every batch size, and its cost grew with the batch — the opposite of what
 * group commit is for.
 */
function rowsParams(db: Db, types: ColumnType[], rows: (string | number | null)[][]): Params {
	if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return { rows: JSON.stringify(rows) };
	return Object.fromEntries(types.map((_, i) => [`c${i}`, rows.map((r) => r[i])]));
}

/** The table of rows that rowsParams() carries, as columns c0, c1, … */
function rowsSource(db: Kysely<Database>, p: Params, types: ColumnType[]) {
	const names = types.map((_, i) => `c${i}`).join(', ');
	if (db.getExecutor().adapter instanceof PostgresAdapter) {
		const columns = types.map((t, i) => sql`${p[`c${i}`]}::${sql.raw(t)}[]`);
		return sql`(select * from unnest(${sql.join(columns)}) as s(${sql.raw(names)}))`;
	}
	const picks = types.map((_, i) => `value ->> ${i} as c${i}`).join(', ');
	return sql`(select ${sql.raw(picks)} from json_each(${p.rows}))`;
}

const BALLOT_COLUMNS: ColumnType[] = ['int', 'int', 'int', 'text', 'text', 'int', 'int', 'text'];
const PARTICIPANT_COLUMNS: ColumnType[] = ['int', 'int', 'text'];
const REASON_COLUMNS: ColumnType[] = ['text', 'int', 'int', 'int', 'text'];

// PostgreSQL: the round row is locked, so closing the round (an UPDATE) waits for this batch,
// and a batch waits for a close in progress and then sees the round closed: no ballot lands
// after the counts are built. SQLite serialises writers anyway.
const roundState = prepared((db, p: { id: number }) => {
	const q = db.selectFrom('round').select(['phase', 'delphi_iteration']).where('id', '=', p.id);
	return db.getExecutor().adapter instanceof PostgresAdapter ? q.forUpdate() : q;
});

// `where true`: SQLite needs it to read ON CONFLICT as the upsert, not as part of the SELECT.
const upsertBallots = prepared(
	(db, p: Params) =>
		sql`insert into rating_ballot
		(round_id, iteration, indicator_id, criterion, rater_key, score, opd_id, position_type)
		select c0, c1, c2, c3, c4, c5, c6, c7 from ${rowsSource(db, p, BALLOT_COLUMNS)} as s where true
		on conflict (round_id, iteration, indicator_id, criterion, rater_key) do update
		set score = excluded.score, opd_id = excluded.opd_id, position_type = excluded.position_type`
);

const insertParticipants = prepared(
	(db, p: Params) =>
		sql`insert into rating_participant (round_id, iteration, rater_key)
		select c0, c1, c2 from ${rowsSource(db, p, PARTICIPANT_COLUMNS)} as s where true
		on conflict (round_id, iteration, rater_key) do nothing`
);

// A second reason from the same person replaces the first (its id is a keyed hash of them).
const upsertReasons = prepared(
	(db, p: Params) =>
		sql`insert into rating_reason (id, round_id, iteration, indicator_id, body)
		select c0, c1, c2, c3, c4 from ${rowsSource(db, p, REASON_COLUMNS)} as s where true
		on conflict (id) do update set body = excluded.body`
);

/**
 * Stores a batch inside its transaction. Every statement is compiled once (prepared()), and on
 * SQLite runs directly on the transaction's connection (db/direct.ts): per batch, the cost is
 * SQLite's own work, not building, compiling and driving each query.
 *
 * The phase is read again here, inside the transaction: a rating racing the close is refused.
 * The counts results are computed from are built when the iteration closes (counts.ts).
 */
async function writeJobs(trx: Transaction<Database>, jobs: BallotJob[]): Promise<(void | Error)[]> {
	const open = new Map<number, number | null>();
	for (const id of new Set(jobs.map((j) => j.roundId))) {
		const [round] = await roundState.execute(trx, { id });
		open.set(id, round ? openIteration(round) : null);
	}
	const outcomes: (void | Error)[] = [];
	// The same person may appear twice in one batch (a double submit): keep the last write, as
	// two separate transactions would, and never send one key twice in one statement.
	const ballots = new Map<string, BallotRow>();
	const reasons = new Map<string, (string | number)[]>();
	for (const j of jobs) {
		if (open.get(j.roundId) !== j.iteration) {
			outcomes.push(new RuleError('rating_error_closed', 409));
			continue;
		}
		outcomes.push(undefined);
		for (const r of j.rows) {
			ballots.set(
				`${r.round_id}|${r.iteration}|${r.indicator_id}|${r.criterion}|${r.rater_key}`,
				r
			);
		}
		if (j.reason) {
			reasons.set(j.reason.id, [
				j.reason.id,
				j.roundId,
				j.iteration,
				j.rows[0].indicator_id,
				j.reason.body
			]);
		}
	}
	const rows = [...ballots.values()];
	if (rows.length === 0) return outcomes;

	await upsertBallots.execute(
		trx,
		rowsParams(
			trx,
			BALLOT_COLUMNS,
			rows.map((r) => [
				r.round_id,
				r.iteration,
				r.indicator_id,
				r.criterion,
				r.rater_key,
				r.score,
				r.opd_id,
				r.position_type
			])
		)
	);
	const participants = new Map(
		rows.map((r) => [
			`${r.round_id}|${r.iteration}|${r.rater_key}`,
			[r.round_id, r.iteration, r.rater_key]
		])
	);
	await insertParticipants.execute(
		trx,
		rowsParams(trx, PARTICIPANT_COLUMNS, [...participants.values()])
	);
	if (reasons.size > 0) {
		await upsertReasons.execute(trx, rowsParams(trx, REASON_COLUMNS, [...reasons.values()]));
	}
	return outcomes;
}
