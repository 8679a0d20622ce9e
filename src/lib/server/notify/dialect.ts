import { PostgresAdapter, type Kysely } from 'kysely';

/** Whether a Kysely instance or transaction talks to PostgreSQL. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: only the adapter is read
export function isPostgresDb(db: Kysely<any>): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}
