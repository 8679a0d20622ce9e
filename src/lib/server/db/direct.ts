import type SQLite from 'better-sqlite3';

/**
 * Direct, synchronous execution of compiled statements on SQLite, for prepared().
 *
 * A query through Kysely's driver is a chain of about 25 promises (acquire the connection
 * behind its mutex, run, transform, release), and on Node 20 every promise also runs the promise
 * hooks that AsyncLocalStorage installs process-wide. better-sqlite3 itself is synchronous, so
 * for a statement that is already compiled all that machinery is overhead: on the rating path it
 * cost more than the four reads it carried.
 *
 * Isolation stays what Kysely gives: the app has one SQLite connection, and a transaction open
 * on it belongs to whichever flow began it. A statement on the root instance therefore runs
 * directly only while no transaction is open (otherwise it goes through Kysely and waits for the
 * connection like any other query), and a transaction's own statements run directly only through
 * the transaction object that inTransaction() registered for that flow.
 */
const handles = new WeakMap<object, { sqlite: SQLite.Database; root: boolean }>();

/** Records the SQLite connection behind a Kysely instance (root) or one of its transactions. */
export function registerSqlite(db: object, sqlite: SQLite.Database, root: boolean): void {
	handles.set(db, { sqlite, root });
}

/** The SQLite connection behind a root instance, whatever its state; undefined on PostgreSQL. */
export function sqliteOf(db: object): SQLite.Database | undefined {
	return handles.get(db)?.sqlite;
}

/** The connection to run on directly, or undefined: PostgreSQL, or another flow's open transaction. */
export function directSqlite(db: object): SQLite.Database | undefined {
	const h = handles.get(db);
	if (!h || (h.root && h.sqlite.inTransaction)) return undefined;
	return h.sqlite;
}
