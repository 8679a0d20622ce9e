import { expect, test } from '@playwright/test';
import { DEMO_ACCOUNTS, expectNoAxeViolations, loginAs, logout } from './helpers';

test('the language switch works without an account and persists on the person', async ({
	page,
	context
}) => {
	await page.goto('/login');
	await page.getByRole('button', { name: 'EN' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Log in to Mufakat');
	await expectNoAxeViolations(page);

	await loginAs(page, DEMO_ACCOUNTS.leaderEducation.nip);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
	await page.goto('/profile');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('My profile');
	// Choosing English while signed in is remembered on the account…
	await page.getByRole('button', { name: 'EN' }).click();
	await expect(page).toHaveURL('/profile');
	await expect(page.getByText('English', { exact: true })).toBeVisible();
	await expectNoAxeViolations(page);
	await logout(page);

	// …so a fresh browser gets English back after logging in.
	await context.clearCookies();
	await loginAs(page, DEMO_ACCOUNTS.leaderEducation.nip);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
	await page.getByRole('button', { name: 'ID' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Selamat datang');
});

test('the error page is localised and accessible', async ({ page }) => {
	await loginAs(page, DEMO_ACCOUNTS.asn.nip);
	const r = await page.goto('/tidak-ada-halaman-ini');
	expect(r?.status()).toBe(404);
	await expect(page.getByRole('alert')).toHaveText('Halaman tidak ditemukan.');
	await expectNoAxeViolations(page);
});
