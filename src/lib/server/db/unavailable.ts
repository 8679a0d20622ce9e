import { error } from '@sveltejs/kit';
import type { DatabaseConnection, Dialect, Driver } from 'kysely';
import { m } from '$lib/paraglide/messages';
import { isRetryableDbError } from './errors';

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
