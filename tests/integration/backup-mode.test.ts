import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { createTestDb, type TestDb } from '../helpers/db';
import { makeUnit } from '../helpers/fixtures';
import { backupSqlite } from '$lib/server/db/backup';

let t: TestDb;
beforeAll(async () => {
	t = await createTestDb();
});
afterAll(() => t.destroy());

describe('db:backup', () => {
	it('writes a file only its owner can read, whatever the umask', async () => {
		// db:backup copies SQLite only (PostgreSQL uses pg_dump), so there is nothing to run there.
		if (t.dialect !== 'sqlite' || !t.path) return;
		await makeUnit(t.db, { code: 'RAHASIA' });
		const target = join(mkdtempSync(join(tmpdir(), 'mufakat-backup-')), 'copy.db');
		const umask = process.umask(0o022);
		try {
			await backupSqlite(`file:${t.path}`, target);
		} finally {
			process.umask(umask);
		}
		expect(statSync(target).mode & 0o777).toBe(0o600);
		const copy = new SQLite(target, { readonly: true });
		expect(copy.prepare("select code from org_unit where code = 'RAHASIA'").get()).toEqual({
			code: 'RAHASIA'
		});
		copy.close();
	});
});
