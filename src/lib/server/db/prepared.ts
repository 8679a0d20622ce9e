import type { CompiledQuery, Compilable, Kysely, RawBuilder, Transaction } from 'kysely';
import type { Database } from './schema';
import type SQLite from 'better-sqlite3';
import { directSqlite } from './direct';
import { isRetryableDbError } from './errors';
import { unavailable } from './unavailable';

type Db = Kysely<Database> | Transaction<Database>;
type Scalar = string | number | null;
/** A value, or (PostgreSQL) an array bound as one parameter, e.g. a column for `unnest`. */
export type Param = Scalar | readonly Scalar[];

// A value no caller can pass: marks where a named parameter lands in the compiled statement.
const MARK = '\u0000mufakat-param\u0000';

interface Template<R> {
	compiled: CompiledQuery<R>;
	/** Per statement parameter: the name of the caller's parameter, or a constant of the query. */
	slots: ({ name: string } | { value: unknown })[];
}

/**
 * A query Kysely builds and compiles once per SQL dialect, then runs with new values. Building a
 * query (immutable nodes, frozen at every step) and compiling it cost more than SQLite takes to
 * run it, which is what the requests that run on every page (the session check) and in bursts
 * (rating submissions) paid for on each call. The SQL string is the same object each time, so the
 * prepared-statement cache finds it without hashing the text again.
 *
 * Parameters must be used as values (`where('id', '=', p.id)`): scalars, or on PostgreSQL an
 * array bound whole (`${p.ids}::int[]`). A list spread by `in` cannot be carried over (it fails
 * on first use), and a parameter read but never placed in the query as a value is refused.
 */
export function prepared<P extends Record<string, Param>, R>(
	build: (db: Kysely<Database>, params: P) => Compilable<R> | RawBuilder<R>
) {
	const templates = new Map<unknown, Template<R>>();

	function template(db: Db): Template<R> {
		const dialect = db.getExecutor().adapter.constructor;
		let t = templates.get(dialect);
		if (!t) {
			const used = new Set<string>();
			const marks = new Proxy({} as P, {
				get: (_, name) => {
					used.add(String(name));
					return MARK + String(name);
				}
			});
			const query = build(db as Kysely<Database>, marks);
			const compiled = 'isRawBuilder' in query ? query.compile(db) : query.compile();
			const slots = compiled.parameters.map((v) =>
				typeof v === 'string' && v.startsWith(MARK) ? { name: v.slice(MARK.length) } : { value: v }
			);
			const landed = new Set(slots.flatMap((s) => ('name' in s ? [s.name] : [])));
			if (compiled.sql.includes(MARK) || [...used].some((n) => !landed.has(n))) {
				throw new Error('prepared(): a parameter is not used as a plain value');
			}
			t = { compiled, slots };
			templates.set(dialect, t);
		}
		return t;
	}

	const bind = (t: Template<R>, params: P) =>
		t.slots.map((s) => ('name' in s ? params[s.name] : s.value));

	return {
		async execute(db: Db, params: P): Promise<R[]> {
			const t = template(db);
			const parameters = bind(t, params);
			// SQLite: run the compiled statement on the connection itself (see direct.ts).
			const sqlite = directSqlite(db);
			if (sqlite) return runDirect<R>(sqlite, t.compiled.sql, parameters);
			const result = await db.executeQuery<R>({ ...t.compiled, parameters });
			return result.rows;
		},
		async executeTakeFirst(db: Db, params: P): Promise<R | undefined> {
			return (await this.execute(db, params))[0];
		}
	};
}

/** Runs a compiled statement; rows for a query, none for a write. Busy or full → a 503. */
function runDirect<R>(sqlite: SQLite.Database, sql: string, parameters: readonly unknown[]): R[] {
	try {
		// prepare() is the statement cache of connect.ts: the same statement object each time.
		const stmt = sqlite.prepare(sql);
		if (stmt.reader) return stmt.all(parameters) as R[];
		stmt.run(parameters);
		return [];
	} catch (e) {
		throw isRetryableDbError(e) ? unavailable(e) : e;
	}
}
