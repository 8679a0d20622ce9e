import { error } from '@sveltejs/kit';
import type { Kysely, Transaction } from 'kysely';
import { m } from '$lib/paraglide/messages';
import type { Database } from './schema';
import { registerSqlite, sqliteOf } from './direct';

const SQLITE_RETRYABLE = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|NOMEM)/;
// PostgreSQL: disk full, out of memory, too many connections, serialization/deadlock, lock timeout,
// shutdown (57P01–57P03), and the connection exceptions of class 08.
const PG_RETRYABLE = new Set([
	'53100',
	'53200',
	'53300',
	'40001',
	'40P01',
	'55P03',
	'57P01',
	'57P02',
	'57P03',
	'08000',
	'08001',
	'08003',
	'08004',
	'08006'
]);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);
// node-postgres reports a lost or unusable connection with a message and no code.
const PG_CONNECTION_LOST =
	/^(Connection terminated|Client has encountered a connection error|Client was closed|timeout exceeded when trying to connect)/;

/** True for errors that mean "the database cannot take this write right now", not a bug. */
export function isRetryableDbError(e: unknown): boolean {
	const code = (e as { code?: unknown } | null)?.code;
	if (typeof code === 'string') {
		return SQLITE_RETRYABLE.test(code) || PG_RETRYABLE.has(code) || NETWORK.has(code);
	}
	return e instanceof Error && PG_CONNECTION_LOST.test(e.message);
}

/** True when a write broke a UNIQUE constraint (both dialects). */
export function isUniqueViolation(e: unknown): boolean {
	const code = (e as { code?: unknown } | null)?.code;
	return (
		code === 'SQLITE_CONSTRAINT_UNIQUE' ||
		code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
		code === '23505'
	);
}

/**
 * Runs `fn` in one transaction. A busy or full database becomes a 503 with a localised
 * "try again" message (the connection reports it so; see unavailable.ts); the transaction is
 * rolled back, so nothing is half-written.
 */
export async function inTransaction<T>(
	db: Kysely<Database>,
	fn: (trx: Transaction<Database>) => Promise<T>
): Promise<T> {
	try {
		return await db.transaction().execute((trx) => {
			// This flow's own statements may run directly on SQLite's connection (see direct.ts).
			const sqlite = sqliteOf(db);
			if (sqlite) registerSqlite(trx, sqlite, false);
			return fn(trx);
		});
	} catch (e) {
		if (isRetryableDbError(e)) {
			console.error('database unavailable for write:', (e as Error).message);
			error(503, { message: m.error_db_unavailable() });
		}
		throw e;
	}
}

export function nowIso(date: Date = new Date()): string {
	return date.toISOString();
}
