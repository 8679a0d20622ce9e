import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import { importNip, staffCsv, staffXlsx, type StaffLine } from '../helpers/staff-files';
import {
	applyBatch,
	createBatch,
	disableMissing,
	getBatch,
	previewBatch
} from '$lib/server/import';
import { parseStaffFile, MAX_IMPORT_ROWS } from '$lib/server/import/parse';
import { takeCredentials, credentialsWaiting } from '$lib/server/import/credentials';
import { describeFileProblem, describeRowProblem } from '$lib/server/import/messages';
import { verifyPassword } from '$lib/server/auth/password';
import { prehashProgress, startPrehash } from '$lib/server/import/hashing';
import { applyJobStatus, startApplyJob } from '$lib/server/import/jobs';
import { createSession } from '$lib/server/auth/session';
import { overwriteGetLocale, baseLocale } from '$lib/paraglide/runtime';

let t: TestDb;
let admin: { id: number; nip: string };
const units: Record<string, number> = {};

beforeAll(async () => {
	t = await createTestDb();
	units.root = await makeUnit(t.db, { code: 'IMP', kind: 'pemda' });
	units.a = await makeUnit(t.db, { code: 'IMP.A', parentId: units.root });
	units.b = await makeUnit(t.db, { code: 'IMP.B', parentId: units.root });
	units.old = await makeUnit(t.db, { code: 'IMP.OLD', parentId: units.root });
	await t.db
		.updateTable('org_unit')
		.set({ retired_at: new Date().toISOString() })
		.where('id', '=', units.old)
		.execute();
	admin = await makePerson(t.db, { unitId: units.root, roles: ['asn', 'admin'] });
});
afterAll(() => t.destroy());
afterEach(() => overwriteGetLocale(() => baseLocale));

