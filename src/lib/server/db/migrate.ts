import {
	Migrator,
	PostgresAdapter,
	sql,
	type Kysely,
	type Migration,
	type MigrationResultSet
} from 'kysely';
import { migrations } from '$migrations/index';

/** Applies every pending migration; each runs in a transaction, so a failure leaves the database as it was. */
export async function migrateToLatest(
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	db: Kysely<any>,
	set: Record<string, Migration> = migrations
): Promise<MigrationResultSet> {
	// Kysely looks for its bookkeeping tables by name in every schema; on a PostgreSQL server
	// shared by several schemas it must be told which one is ours.
	let migrationTableSchema: string | undefined;
	if (db.getExecutor().adapter instanceof PostgresAdapter) {
		const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
		migrationTableSchema = rows[0].schema;
	}
	const migrator = new Migrator({
		db,
		provider: { getMigrations: async () => set },
		migrationTableSchema
	});
	return migrator.migrateToLatest();
}

export class MigrationFailedError extends Error {
	constructor(
		public readonly migrationName: string | undefined,
		cause: unknown
	) {
		super(
			`Migration ${migrationName ?? '(unknown)'} failed; the database was left as it was. Cause: ${
				cause instanceof Error ? cause.message : String(cause)
			}`,
			{ cause }
		);
	}
}

/** Like migrateToLatest, but throws one clear error naming the migration that failed. */
export async function migrateOrThrow(
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	db: Kysely<any>,
	set: Record<string, Migration> = migrations
): Promise<string[]> {
	const { error, results } = await migrateToLatest(db, set);
	if (error) {
		const failed = results?.find((r) => r.status === 'Error');
		throw new MigrationFailedError(failed?.migrationName, error);
	}
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
