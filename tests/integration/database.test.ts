import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { sql, type Migration } from 'kysely';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import { migrations } from '$migrations/index';
import { migrateOrThrow, MigrationFailedError } from '$lib/server/db/migrate';
import { inTransaction, isUniqueViolation } from '$lib/server/db/errors';
import { recordAudit } from '$lib/server/audit';
import { backupSqlite } from '$lib/server/db/backup';
import type { AnyDb } from '$migrations/util';

let t: TestDb;
beforeAll(async () => {
	t = await createTestDb();
});
afterAll(() => t.destroy());

describe('migrations', () => {
	it('apply on this dialect and are idempotent', async () => {
		expect(await migrateOrThrow(t.db)).toEqual([]);
		const tables = await t.db.introspection.getTables();
		const names = tables.map((x) => x.name);
		for (const table of ['org_unit', 'person', 'person_role', 'session', 'audit_log']) {
			expect(names).toContain(table);
		}
	});

	it('a failing migration stops with a clear error and leaves the database as it was', async () => {
		const broken: Migration = {
			up: async (db: AnyDb) => {
				await db.schema.createTable('half_done').addColumn('id', 'integer').execute();
				await sql`this is not sql`.execute(db);
			}
		};
		const set = { ...migrations, '9999_broken': broken };
		await expect(migrateOrThrow(t.db, set)).rejects.toThrow(MigrationFailedError);
		await expect(migrateOrThrow(t.db, set)).rejects.toThrow(/9999_broken/);
		const names = (await t.db.introspection.getTables()).map((x) => x.name);
		expect(names).not.toContain('half_done');
		const applied = await t.db
			.selectFrom('kysely_migration' as never)
			.select('name' as never)
			.execute();
		expect(JSON.stringify(applied)).not.toContain('9999_broken');
	});

	it('runs on SQLite with WAL, foreign keys, a busy timeout and full sync', async () => {
		if (t.dialect !== 'sqlite') return;
		const pragmas = {
			journal: await sql<{ journal_mode: string }>`pragma journal_mode`.execute(t.db),
			fk: await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(t.db),
			sync: await sql<{ synchronous: number }>`pragma synchronous`.execute(t.db),
			busy: await sql<{ timeout: number }>`pragma busy_timeout`.execute(t.db)
		};
		expect(pragmas.journal.rows[0].journal_mode).toBe('wal');
		expect(pragmas.fk.rows[0].foreign_keys).toBe(1);
		expect(pragmas.sync.rows[0].synchronous).toBe(2); // FULL
		expect(pragmas.busy.rows[0].timeout).toBeGreaterThanOrEqual(5000);
	});
});

describe('writes', () => {
	it('roll back entirely when any part fails', async () => {
		const unitId = await makeUnit(t.db);
		await expect(
			inTransaction(t.db, async (trx) => {
				await recordAudit(trx, { actorId: null, action: 'test.partial', objectType: 'test' });
				await trx
					.insertInto('org_unit')
					.values({ code: 'DUP', name: 'x', kind: 'dinas', created_at: '', updated_at: '' })
					.execute();
				await trx
					.insertInto('org_unit')
					.values({ code: 'DUP', name: 'y', kind: 'dinas', created_at: '', updated_at: '' })
					.execute();
			})
		).rejects.toSatisfy(isUniqueViolation);
		const audit = await t.db
			.selectFrom('audit_log')
			.select('id')
			.where('action', '=', 'test.partial')
			.execute();
		expect(audit).toHaveLength(0);
		expect(unitId).toBeGreaterThan(0);
	});

	it('turn a locked SQLite database into a retryable 503, changing nothing', async () => {
		if (t.dialect !== 'sqlite' || !t.path) return;
		const other = new SQLite(t.path);
		other.pragma('busy_timeout = 0');
		const saved = process.env.SQLITE_BUSY_TIMEOUT_MS;
		other.exec('BEGIN IMMEDIATE');
		other.exec("INSERT INTO setting (key, value, updated_at) VALUES ('lock', 'x', 'now')");
		try {
			// A second app connection with a short timeout, so the test does not wait 5 s.
			process.env.SQLITE_BUSY_TIMEOUT_MS = '50';
			const { createDb } = await import('$lib/server/db/connect');
			const app = createDb(`file:${t.path}`);
			await expect(
				inTransaction(app, async (trx) => {
					await recordAudit(trx, { actorId: null, action: 'test.busy', objectType: 'test' });
				})
			).rejects.toMatchObject({ status: 503 });
			await app.destroy();
		} finally {
			process.env.SQLITE_BUSY_TIMEOUT_MS = saved;
			other.exec('ROLLBACK');
			other.close();
		}
		const audit = await t.db
			.selectFrom('audit_log')
			.select('id')
			.where('action', '=', 'test.busy')
			.execute();
		expect(audit).toHaveLength(0);
	});
});

