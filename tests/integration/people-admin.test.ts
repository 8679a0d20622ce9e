import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit, TEST_PASSWORD } from '../helpers/fixtures';
import {
	getPerson,
	resetPassword,
	searchPeople,
	setPersonActive,
	setRoles,
	updatePerson
} from '$lib/server/people/admin';
import { createUnit, moveUnit, reopenUnit, retireUnit, updateUnit } from '$lib/server/org/manage';
import { auditCsv, queryAudit } from '$lib/server/audit/query';
import { createSession, validateSessionToken } from '$lib/server/auth/session';
import { verifyPassword } from '$lib/server/auth/password';
import { searchable } from '$lib/text';

let t: TestDb;
const u: Record<string, number> = {};
let admin: { id: number; nip: string; fullName: string };

beforeAll(async () => {
	t = await createTestDb();
	u.root = await makeUnit(t.db, { code: 'PA', kind: 'pemda' });
	u.dinas = await makeUnit(t.db, { code: 'PA.D', parentId: u.root });
	u.bidang = await makeUnit(t.db, { code: 'PA.D.1', parentId: u.dinas, kind: 'bidang' });
	u.other = await makeUnit(t.db, { code: 'PA.O', parentId: u.root });
	admin = await makePerson(t.db, {
		unitId: u.root,
		roles: ['asn', 'admin'],
		fullName: 'Admin Utama'
	});
});
afterAll(() => t.destroy());

async function auditOf(action: string, objectId: number) {
	return (await queryAudit(t.db, { action, objectId: String(objectId) })).items;
}

describe('people search', () => {
	it('filters by unit and its descendants, type, status, name without accents, and NIP prefix', async () => {
		const a = await makePerson(t.db, {
			unitId: u.dinas,
			fullName: 'Zaïnal Ábidin',
			positionType: 'jpt'
		});
		const b = await makePerson(t.db, { unitId: u.bidang, fullName: 'Zainab Putri' });
		const c = await makePerson(t.db, { unitId: u.other, fullName: 'Zainal Lain' });
		const d = await makePerson(t.db, {
			unitId: u.bidang,
			fullName: 'Zainuddin Nonaktif',
			active: false
		});
		const ids = async (q: Parameters<typeof searchPeople>[1]) =>
			(await searchPeople(t.db, q)).items.map((p) => p.id).sort();
		expect(await ids({ unitId: u.dinas })).toEqual([a.id, b.id].sort());
		expect(await ids({ unitId: u.dinas, descendants: false })).toEqual([a.id]);
		expect(await ids({ q: 'zainal' })).toEqual([a.id, c.id].sort());
		expect(await ids({ q: 'ZAÏNAL abid' })).toEqual([a.id]);
		expect(await ids({ q: 'zain', positionType: 'jpt' })).toEqual([a.id]);
		expect(await ids({ q: 'zain', status: 'disabled' })).toEqual([d.id]);
		expect(await ids({ q: b.nip.slice(0, 16) })).toContain(b.id);
		// Only punctuation is no filter at all, not an error.
		expect((await ids({ q: '%' })).length).toBeGreaterThan(3);
	});

	it('pages through 10,000+ people quickly', async () => {
		const now = new Date().toISOString();
		const rows = Array.from({ length: 10_500 }, (_, i) => {
			const name = `Massal ${String(i).padStart(5, '0')}`;
			return {
				// NIPs only need to be unique here; search does not check their structure.
				nip: `M${String(i).padStart(17, '0')}`,
				full_name: name,
				org_unit_id: i % 3 ? u.bidang : u.other,
				position_title: 'Pelaksana',
				position_type: i % 5 ? 'pelaksana' : 'fungsional',
				grade: 'II/a',
				employment_type: 'PNS',
				password_hash: null,
				name_search: searchable(name),
				created_at: now,
				updated_at: now
			};
		});
		for (let i = 0; i < rows.length; i += 500) {
			await t.db
				.insertInto('person')
				.values(rows.slice(i, i + 500))
				.execute();
		}
		const started = performance.now();
		const page = await searchPeople(t.db, {
			unitId: u.dinas,
			positionType: 'pelaksana',
			q: 'massal',
			page: 40
		});
		const elapsed = performance.now() - started;
		expect(page.total).toBe(rows.filter((r, i) => i % 3 && i % 5).length);
		expect(page.page).toBe(40);
		expect(page.items).toHaveLength(50);
		expect(page.items[0].fullName < page.items[49].fullName).toBe(true);
		expect(elapsed).toBeLessThan(500);
		// A page past the end shows the last page rather than nothing.
		const last = await searchPeople(t.db, { unitId: u.dinas, q: 'massal', page: 100_000 });
		expect(last.page).toBe(last.pages);
	});
});