const count = async (table: 'person' | 'person_role' | 'audit_log') =>
	Number(
		(
			await t.db
				.selectFrom(table)
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);

async function upload(bytes: Uint8Array, fileName = 'pegawai.csv') {
	const { batchId } = await createBatch(t.db, { actorId: admin.id, fileName, bytes });
	const batch = (await getBatch(t.db, batchId))!;
	return { batchId, batch, plan: await previewBatch(t.db, batch) };
}

const line = (over: Partial<StaffLine> = {}): StaffLine => ({
	nip: importNip(),
	name: 'Pegawai Impor',
	unit: 'IMP.A',
	...over
});

describe('reading staff register files', () => {
	it('reads a UTF-8 CSV with a BOM, and matches headers case- and accent-insensitively', async () => {
		const l = line({ name: 'Ayu Wulandari' });
		const parsed = await parseStaffFile(
			staffCsv([l], {
				bom: true,
				header: [
					'nip',
					'NAMA',
					'Kode Unit',
					'jabatan',
					'Jenis Jabatan',
					'Golongan',
					'Status',
					'Péran'
				]
			}),
			'x.csv'
		);
		expect(parsed.fileErrors).toEqual([]);
		expect(parsed.encoding).toBe('utf-8');
		expect(parsed.rows).toHaveLength(1);
		expect(parsed.rows[0]).toMatchObject({ row: 2, nip: l.nip, fullName: 'Ayu Wulandari' });
	});

	it('accepts English headers and comma separators', async () => {
		const l = line({ name: 'Bayu, S.T.' });
		const parsed = await parseStaffFile(
			staffCsv([l], {
				sep: ',',
				header: [
					'NIP',
					'Full name',
					'Unit code',
					'Position title',
					'Position type',
					'Grade',
					'Employment type'
				]
			}),
			'x.csv'
		);
		expect(parsed.delimiter).toBe(',');
		expect(parsed.rows[0].fullName).toBe('Bayu, S.T.');
		expect(parsed.rows[0].roles).toBeNull();
	});

	it('decodes Windows-1252 files (Excel "CSV" on Windows)', async () => {
		const parsed = await parseStaffFile(
			staffCsv([line({ name: 'José Müller' })], { cp1252: true }),
			'x.csv'
		);
		expect(parsed.encoding).toBe('windows-1252');
		expect(parsed.rows[0].fullName).toBe('José Müller');
	});

	it('handles mixed line endings with the right row numbers', async () => {
		const lines = [line(), line(), line(), line()];
		const parsed = await parseStaffFile(
			staffCsv(lines, { eol: ['\r\n', '\n', '\r', '\n'] }),
			'x.csv'
		);
		expect(parsed.fileErrors).toEqual([]);
		expect(parsed.rows.map((r) => r.row)).toEqual([2, 3, 4, 5]);
		expect(parsed.rows.map((r) => r.nip)).toEqual(lines.map((l) => l.nip));
	});

	it('keeps quoted separators, quotes and line breaks inside a cell', async () => {
		const l = line({ name: 'Rahmat "Dayat" Hidayat; S.Kom.', title: 'Kepala Seksi\nData' });
		const next = line();
		const parsed = await parseStaffFile(staffCsv([l, next]), 'x.csv');
		expect(parsed.rows[0].fullName).toBe('Rahmat "Dayat" Hidayat; S.Kom.');
		expect(parsed.rows[0].positionTitle).toBe('Kepala Seksi\nData');
		// The second record starts on line 4 because the first spans two lines.
		expect(parsed.rows[1]).toMatchObject({ row: 4, nip: next.nip });
	});

	it('refuses a file with a missing column, naming it', async () => {
		const before = await count('person');
		const { batchId, batch, plan } = await upload(
			staffCsv([line()], {
				header: ['NIP', 'Nama', 'Jabatan', 'Jenis Jabatan', 'Golongan', 'Status']
			})
		);
		expect(batch.fileErrors).toEqual([
			{ code: 'missing_columns', params: { columns: 'Kode Unit' } }
		]);
		expect(describeFileProblem(batch.fileErrors[0])).toBe(
			'Kolom wajib tidak ditemukan: Kode Unit.'
		);
		expect(plan.total).toBe(0);
		expect(await applyBatch(t.db, { batchId, actorId: admin.id })).toEqual({
			ok: false,
			code: 'file_errors'
		});
		expect(await count('person')).toBe(before);
	});

	it('refuses 50,001 rows as a whole, writing nothing', async () => {
		const before = await count('person');
		const lines = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => ({
			nip: `19850101201001${String(1000 + (i % 9000)).slice(0, 4)}`,
			name: `P ${i}`,
			unit: 'IMP.A'
		}));
		const { batchId, batch } = await upload(staffCsv(lines));
		expect(batch.fileErrors[0]).toEqual({
			code: 'too_many_rows',
			params: { rows: '50001', max: '50000' }
		});
		expect(batch.rows).toEqual([]);
		expect(await applyBatch(t.db, { batchId, actorId: admin.id })).toEqual({
			ok: false,
			code: 'file_errors'
		});
		expect(await count('person')).toBe(before);
	});

	it('reports a malformed CSV (unclosed quote) with its line', async () => {
		const text =
			'NIP;Nama;Kode Unit;Jabatan;Jenis Jabatan;Golongan;Status\n1;"Unclosed;IMP.A;x;pelaksana;II/a;PNS\n';
		const parsed = await parseStaffFile(new TextEncoder().encode(text), 'x.csv');
		expect(parsed.fileErrors[0].code).toBe('malformed_csv');
		expect(parsed.rows).toEqual([]);
	});

	it('reads the staff sheet of an XLSX with extra sheets, with spreadsheet row numbers', async () => {
		const lines = [line({ name: 'Dari Excel' }), line({ grade: 'iii-b' })];
		const parsed = await parseStaffFile(await staffXlsx(lines), 'pegawai.xlsx');
		expect(parsed.fileErrors).toEqual([]);
		expect(parsed.sheet).toBe('Data Pegawai');
		expect(parsed.rows.map((r) => [r.row, r.nip, r.fullName])).toEqual([
			[3, lines[0].nip, 'Dari Excel'],
			[4, lines[1].nip, 'Pegawai Impor']
		]);
	});

	it('refuses an XLSX whose NIPs were typed as numbers (Excel has already rounded them)', async () => {
		const parsed = await parseStaffFile(await staffXlsx([line()], { nipAsNumber: true }), 'p.xlsx');
		expect(parsed.fileErrors[0]).toEqual({ code: 'nip_as_number', params: { rows: '3' } });
	});

	it('refuses a file that is not a workbook', async () => {
		const parsed = await parseStaffFile(new TextEncoder().encode('not a zip'), 'p.xlsx');
		expect(parsed.fileErrors[0].code).toBe('malformed_xlsx');
	});
});

