import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import {
	DEMO_ACCOUNTS,
	DEMO_ASN,
	DEMO_PASSWORD,
	DemoSeedRefusedError,
	seedDemo
} from '$lib/server/seed';
import { checkNip } from '$lib/nip';
import { login } from '$lib/server/auth/login';

let t: TestDb;
beforeAll(async () => {
	t = await createTestDb();
}, 120_000);
afterAll(() => t.destroy());

describe('demo regency', () => {
	it('loads about 6,000 valid staff across the Batanghari tree', async () => {
		const summary = await seedDemo(t.db);
		expect(summary.people).toBe(6000);
		const people = await t.db
			.selectFrom('person')
			.select(['nip', 'position_type', 'employment_type'])
			.execute();
		expect(people).toHaveLength(6000);
		expect(new Set(people.map((p) => p.nip)).size).toBe(6000);
		expect(people.every((p) => checkNip(p.nip).ok)).toBe(true);
		const types = new Set(people.map((p) => p.position_type));
		expect([...types].sort()).toEqual([
			'administrator',
			'fungsional',
			'jpt',
			'pelaksana',
			'pengawas'
		]);
		expect(people.some((p) => p.employment_type === 'PPPK')).toBe(true);
		const units = await t.db.selectFrom('org_unit').select(['name', 'kind']).execute();
		const names = units.map((u) => u.name);
		for (const kec of [
			'Muara Bulian',
			'Bajubang',
			'Pemayung',
			'Maro Sebo Ulu',
			'Maro Sebo Ilir',
			'Mersam',
			'Muara Tembesi',
			'Batin XXIV'
		]) {
			expect(names).toContain(`Kecamatan ${kec}`);
		}
		for (const opd of [
			'Sekretariat Daerah',
			'Sekretariat DPRD',
			'Inspektorat Daerah',
			'Dinas Kesehatan',
			'Satuan Polisi Pamong Praja',
			'RSUD Hamba Muara Bulian'
		]) {
			expect(names).toContain(opd);
		}
		// The heads' 2026 plans of Dukcapil, DPMPTSP and Disdik, three RHKs each.
		const rhks = await t.db
			.selectFrom('head_rhk')
			.innerJoin('org_unit', 'org_unit.id', 'head_rhk.org_unit_id')
			.select(['org_unit.code', 'head_rhk.period_start'])
			.execute();
		expect(rhks.filter((r) => r.code === 'BTH.DUKCAPIL')).toHaveLength(3);
		expect(rhks.filter((r) => r.code === 'BTH.DPMPTSP')).toHaveLength(3);
		expect(rhks.filter((r) => r.code === 'BTH.DISDIK')).toHaveLength(3);
		expect(new Set(rhks.map((r) => r.period_start))).toEqual(new Set(['2026-01-01']));
	}, 120_000);

	it('is deterministic: the same staff every time', async () => {
		const other = await createTestDb();
		try {
			await seedDemo(other.db, { total: 300 });
			const a = await other.db
				.selectFrom('person')
				.select(['nip', 'full_name'])
				.orderBy('nip')
				.limit(50)
				.execute();
			const again = await createTestDb();
			await seedDemo(again.db, { total: 300 });
			const b = await again.db
				.selectFrom('person')
				.select(['nip', 'full_name'])
				.orderBy('nip')
				.limit(50)
				.execute();
			await again.destroy();
			expect(b).toEqual(a);
		} finally {
			await other.destroy();
		}
	}, 120_000);

	it('refuses a database that already has people unless forced, and forcing adds nothing twice', async () => {
		await expect(seedDemo(t.db)).rejects.toThrow(DemoSeedRefusedError);
		const again = await seedDemo(t.db, { force: true });
		expect(again.people).toBe(0);
	}, 120_000);

	it('lets every featured demo account log in with the documented password and roles', async () => {
		for (const account of [...Object.values(DEMO_ACCOUNTS), ...DEMO_ASN]) {
			const r = await login(t.db, {
				nip: account.nip,
				password: DEMO_PASSWORD,
				address: '127.0.0.9'
			});
			expect(r.ok, account.nip).toBe(true);
		}
		const admin = await t.db
			.selectFrom('person_role')
			.innerJoin('person', 'person.id', 'person_role.person_id')
			.select('role')
			.where('nip', '=', DEMO_ACCOUNTS.admin.nip)
			.execute();
		expect(admin.map((r) => r.role).sort()).toEqual(['admin', 'asn']);
	}, 120_000);
});