describe('accounts', () => {
	it('corrects HR data with a before/after audit entry', async () => {
		const p = await makePerson(t.db, { unitId: u.dinas, fullName: 'Salah Ketik' });
		const r = await updatePerson(t.db, admin.id, p.id, {
			fullName: 'Salah Ketík Diperbaiki',
			orgUnitId: u.other,
			positionTitle: 'Pengadministrasi Umum',
			positionType: 'pelaksana',
			grade: 'II/c',
			employmentType: 'PNS'
		});
		expect(r.ok).toBe(true);
		const after = (await getPerson(t.db, p.id))!;
		expect(after.fullName).toBe('Salah Ketík Diperbaiki');
		expect(after.unitCode).toBe('PA.O');
		const [entry] = await auditOf('person.update', p.id);
		expect(JSON.parse(entry.before!)).toEqual({ fullName: 'Salah Ketik', unitCode: 'PA.D' });
		expect(JSON.parse(entry.after!)).toEqual({
			fullName: 'Salah Ketík Diperbaiki',
			unitCode: 'PA.O'
		});
		expect(entry.actorId).toBe(admin.id);
		const found = await searchPeople(t.db, { q: 'ketik diperbaiki' });
		expect(found.items.map((x) => x.id)).toEqual([p.id]);
	});

	it('disabling ends every session at once; the person cannot come back with an old cookie', async () => {
		const p = await makePerson(t.db, { unitId: u.dinas });
		const token = await createSession(t.db, p.id);
		expect(await validateSessionToken(t.db, token)).not.toBeNull();
		expect((await setPersonActive(t.db, admin.id, p.id, false)).ok).toBe(true);
		expect(
			await t.db.selectFrom('session').select('id').where('person_id', '=', p.id).execute()
		).toEqual([]);
		expect(await validateSessionToken(t.db, token)).toBeNull();
		expect((await auditOf('person.disable', p.id)).length).toBe(1);
		expect((await setPersonActive(t.db, admin.id, p.id, true)).ok).toBe(true);
		expect((await getPerson(t.db, p.id))!.active).toBe(true);
	});

	it('an admin cannot disable themselves or drop their own admin role; the last admin stays', async () => {
		expect(await setPersonActive(t.db, admin.id, admin.id, false)).toEqual({
			ok: false,
			problem: 'people_err_self_disable'
		});
		expect(await setRoles(t.db, admin.id, admin.id, ['asn'])).toEqual({
			ok: false,
			problem: 'people_err_own_admin'
		});
		expect((await getPerson(t.db, admin.id))!.roles).toEqual(['asn', 'admin']);
		// A second admin cannot take the role away from the last other admin either.
		const second = await makePerson(t.db, { unitId: u.root, roles: ['asn', 'admin'] });
		expect((await setRoles(t.db, second.id, admin.id, ['asn'])).ok).toBe(true);
		expect(await setRoles(t.db, admin.id, second.id, ['asn'])).toEqual({
			ok: false,
			problem: 'people_err_last_admin'
		});
		expect(await setPersonActive(t.db, admin.id, second.id, false)).toEqual({
			ok: false,
			problem: 'people_err_last_admin'
		});
		// Put things back: second grants admin again; admin then may revoke second's.
		expect((await setRoles(t.db, second.id, admin.id, ['asn', 'admin'])).ok).toBe(true);
		expect((await setRoles(t.db, admin.id, second.id, ['asn', 'leader'])).ok).toBe(true);
		const [entry] = await auditOf('person.roles', second.id);
		expect(JSON.parse(entry.after!)).toMatchObject({ granted: ['leader'], revoked: ['admin'] });
	});

	it('reset gives a one-time password that works, forces a change and ends sessions; never logged', async () => {
		const p = await makePerson(t.db, { unitId: u.dinas });
		await createSession(t.db, p.id);
		const r = await resetPassword(t.db, admin.id, p.id);
		if (!r.ok) throw new Error('reset failed');
		const row = await t.db
			.selectFrom('person')
			.select(['password_hash', 'must_change_password'])
			.where('id', '=', p.id)
			.executeTakeFirstOrThrow();
		expect(await verifyPassword(row.password_hash!, r.password)).toBe(true);
		expect(await verifyPassword(row.password_hash!, TEST_PASSWORD)).toBe(false);
		expect(row.must_change_password).toBe(1);
		expect(
			await t.db.selectFrom('session').select('id').where('person_id', '=', p.id).execute()
		).toEqual([]);
		const log = JSON.stringify(await t.db.selectFrom('audit_log').selectAll().execute());
		expect(log).not.toContain(r.password);
		expect(log).not.toContain(row.password_hash!);
	});
});

