import { PostgresAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';

// Migrations receive an untyped Kysely: they describe the schema, they do not use it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any>;

export function isPostgres(db: AnyDb): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Adds an auto-generated integer primary key `id`, spelled the way each dialect wants it. */
export function withId<T extends string>(
	db: AnyDb,
	table: CreateTableBuilder<T, never>
): CreateTableBuilder<T, 'id'> {
	return isPostgres(db)
		? table.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		: table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** Timestamps are ISO-8601 UTC strings on both dialects so that comparisons and sorting agree. */
export const timestamp = 'text' as const;

export const nowIso = sql<string>`CURRENT_TIMESTAMP`;