describe('audit log', () => {
	it('records who, what and before/after, and never secrets', async () => {
		const unitId = await makeUnit(t.db);
		const actor = await makePerson(t.db, { unitId, roles: ['admin'] });
		await recordAudit(t.db, {
			actorId: actor.id,
			action: 'person.update',
			objectType: 'person',
			objectId: 42,
			before: { name: 'A', password_hash: '$argon2id$secret' },
			after: { name: 'B', nested: { token: 'abc.def' }, temporaryPassword: 'Xy7' }
		});
		const row = await t.db
			.selectFrom('audit_log')
			.selectAll()
			.where('action', '=', 'person.update')
			.executeTakeFirstOrThrow();
		expect(row.actor_id).toBe(actor.id);
		expect(row.object_id).toBe('42');
		expect(JSON.parse(row.before_json!)).toEqual({ name: 'A', password_hash: '[redacted]' });
		expect(row.after_json).not.toMatch(/abc\.def|Xy7/);
	});
});

describe('backup', () => {
	it('copies a live SQLite database consistently and refuses to overwrite', async () => {
		if (t.dialect !== 'sqlite' || !t.path) return;
		await makeUnit(t.db, { code: 'BACKUP-ME' });
		const target = join(mkdtempSync(join(tmpdir(), 'mufakat-backup-')), 'copy.db');
		const result = await backupSqlite(`file:${t.path}`, target);
		expect(result.pages).toBeGreaterThan(0);
		expect(existsSync(target)).toBe(true);
		const copy = new SQLite(target, { readonly: true });
		expect(copy.prepare("select code from org_unit where code = 'BACKUP-ME'").get()).toEqual({
			code: 'BACKUP-ME'
		});
		copy.close();
		await expect(backupSqlite(`file:${t.path}`, target)).rejects.toThrow(/already exists/);
	});
});

describe('a busy database outside explicit transactions', () => {
	it('answers a single write with a 503 too', async () => {
		if (t.dialect !== 'sqlite' || !t.path) return;
		const other = new SQLite(t.path);
		other.exec('BEGIN IMMEDIATE');
		const saved = process.env.SQLITE_BUSY_TIMEOUT_MS;
		try {
			process.env.SQLITE_BUSY_TIMEOUT_MS = '50';
			const { createDb } = await import('$lib/server/db/connect');
			const app = createDb(`file:${t.path}`);
			await expect(
				app.insertInto('setting').values({ key: 'k', value: 'v', updated_at: 'now' }).execute()
			).rejects.toMatchObject({
				status: 503,
				body: { message: expect.stringMatching(/sibuk|busy/) }
			});
			await app.destroy();
		} finally {
			process.env.SQLITE_BUSY_TIMEOUT_MS = saved;
			other.exec('ROLLBACK');
			other.close();
		}
	});

	it('answers an unreachable PostgreSQL with a 503', async () => {
		const { createDb } = await import('$lib/server/db/connect');
		const app = createDb('postgres://postgres@127.0.0.1:1/nothing', { poolSize: 1 });
		await expect(app.selectFrom('person').select('id').execute()).rejects.toMatchObject({
			status: 503
		});
		await app.destroy();
	});
});
