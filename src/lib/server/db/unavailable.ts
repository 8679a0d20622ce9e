import { error, isHttpError } from '@sveltejs/kit';
import type { DatabaseConnection, Dialect, Driver } from 'kysely';
import { m } from '$lib/paraglide/messages';
import { isRetryableDbError } from './errors';

/** How long a client should wait before trying a 503 "try again" once more. */
export const RETRY_AFTER_SECONDS = '5';

/** The localised 503 "try again" to throw for a busy, full or unreachable database. */
export function unavailable(cause: unknown): unknown {
	console.error('database unavailable:', (cause as Error).message);
	try {
		error(503, { message: m.error_db_unavailable() });
	} catch (httpError) {
		return httpError;
	}
}

const patched = new WeakSet<DatabaseConnection>();

function transactionAlreadyEnded(e: unknown): boolean {
	if (isHttpError(e) && e.status === 503) return true; // a lost connection, reported as such
	return e instanceof Error && /no transaction is active/.test(e.message);
}

/** Makes one connection report busy/full/unreachable as a 503 instead of a raw driver error. */
function patchConnection(connection: DatabaseConnection): DatabaseConnection {
	if (patched.has(connection)) return connection;
	patched.add(connection);
	// Patched in place: drivers release connections through private members, so the object
	// they handed out must stay the same object.
	const execute = connection.executeQuery.bind(connection);
	connection.executeQuery = async (query) => {
		try {
			return await execute(query);
		} catch (e) {
			throw isRetryableDbError(e) ? unavailable(e) : e;
		}
	};
	return connection;
}

/**
 * Wraps a dialect so that every query — single statements, BEGIN, COMMIT — that fails because
 * the database is busy, full or unreachable becomes a localised, retryable 503. Kysely rolls the
 * transaction back before the error reaches the route, so nothing is half-written.
 */
export function reportUnavailableAs503(dialect: Dialect): Dialect {
	return {
		createAdapter: () => dialect.createAdapter(),
		createIntrospector: (db) => dialect.createIntrospector(db),
		createQueryCompiler: () => dialect.createQueryCompiler(),
		createDriver: () => {
			const driver = dialect.createDriver();
			return new Proxy(driver, {
				get(target, prop) {
					const value = Reflect.get(target, prop, target);
					if (prop === 'rollbackTransaction') {
						return async (connection: DatabaseConnection, ...rest: unknown[]) => {
							try {
								await (target.rollbackTransaction as (...a: unknown[]) => Promise<void>)(
									connection,
									...rest
								);
							} catch (e) {
								// The transaction is already gone: SQLite rolls back by itself on a full
								// disk or an I/O error, and a lost PostgreSQL connection takes its
								// transaction with it. Kysely would otherwise throw this error in place of
								// the one that ended the transaction, turning a 503 into a 500.
								if (!transactionAlreadyEnded(e)) throw e;
							}
						};
					}
					if (prop === 'acquireConnection') {
						return async () => {
							try {
								return patchConnection(await target.acquireConnection());
							} catch (e) {
								throw isRetryableDbError(e) ? unavailable(e) : e;
							}
						};
					}
					return typeof value === 'function' ? value.bind(target) : value;
				}
			}) satisfies Driver;
		}
	};
}