describe('units', () => {
	it('creates with a unique code, renames, and never moves a unit under itself', async () => {
		const r = await createUnit(t.db, admin.id, {
			code: 'PA.N',
			name: 'Bidang Baru',
			kind: 'bidang',
			parentId: u.dinas
		});
		if (!r.ok) throw new Error('create failed');
		expect(
			await createUnit(t.db, admin.id, {
				code: 'PA.N',
				name: 'Lagi',
				kind: 'bidang',
				parentId: null
			})
		).toMatchObject({ ok: false, problem: 'unit_err_code_taken' });
		expect(
			(await updateUnit(t.db, admin.id, r.id, { name: 'Bidang Lebih Baru', kind: 'bagian' })).ok
		).toBe(true);
		expect(await moveUnit(t.db, admin.id, u.dinas, r.id)).toMatchObject({
			ok: false,
			problem: 'unit_err_cycle'
		});
		expect(await moveUnit(t.db, admin.id, u.dinas, u.dinas)).toMatchObject({
			ok: false,
			problem: 'unit_err_cycle'
		});
		expect((await moveUnit(t.db, admin.id, r.id, u.other)).ok).toBe(true);
		const actions = (
			await queryAudit(t.db, { objectType: 'org_unit', objectId: String(r.id) })
		).items.map((i) => i.action);
		expect(actions.sort()).toEqual(['unit.create', 'unit.move', 'unit.update']);
	});

	it('retires a unit with people only by moving them in the same step, never deleting it', async () => {
		const unit = await makeUnit(t.db, { code: 'PA.R', parentId: u.root });
		const child = await makeUnit(t.db, { code: 'PA.R.1', parentId: unit });
		const p = await makePerson(t.db, { unitId: unit });
		expect(await retireUnit(t.db, admin.id, unit, null)).toMatchObject({
			ok: false,
			problem: 'unit_err_has_children'
		});
		expect((await retireUnit(t.db, admin.id, child, null)).ok).toBe(true);
		expect(await retireUnit(t.db, admin.id, unit, null)).toMatchObject({
			ok: false,
			problem: 'unit_err_move_people'
		});
		expect(await retireUnit(t.db, admin.id, unit, child)).toMatchObject({
			ok: false,
			problem: 'unit_err_move_target'
		});
		expect(await retireUnit(t.db, admin.id, unit, u.other)).toEqual({ ok: true, moved: 1 });
		expect((await getPerson(t.db, p.id))!.orgUnitId).toBe(u.other);
		const row = await t.db
			.selectFrom('org_unit')
			.select('retired_at')
			.where('id', '=', unit)
			.executeTakeFirstOrThrow();
		expect(row.retired_at).not.toBeNull();
		// A retired unit takes nobody new, and can be reopened.
		expect(
			await createUnit(t.db, admin.id, {
				code: 'PA.R.2',
				name: 'x',
				kind: 'bidang',
				parentId: unit
			})
		).toMatchObject({ ok: false, problem: 'unit_err_parent' });
		expect((await reopenUnit(t.db, admin.id, unit)).ok).toBe(true);
	});
});

describe('audit log', () => {
	it('filters by actor, action, object and date, and exports CSV that spreadsheets cannot execute', async () => {
		const p = await makePerson(t.db, { unitId: u.dinas, fullName: '=HYPERLINK("http://x")' });
		await updatePerson(t.db, admin.id, p.id, {
			fullName: '=cmd|calc',
			orgUnitId: u.dinas,
			positionTitle: 'Pengadministrasi Umum',
			positionType: 'pelaksana',
			grade: 'II/c',
			employmentType: 'PNS'
		});
		const byName = await queryAudit(t.db, { actor: 'admin utama', objectId: String(p.id) });
		expect(byName.items.map((i) => i.action)).toEqual(['person.update']);
		const byNip = await queryAudit(t.db, {
			actor: admin.nip,
			action: 'person.update',
			objectId: String(p.id)
		});
		expect(byNip.total).toBe(1);
		const today = new Date().toISOString().slice(0, 10);
		expect((await queryAudit(t.db, { from: today, to: today, objectId: String(p.id) })).total).toBe(
			1
		);
		expect((await queryAudit(t.db, { to: '2000-01-01' })).total).toBe(0);
		const csv = await auditCsv(t.db, { objectId: String(p.id), objectType: 'person' }, [
			'id',
			'at',
			'nip',
			'actor',
			'action',
			'type',
			'object',
			'before',
			'after'
		]);
		expect(csv.startsWith('\uFEFFid;at;')).toBe(true);
		const lines = csv.trim().split('\r\n');
		expect(lines).toHaveLength(2);
		expect(lines[1]).toContain('person.update');
		// JSON cells start with "{", so they are safe; the name inside is quoted JSON text.
		expect(lines[1]).toContain('=cmd|calc');
		expect(lines[1]).not.toMatch(/;=/);
	});
});