describe('preview', () => {
	it('names the row and the reason of every error, in the reader language', async () => {
		const dup = importNip();
		const { plan } = await upload(
			staffCsv([
				line({ nip: '19850101201001' }), // row 2: too short
				line({ nip: dup }), // row 3
				line({ unit: 'IMP.NOPE' }), // row 4
				line({ nip: dup }), // row 5: duplicate of row 3
				line({ type: 'direktur', grade: 'V/z' }), // row 6: two problems
				line({ unit: 'IMP.OLD' }), // row 7: retired unit
				line({ status: 'PPPK', grade: 'IX' }), // row 8: fine
				line({ roles: 'asn, raja' }) // row 9
			])
		);
		const shown = plan.problems.map(describeRowProblem);
		expect(shown).toEqual([
			{ row: 2, field: 'NIP', reason: 'NIP tidak valid: NIP harus 18 angka.' },
			{ row: 3, field: 'NIP', reason: 'NIP ini juga ada di baris 5' },
			{ row: 4, field: 'Kode Unit', reason: 'kode unit “IMP.NOPE” tidak ada' },
			{ row: 5, field: 'NIP', reason: 'NIP ini juga ada di baris 3' },
			{
				row: 6,
				field: 'Jenis Jabatan',
				reason:
					'jenis jabatan “direktur” tidak dikenal (JPT, administrator, pengawas, pelaksana, fungsional)'
			},
			{ row: 6, field: 'Golongan', reason: 'golongan “V/z” tidak sah untuk PNS' },
			{ row: 7, field: 'Kode Unit', reason: 'unit “IMP.OLD” sudah nonaktif' },
			{
				row: 9,
				field: 'Peran',
				reason: 'peran “raja” tidak dikenal (asn, fasilitator, pimpinan, admin)'
			}
		]);
		expect(plan.invalidRows).toBe(7);
		expect(plan.newRows).toHaveLength(1);
		overwriteGetLocale(() => 'en');
		expect(describeRowProblem(plan.problems[0])).toEqual({
			row: 2,
			field: 'NIP',
			reason: expect.stringMatching(/^invalid NIP: .*18/)
		});
		expect(describeRowProblem(plan.problems[1]).reason).toBe('this NIP is also on row 5');
	});

	it('checks the NIP structure, not just its length', async () => {
		const { plan } = await upload(staffCsv([line({ nip: '198513012010011001' })]));
		expect(plan.problems[0]).toMatchObject({
			row: 2,
			field: 'nip',
			code: 'nip',
			params: { problem: 'nip_birth_date' }
		});
	});
});

