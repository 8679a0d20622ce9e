import { expect, test } from '@playwright/test';
import { apiAs, DEMO_ACCOUNTS, e2eDatabase, expectNoAxeViolations, loginAs } from './helpers';

/** A person of our own (not a shared demo account), with the demo password. */
function makeE2ePerson(nip: string, fullName: string) {
	const db = e2eDatabase();
	try {
		const admin = db
			.prepare('select password_hash, org_unit_id from person where nip = ?')
			.get(DEMO_ACCOUNTS.admin.nip) as { password_hash: string; org_unit_id: number };
		const now = new Date().toISOString();
		const id = db
			.prepare(
				`insert into person (nip, full_name, org_unit_id, position_title, position_type, grade,
				 employment_type, password_hash, must_change_password, active, name_search, created_at, updated_at)
				 values (?, ?, ?, 'Pengadministrasi Umum', 'pelaksana', 'II/a', 'PNS', ?, 0, 1, ?, ?, ?)`
			)
			.run(
				nip,
				fullName,
				admin.org_unit_id,
				admin.password_hash,
				fullName.toLowerCase(),
				now,
				now
			).lastInsertRowid;
		db.prepare(`insert into person_role (person_id, role) values (?, 'asn')`).run(id);
	} finally {
		db.close();
	}
	return { nip, fullName };
}

test('admin pages have no axe violations and search filters by unit subtree', async ({ page }) => {
	// axe on the ~200-unit tree page is slow on a busy 2-core machine.
	test.setTimeout(180_000);
	await loginAs(page, DEMO_ACCOUNTS.admin.nip);
	await page.goto('/admin/people');
	await expectNoAxeViolations(page);
	await page.getByLabel('Cari NIP atau nama').fill('andi saputra');
	await page.getByRole('button', { name: 'Tampilkan' }).click();
	await expect(page.getByRole('table')).toContainText(DEMO_ACCOUNTS.asn.fullName);
	await page.getByRole('link', { name: DEMO_ACCOUNTS.asn.fullName }).first().click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(DEMO_ACCOUNTS.asn.fullName);
	await expectNoAxeViolations(page);

	await page.goto('/admin/units');
	await expectNoAxeViolations(page);
	await page.getByRole('link', { name: 'Dinas Kependudukan dan Pencatatan Sipil' }).first().click();
	await expectNoAxeViolations(page);
	await page.getByRole('link', { name: /Lihat pegawai unit ini/ }).click();
	await expect(page.getByRole('status').first()).toContainText('pegawai');
	await expect(page.getByRole('table')).toContainText('BTH.DUKCAPIL.02');

	await page.goto('/admin/import');
	await expectNoAxeViolations(page);
	await page.goto('/admin/import/1');
	await expectNoAxeViolations(page);
	await page.goto('/admin/audit');
	await expectNoAxeViolations(page);
});

test('disabling a person ends their session at once; reset shows a password once', async ({
	page,
	browser
}) => {
	const target = makeE2ePerson('200102152023012001', 'Uji Nonaktif Sesi');
	const theirs = await browser.newContext();
	const theirPage = await theirs.newPage();
	await loginAs(theirPage, target.nip);

	await loginAs(page, DEMO_ACCOUNTS.admin.nip);
	await page.goto(`/admin/people?q=${target.nip}`);
	await page.getByRole('link', { name: target.fullName }).click();
	await page.getByRole('button', { name: 'Nonaktifkan akun' }).click();
	await expect(page.getByRole('status')).toContainText('Akun dinonaktifkan');

	await theirPage.goto('/profile');
	await expect(theirPage).toHaveURL(/\/login/);

	await page.getByRole('button', { name: 'Aktifkan akun' }).click();
	await expect(page.getByRole('status')).toContainText('diaktifkan kembali');
	await page.getByRole('button', { name: 'Atur ulang kata sandi' }).click();
	const secret = await page.locator('code.secret').textContent();
	expect(secret).toMatch(/^[A-Za-z0-9]{12}$/);
	await page.reload();
	await expect(page.locator('code.secret')).toHaveCount(0);
	await loginAs(theirPage, target.nip, secret!);
	await expect(theirPage).toHaveURL(/\/password\/new/);
	await theirs.close();
});

test('an admin cannot remove their own admin role', async ({ page }) => {
	await loginAs(page, DEMO_ACCOUNTS.admin.nip);
	await page.goto(`/admin/people?q=${DEMO_ACCOUNTS.admin.nip}`);
	await page.getByRole('link', { name: DEMO_ACCOUNTS.admin.fullName }).click();
	await page.getByRole('checkbox', { name: 'Admin' }).uncheck();
	await page.getByRole('button', { name: 'Simpan peran' }).click();
	await expect(page.getByRole('alert')).toContainText('tidak dapat mencabut peran admin');
	await page.reload();
	await expect(page.getByRole('checkbox', { name: 'Admin' })).toBeChecked();
});

test('leaders read the audit log and export it, but change nothing', async ({ page }) => {
	await loginAs(page, DEMO_ACCOUNTS.leader.nip);
	await page.goto('/admin/audit');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Log audit');
	await expectNoAxeViolations(page);
	const leader = await apiAs(DEMO_ACCOUNTS.leader.nip);
	const r = await leader.get('/admin/audit/export?action=import.upload');
	expect(r.status()).toBe(200);
	expect(r.headers()['content-type']).toContain('text/csv');
	expect(await r.text()).toContain('import.upload');
	expect((await leader.get('/admin/people')).status()).toBe(403);
	await leader.dispose();
});
