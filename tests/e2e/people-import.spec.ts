import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { DEMO_ACCOUNTS, expectNoAxeViolations, loginAs } from './helpers';

const HEADER = 'NIP;Nama;Kode Unit;Jabatan;Jenis Jabatan;Golongan;Status;Peran';

/** NIPs outside the demo regency's range (born 2001, appointed 2023), unique per test. */
const nip = (day: number, seq: number) =>
	`200101${String(day).padStart(2, '0')}2023011${String(seq).padStart(3, '0')}`;

function csv(lines: string[]): { name: string; mimeType: string; buffer: Buffer } {
	return {
		name: 'pegawai.csv',
		mimeType: 'text/csv',
		// A BOM and CRLF, as Excel on Windows writes it.
		buffer: Buffer.from('\uFEFF' + [HEADER, ...lines].join('\r\n') + '\r\n', 'utf8')
	};
}

async function upload(page: Page, file: ReturnType<typeof csv>) {
	await page.goto('/admin/import');
	await page.getByLabel(/Berkas/).setInputFiles(file);
	await page.getByRole('button', { name: 'Periksa berkas' }).click();
	await expect(page).toHaveURL(/\/admin\/import\/\d+$/);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Pratinjau impor');
}

const count = (page: Page, key: string) => page.locator(`[data-count="${key}"]`);

/** The apply runs in the background; wait for its result (reloading, as a no-JS user would). */
async function applyAndWait(page: Page, expected: string) {
	await page.getByRole('button', { name: 'Terapkan impor' }).click();
	const result = page.getByRole('status').filter({ hasText: 'Impor diterapkan' });
	await expect(async () => {
		if (!(await result.isVisible())) await page.reload();
		await expect(result).toContainText(expected, { timeout: 1000 });
	}).toPass({ timeout: 60_000 });
}

async function importFlow(page: Page, day: number, js: boolean) {
	const a = nip(day, 1);
	const b = nip(day, 2);
	await loginAs(page, DEMO_ACCOUNTS.admin.nip);

	// 1. A file with two mistakes: the preview names the rows and the reasons; nothing is written.
	await upload(
		page,
		csv([
			`${a};Uji Impor Satu;BTH.DUKCAPIL.02;Pengadministrasi Umum;pelaksana;II/a;PNS;asn`,
			`${b.slice(0, 15)};Uji Impor Dua;BTH.DUKCAPIL.02;Pengadministrasi Umum;pelaksana;II/a;PNS;asn`,
			`${nip(day, 3)};Uji Impor Tiga;BTH.TIDAK.ADA;Pengadministrasi Umum;pelaksana;II/a;PNS;asn`
		])
	);
	await expect(count(page, 'errors')).toHaveText('2');
	const errors = page.getByRole('table').filter({ hasText: 'Masalah' });
	await expect(errors.getByRole('row').nth(1)).toContainText('3');
	await expect(errors.getByRole('row').nth(1)).toContainText(
		'NIP tidak valid: NIP harus 18 angka.'
	);
	await expect(errors.getByRole('row').nth(2)).toContainText('kode unit “BTH.TIDAK.ADA” tidak ada');
	if (js) await expectNoAxeViolations(page);
	// Applying a file with errors needs an explicit "skip them"; we fix the file instead.
	await page.getByRole('button', { name: 'Batalkan impor ini' }).click();
	await expect(page).toHaveURL(/\/admin\/import$/);

	// 2. The corrected file: two new people, no errors.
	await upload(
		page,
		csv([
			`${a};Uji Impor Satu;BTH.DUKCAPIL.02;Pengadministrasi Umum;pelaksana;II/a;PNS;asn`,
			`${b};"Uji Impor; Dua";BTH.DUKCAPIL.02;Pengadministrasi Umum;pelaksana;II/a;PNS;asn`
		])
	);
	await expect(count(page, 'new')).toHaveText('2');
	await expect(count(page, 'errors')).toHaveText('0');
	await applyAndWait(page, '2 baru');
	if (js) await expectNoAxeViolations(page);

	// 3. The temporary passwords: downloadable once, then gone.
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: /Unduh daftar kata sandi/ }).click()
	]);
	const list = readFileSync((await download.path())!, 'utf8');
	expect(list).toContain('Kata sandi sementara');
	expect(list).toContain(a);
	expect(list).toContain('"Uji Impor; Dua"');
	const batchUrl = page.url();
	await page.goto(batchUrl);
	await expect(page.getByText('Daftar kata sandi sudah diunduh')).toBeVisible();
	const again = await page.request.post(`${batchUrl}/credentials`, {
		headers: { origin: new URL(batchUrl).origin },
		maxRedirects: 0
	});
	expect(again.status()).toBe(303);

	// 4. A NIP that changes unit: shown as a change, applied as a move.
	await upload(
		page,
		csv([
			`${a};Uji Impor Satu;BTH.DPMPTSP.02;Pengadministrasi Umum;pelaksana;II/a;PNS;asn`,
			`${b};"Uji Impor; Dua";BTH.DUKCAPIL.02;Pengadministrasi Umum;pelaksana;II/a;PNS;asn`
		])
	);
	await expect(count(page, 'changed')).toHaveText('1');
	await expect(count(page, 'unchanged')).toHaveText('1');
	await expect(page.getByText('Kode Unit: BTH.DUKCAPIL.02 → BTH.DPMPTSP.02')).toBeVisible();
	await applyAndWait(page, '1 berubah');

	// 5. Every change is in the audit log.
	await page.goto(`/admin/audit?action=person.update&actor=${DEMO_ACCOUNTS.admin.nip}`);
	await expect(page.getByRole('table')).toContainText('BTH.DPMPTSP.02');
	await page.goto('/admin/audit?action=person.create');
	await expect(page.getByRole('table')).toContainText(a);
	await expect(page.getByRole('table')).not.toContainText(list.split('\r\n')[1].split(';')[3]);
	if (js) await expectNoAxeViolations(page);

	// The new person can log in with the list's password and must choose their own.
	return {
		a,
		password: list
			.split('\r\n')
			.find((l) => l.startsWith(a))!
			.split(';')[3]
	};
}

test.describe('staff import in the browser', () => {
	test('preview, fix errors, apply, download passwords once, see it in the audit log', async ({
		page,
		browser
	}) => {
		test.setTimeout(120_000);
		const { a, password } = await importFlow(page, 11, true);
		const context = await browser.newContext();
		const newcomer = await context.newPage();
		await loginAs(newcomer, a, password);
		await expect(newcomer).toHaveURL(/\/password\/new/);
		await context.close();
	});
});

test.describe('staff import without JavaScript', () => {
	test.use({ javaScriptEnabled: false });
	test('the same flow works with plain form posts', async ({ page }) => {
		test.setTimeout(120_000);
		await importFlow(page, 12, false);
	});
});
