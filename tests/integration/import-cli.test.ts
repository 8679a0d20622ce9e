import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import { importNip, staffCsv } from '../helpers/staff-files';
import { parseCliArgs, runImportCli } from '$lib/server/import/cli';
import { verifyPassword } from '$lib/server/auth/password';

let t: TestDb;
let dir: string;
let admin: { id: number; nip: string };
let asn: { id: number; nip: string };

beforeAll(async () => {
	t = await createTestDb();
	dir = mkdtempSync(join(tmpdir(), 'mufakat-cli-'));
	const root = await makeUnit(t.db, { code: 'CLI', kind: 'pemda' });
	await makeUnit(t.db, { code: 'CLI.A', parentId: root });
	admin = await makePerson(t.db, { unitId: root, roles: ['asn', 'admin'] });
	asn = await makePerson(t.db, { unitId: root });
});
afterAll(async () => {
	await t.destroy();
	rmSync(dir, { recursive: true, force: true });
});

function io() {
	const out: string[] = [];
	const err: string[] = [];
	return { out, err, io: { log: (l: string) => out.push(l), error: (l: string) => err.push(l) } };
}

describe('npm run import:staff', () => {
	it('previews without writing, then applies, writing a 0600 credentials file it never overwrites', async () => {
		const file = join(dir, 'staff.csv');
		const nips = [importNip(), importNip()];
		writeFileSync(
			file,
			staffCsv([
				{ nip: nips[0], name: 'Cli Satu', unit: 'CLI.A' },
				{ nip: nips[1], name: 'Cli Dua', unit: 'CLI.A' },
				{ nip: '12345', name: 'Cli Salah', unit: 'CLI.A' }
			])
		);
		const preview = io();
		const args = parseCliArgs([file, '--as', admin.nip])!;
		expect(await runImportCli(t.db, args, preview.io)).toBe(1);
		expect(preview.out).toContain('Pegawai baru: 2');
		expect(preview.err).toContain('Baris 4, kolom NIP: NIP tidak valid: NIP harus 18 angka.');
		expect(await t.db.selectFrom('person').select('id').where('nip', 'in', nips).execute()).toEqual(
			[]
		);

		const refused = io();
		expect(
			await runImportCli(t.db, parseCliArgs([file, '--as', admin.nip, '--apply'])!, refused.io)
		).toBe(1);
		expect(await t.db.selectFrom('person').select('id').where('nip', 'in', nips).execute()).toEqual(
			[]
		);

		const creds = join(dir, 'creds.csv');
		const applied = io();
		const code = await runImportCli(
			t.db,
			parseCliArgs([file, '--as', admin.nip, '--apply', '--skip-invalid', '--credentials', creds])!,
			applied.io
		);
		expect(code).toBe(0);
		expect(applied.out.some((l) => l.startsWith('Impor diterapkan: 2 baru'))).toBe(true);
		expect(statSync(creds).mode & 0o777).toBe(0o600);
		const lines = readFileSync(creds, 'utf8').replace('\uFEFF', '').trim().split('\r\n');
		expect(lines[0]).toBe('NIP;Nama;Kode Unit;Kata sandi sementara');
		const [nip, , , password] = lines[1].split(';');
		const row = await t.db
			.selectFrom('person')
			.select('password_hash')
			.where('nip', '=', nip)
			.executeTakeFirstOrThrow();
		expect(await verifyPassword(row.password_hash!, password)).toBe(true);

		// Running again: nothing new, and the earlier list is not overwritten.
		const before = readFileSync(creds, 'utf8');
		const again = io();
		expect(
			await runImportCli(
				t.db,
				parseCliArgs([
					file,
					'--as',
					admin.nip,
					'--apply',
					'--skip-invalid',
					'--credentials',
					creds
				])!,
				again.io
			)
		).toBe(0);
		expect(
			again.out.some((l) => l.startsWith('Impor diterapkan: 0 baru, 0 berubah, 2 tidak berubah'))
		).toBe(true);
		expect(readFileSync(creds, 'utf8')).toBe(before);
	});

	it('refuses anyone but an active admin, and bad arguments', async () => {
		const file = join(dir, 'one.csv');
		writeFileSync(file, staffCsv([{ nip: importNip(), name: 'X', unit: 'CLI.A' }]));
		const r = io();
		expect(await runImportCli(t.db, parseCliArgs([file, '--as', asn.nip])!, r.io)).toBe(2);
		expect(parseCliArgs([file])).toBeNull();
		expect(parseCliArgs([file, '--as', admin.nip, '--bogus'])).toBeNull();
		expect(parseCliArgs([file, '--as', admin.nip, '--lang', 'fr'])).toBeNull();
		const missing = io();
		expect(
			await runImportCli(
				t.db,
				parseCliArgs([join(dir, 'nope.csv'), '--as', admin.nip])!,
				missing.io
			)
		).toBe(1);
	});

	it.skipIf(process.env.DATABASE_URL?.startsWith('postgres'))(
		'runs as a real process through tsx, in English on request',
		() => {
			const file = join(dir, 'proc.csv');
			writeFileSync(file, staffCsv([{ nip: importNip(), name: 'Proses Nyata', unit: 'CLI.A' }]));
			const result = spawnSync(
				process.execPath,
				['--import', 'tsx', 'scripts/import-staff.ts', file, '--as', admin.nip, '--lang', 'en'],
				{
					env: { ...process.env, DATABASE_URL: `file:${t.path}` },
					encoding: 'utf8',
					timeout: 60_000
				}
			);
			expect(result.stderr).toBe('');
			expect(result.status).toBe(0);
			expect(result.stdout).toContain('New people: 1');
			const usage = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/import-staff.ts'], {
				encoding: 'utf8',
				timeout: 60_000
			});
			expect(usage.status).toBe(2);
			expect(usage.stderr).toContain('Usage: npm run import:staff');
		},
		90_000
	);
});
