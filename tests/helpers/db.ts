import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { createDb, dialectOf } from '$lib/server/db/connect';
import { migrateOrThrow } from '$lib/server/db/migrate';
import type { Database } from '$lib/server/db/schema';

export interface TestDb {
	db: Kysely<Database>;
	dialect: 'sqlite' | 'postgres';
	/** SQLite file path, for tests that open a second connection. */
	path?: string;
	/** A DATABASE_URL another process can open to reach this same database. */
	url: string;
	destroy: () => Promise<void>;
}

/**
 * A fresh, migrated database for one test file: an SQLite file in a temp folder by default, or
 * its own schema on the PostgreSQL server named by DATABASE_URL (so test files run in parallel).
 */
export async function createTestDb(options: { migrate?: boolean } = {}): Promise<TestDb> {
	const url = process.env.DATABASE_URL ?? '';
	let result: TestDb;
	if (dialectOf(url) === 'postgres') {
		const schema = `t_${randomBytes(6).toString('hex')}`;
		const admin = createDb(url, { poolSize: 1 });
		await sql`create schema ${sql.id(schema)}`.execute(admin);
		const db = createDb(url, { searchPath: schema, poolSize: 5 });
		const shared = new URL(url);
		shared.searchParams.set('options', `-c search_path=${schema}`);
		result = {
			db,
			dialect: 'postgres',
			url: shared.toString(),
			destroy: async () => {
				await db.destroy();
				await sql`drop schema ${sql.id(schema)} cascade`.execute(admin);
				await admin.destroy();
			}
		};
	} else {
		const dir = mkdtempSync(join(tmpdir(), 'mufakat-test-'));
		const path = join(dir, 'test.db');
		const db = createDb(`file:${path}`);
		result = {
			db,
			dialect: 'sqlite',
			path,
			url: `file:${path}`,
			destroy: async () => {
				await db.destroy();
				rmSync(dir, { recursive: true, force: true });
			}
		};
	}
	if (options.migrate !== false) await migrateOrThrow(result.db);
	return result;
}