describe('apply', () => {
	it('creates, changes (including a unit move) and keeps unchanged people; idempotent on re-import', async () => {
		const mover = await makePerson(t.db, { unitId: units.a, fullName: 'Pindah Unit' });
		const stay = await makePerson(t.db, { unitId: units.a, fullName: 'Tetap Sama' });
		const newcomer = line({ name: 'Baru Masuk', unit: 'IMP.B', roles: 'fasilitator' });
		const file = staffCsv([
			newcomer,
			{ nip: mover.nip, name: 'Pindah Unit', unit: 'IMP.B', grade: 'II/c' },
			{ nip: stay.nip, name: 'Tetap Sama', unit: 'IMP.A', grade: 'II/c' }
		]);
		const first = await upload(file);
		expect(first.plan.newRows.map((r) => r.nip)).toEqual([newcomer.nip]);
		expect(first.plan.changed).toHaveLength(1);
		expect(first.plan.changed[0].changes).toEqual([
			{ field: 'unitCode', before: 'IMP.A', after: 'IMP.B' }
		]);
		expect(first.plan.unchanged).toBe(1);

		const r = await applyBatch(t.db, { batchId: first.batchId, actorId: admin.id });
		expect(r).toEqual({
			ok: true,
			result: { created: 1, updated: 1, unchanged: 1, skipped: 0, credentials: 1 }
		});
		const moved = await t.db
			.selectFrom('person')
			.select('org_unit_id')
			.where('id', '=', mover.id)
			.executeTakeFirstOrThrow();
		expect(moved.org_unit_id).toBe(units.b);
		const created = await t.db
			.selectFrom('person')
			.selectAll()
			.where('nip', '=', newcomer.nip)
			.executeTakeFirstOrThrow();
		expect(created).toMatchObject({
			full_name: 'Baru Masuk',
			org_unit_id: units.b,
			must_change_password: 1,
			active: 1,
			name_search: 'baru masuk'
		});
		const roles = await t.db
			.selectFrom('person_role')
			.select('role')
			.where('person_id', '=', created.id)
			.execute();
		expect(roles.map((x) => x.role).sort()).toEqual(['asn', 'facilitator']);

		const audit = await t.db
			.selectFrom('audit_log')
			.select(['action', 'object_id', 'before_json', 'after_json', 'actor_id'])
			.where('action', 'in', ['person.create', 'person.update', 'import.apply'])
			.where('actor_id', '=', admin.id)
			.execute();
		expect(
			audit.find((a) => a.action === 'person.update' && a.object_id === String(mover.id))
		).toMatchObject({
			before_json: JSON.stringify({ unitCode: 'IMP.A' })
		});
		expect(
			audit.some((a) => a.action === 'person.create' && a.object_id === String(created.id))
		).toBe(true);
		expect(
			audit.some((a) => a.action === 'import.apply' && a.object_id === String(first.batchId))
		).toBe(true);

		// The one-time list: its password opens the account, it can be taken once, by this admin only.
		expect(credentialsWaiting(first.batchId, admin.id)).toBe(1);
		expect(takeCredentials(first.batchId, admin.id + 999)).toBeNull();
		const list = takeCredentials(first.batchId, admin.id)!;
		expect(list.map((c) => c.nip)).toEqual([newcomer.nip]);
		expect(await verifyPassword(created.password_hash!, list[0].password)).toBe(true);
		expect(takeCredentials(first.batchId, admin.id)).toBeNull();
		// …and it is nowhere in the database.
		const everything =
			JSON.stringify(await t.db.selectFrom('audit_log').selectAll().execute()) +
			JSON.stringify(await t.db.selectFrom('import_batch').selectAll().execute());
		expect(everything).not.toContain(list[0].password);

		// Re-importing the same file changes nothing.
		const people = await count('person');
		const second = await upload(file);
		expect(second.plan.newRows).toHaveLength(0);
		expect(second.plan.changed).toHaveLength(0);
		const again = await applyBatch(t.db, { batchId: second.batchId, actorId: admin.id });
		expect(again).toEqual({
			ok: true,
			result: { created: 0, updated: 0, unchanged: 3, skipped: 0, credentials: 0 }
		});
		expect(await count('person')).toBe(people);
		// A batch applies once.
		expect(await applyBatch(t.db, { batchId: second.batchId, actorId: admin.id })).toEqual({
			ok: false,
			code: 'not_pending'
		});
	});

	it('writes nothing at all when the transaction fails at its very end', async () => {
		const people = await count('person');
		const roles = await count('person_role');
		const audits = await count('audit_log');
		const { batchId } = await upload(staffCsv([line(), line(), line()]));
		const auditsAfterUpload = await count('audit_log');
		expect(auditsAfterUpload).toBe(audits + 1);
		// The summary audit entry is the last write of an apply; make the database refuse it.
		if (t.dialect === 'postgres') {
			await sql`create function refuse_import() returns trigger language plpgsql as $$ begin if new.action = 'import.apply' then raise exception 'refused'; end if; return new; end $$`.execute(
				t.db
			);
			await sql`create trigger refuse_import before insert on audit_log for each row execute function refuse_import()`.execute(
				t.db
			);
		} else {
			await sql`create trigger refuse_import before insert on audit_log when new.action = 'import.apply' begin select raise(abort, 'refused'); end`.execute(
				t.db
			);
		}
		try {
			await expect(applyBatch(t.db, { batchId, actorId: admin.id })).rejects.toThrow(/refused/);
		} finally {
			await sql`drop trigger refuse_import${t.dialect === 'postgres' ? sql` on audit_log` : sql``}`.execute(
				t.db
			);
		}
		expect(await count('person')).toBe(people);
		expect(await count('person_role')).toBe(roles);
		expect(await count('audit_log')).toBe(auditsAfterUpload);
		expect((await getBatch(t.db, batchId))!.status).toBe('previewed');
		expect(credentialsWaiting(batchId, admin.id)).toBe(0);
		// Once the database accepts writes again, the same batch applies in full.
		const r = await applyBatch(t.db, { batchId, actorId: admin.id });
		expect(r.ok && r.result.created).toBe(3);
	});

	it('skips invalid rows and writes the valid ones', async () => {
		const good = line();
		const { batchId } = await upload(staffCsv([good, line({ nip: '123' })]));
		const r = await applyBatch(t.db, { batchId, actorId: admin.id });
		expect(r).toMatchObject({ ok: true, result: { created: 1, skipped: 1 } });
		expect(
			await t.db.selectFrom('person').select('id').where('nip', '=', good.nip).executeTakeFirst()
		).toBeTruthy();
	});

	it('lists people absent from the file and disables them only in the separate step, ending their sessions', async () => {
		const unit = await makeUnit(t.db, { code: 'IMP.C', parentId: units.root });
		const kept = await makePerson(t.db, { unitId: unit });
		const gone = await makePerson(t.db, { unitId: unit, fullName: 'Sudah Pensiun' });
		await createSession(t.db, gone.id);
		const { batchId, plan } = await upload(
			staffCsv([{ nip: kept.nip, name: kept.fullName, unit: 'IMP.C' }])
		);
		expect(plan.missing.map((p) => p.nip)).toContain(gone.nip);
		expect(plan.missing.map((p) => p.nip)).toContain(admin.nip);
		expect(await disableMissing(t.db, { batchId, actorId: admin.id })).toEqual({
			ok: false,
			code: 'not_applied'
		});
		await applyBatch(t.db, { batchId, actorId: admin.id });
		const stillActive = await t.db
			.selectFrom('person')
			.select('active')
			.where('id', '=', gone.id)
			.executeTakeFirstOrThrow();
		expect(stillActive.active).toBe(1);

		const r = await disableMissing(t.db, { batchId, actorId: admin.id });
		expect(r.ok).toBe(true);
		const after = await t.db
			.selectFrom('person')
			.select(['id', 'active'])
			.where('id', 'in', [gone.id, kept.id, admin.id])
			.execute();
		const activeOf = Object.fromEntries(after.map((p) => [p.id, p.active]));
		expect(activeOf).toEqual({ [gone.id]: 0, [kept.id]: 1, [admin.id]: 1 });
		expect(
			await t.db.selectFrom('session').select('id').where('person_id', '=', gone.id).execute()
		).toEqual([]);
		const audit = await t.db
			.selectFrom('audit_log')
			.select('after_json')
			.where('action', '=', 'person.disable')
			.where('object_id', '=', String(gone.id))
			.executeTakeFirstOrThrow();
		expect(JSON.parse(audit.after_json!)).toMatchObject({
			active: false,
			reason: 'absent_from_import'
		});
		// Re-enable everyone else for the other tests of this file.
		await t.db.updateTable('person').set({ active: 1 }).execute();
	});

	it('imports an XLSX the same way as a CSV', async () => {
		const l = line({ name: 'Dari Lembar Kerja' });
		const { batchId, plan } = await upload(await staffXlsx([l]), 'register.xlsx');
		expect(plan.newRows.map((r) => [r.row, r.nip])).toEqual([[3, l.nip]]);
		const r = await applyBatch(t.db, { batchId, actorId: admin.id });
		expect(r).toMatchObject({ ok: true, result: { created: 1 } });
	});
});

