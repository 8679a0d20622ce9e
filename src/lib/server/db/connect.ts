import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteAdapter, SqliteDialect } from 'kysely';
import type { Database } from './schema';
import { reportUnavailableAs503 } from './unavailable';
import { registerSqlite } from './direct';

export const DEFAULT_DATABASE_URL = 'file:data/mufakat.db';

export type DialectName = 'sqlite' | 'postgres';

export function dialectOf(url: string): DialectName {
	return /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
}

/** `file:data/x.db`, `file:///abs/x.db`, `sqlite:x.db` or a bare path → a filesystem path. */
export function sqlitePath(url: string, base: string = process.cwd()): string {
	if (url === ':memory:') return url;
	const path = url.replace(/^sqlite:/, '').replace(/^file:(\/\/)?/, '');
	return resolve(base, path);
}

// node-postgres returns int8 (COUNT, SUM) and numeric as strings; the app wants numbers,
// and every such value here is far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export interface ConnectOptions {
	/** PostgreSQL: schema to use (tests isolate themselves this way). */
	searchPath?: string;
	poolSize?: number;
}

export function openSqlite(path: string): SQLite.Database {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const sqlite = new SQLite(path);
	sqlite.pragma('journal_mode = WAL');
	// Set after WAL on purpose: an acknowledged write must survive power loss.
	sqlite.pragma('synchronous = FULL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma(`busy_timeout = ${Number(process.env.SQLITE_BUSY_TIMEOUT_MS ?? 5000)}`);
	return sqlite;
}

/**
 * Kysely's SQLite driver prepares every statement anew, and preparing (parsing and planning the
 * SQL) costs more than running most of this app's queries. The SQL text of a query builder call
 * is the same on every request, so prepared statements are kept and reused, least recently used
 * first out. Reuse is safe: the driver runs one query at a time on the connection, and SQLite
 * re-prepares a kept statement by itself after a schema change.
 */
export function cacheStatements(sqlite: SQLite.Database, max = 500): SQLite.Database {
	const prepare = sqlite.prepare.bind(sqlite);
	const kept = new Map<string, SQLite.Statement>();
	sqlite.prepare = ((source: string) => {
		let stmt = kept.get(source);
		if (stmt) {
			kept.delete(source); // re-inserted below: Map order is the recency order
		} else {
			stmt = prepare(source);
			if (kept.size >= max) kept.delete(kept.keys().next().value!);
		}
		kept.set(source, stmt);
		return stmt;
	}) as typeof sqlite.prepare;
	return sqlite;
}

// SQLite runs DDL inside transactions perfectly well, but Kysely's adapter says it does not, and
// its migrator would then apply a migration statement by statement. Saying so keeps a failed
// migration from leaving a half-changed database.
class TransactionalSqliteAdapter extends SqliteAdapter {
	override get supportsTransactionalDdl(): boolean {
		return true;
	}
}

class TransactionalSqliteDialect extends SqliteDialect {
	override createAdapter() {
		return new TransactionalSqliteAdapter();
	}
}

export function createDb(url: string = DEFAULT_DATABASE_URL, options: ConnectOptions = {}) {
	if (dialectOf(url) === 'postgres') {
		const pool = new pg.Pool({
			connectionString: url,
			max: options.poolSize ?? Number(process.env.PG_POOL_SIZE ?? 10),
			options: options.searchPath ? `-c search_path=${options.searchPath}` : undefined
		});
		// An idle connection the server drops (restart, failover, pg_terminate_backend) is reported
		// here; without a listener node-postgres would throw it and stop the whole app. The pool
		// opens a new connection for the next query.
		pool.on('error', (e) => console.warn(`database connection lost while idle: ${e.message}`));
		// A connection lost while checked out, between two queries of a transaction, is reported
		// on the client, where node-postgres (unlike for idle ones) has no listener of its own. The
		// transaction's next query then fails and answers a 503; the client is not reused.
		pool.on('connect', (client) => client.on('error', () => {}));
		return new Kysely<Database>({ dialect: reportUnavailableAs503(new PostgresDialect({ pool })) });
	}
	const sqlite = cacheStatements(openSqlite(sqlitePath(url)));
	const db = new Kysely<Database>({
		dialect: reportUnavailableAs503(new TransactionalSqliteDialect({ database: sqlite }))
	});
	registerSqlite(db, sqlite, true);
	return db;
}
