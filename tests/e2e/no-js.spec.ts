import { expect, test } from '@playwright/test';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './helpers';

test.use({ javaScriptEnabled: false });

test('log in, switch language, fail and fix a form, and log out without JavaScript', async ({
	page
}) => {
	await page.goto('/login');
	await page.getByLabel('NIP').fill(DEMO_ACCOUNTS.leader.nip);
	await page.getByLabel('Kata sandi').fill('salah');
	await page.getByRole('button', { name: 'Masuk' }).click();
	await expect(page.getByRole('alert')).toHaveText('NIP atau kata sandi salah.');
	await page.getByLabel('Kata sandi').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Masuk' }).click();
	await expect(page).toHaveURL('/');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Selamat datang');

	await page.goto('/account/password');
	await page.getByLabel('Kata sandi saat ini').fill(DEMO_PASSWORD);
	await page.getByLabel('Kata sandi baru', { exact: true }).fill('abc');
	await page.getByLabel('Ulangi kata sandi baru').fill('abcd');
	await page.getByRole('button', { name: 'Simpan kata sandi' }).click();
	await expect(page.locator('#f-confirm-error')).toHaveText('Kedua kata sandi baru tidak sama.');

	await page.getByRole('button', { name: 'EN' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Change password');
	await page.getByRole('button', { name: 'ID' }).click();

	await page.getByRole('button', { name: 'Keluar' }).click();
	await expect(page).toHaveURL(/\/login/);
	await page.goto('/');
	await expect(page).toHaveURL(/\/login/);
});