describe('hashing off the request path', () => {
	it('uses passwords pre-hashed during the preview, and reports progress', async () => {
		const lines = [line(), line(), line()];
		const { batchId, plan } = await upload(staffCsv(lines));
		startPrehash(
			batchId,
			plan.newRows.map((r) => r.nip)
		);
		// Wait until the pool has hashed everything, then apply: no hashing left to do.
		await expect.poll(() => prehashProgress(batchId)?.hashed, { timeout: 20_000 }).toBe(3);
		const progress: number[] = [];
		const r = await applyBatch(t.db, {
			batchId,
			actorId: admin.id,
			onProgress: (hashed) => progress.push(hashed)
		});
		expect(r).toMatchObject({ ok: true, result: { created: 3 } });
		expect(progress).toEqual([3]);
		expect(prehashProgress(batchId)).toBeNull();
		const list = takeCredentials(batchId, admin.id)!;
		for (const c of list) {
			const row = await t.db
				.selectFrom('person')
				.select('password_hash')
				.where('nip', '=', c.nip)
				.executeTakeFirstOrThrow();
			expect(await verifyPassword(row.password_hash!, c.password)).toBe(true);
		}
	});

	it('applies in a background job whose status the page can show', async () => {
		const { batchId } = await upload(staffCsv([line(), line()]));
		const job = startApplyJob(t.db, { batchId, actorId: admin.id });
		expect(job.started).toBe(true);
		expect(startApplyJob(t.db, { batchId, actorId: admin.id }).started).toBe(false);
		expect(applyJobStatus(batchId)).toMatchObject({ state: 'running' });
		await job.done;
		expect(applyJobStatus(batchId)).toEqual({ state: 'done' });
		expect((await getBatch(t.db, batchId))!.status).toBe('applied');
		// A second job on an applied batch is refused, not repeated.
		const again = startApplyJob(t.db, { batchId, actorId: admin.id });
		await again.done;
		expect(applyJobStatus(batchId)).toEqual({ state: 'refused', code: 'not_pending' });
	});
});
