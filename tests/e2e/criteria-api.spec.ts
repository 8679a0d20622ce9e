import { expect, test, request as playwrightRequest, type Browser } from '@playwright/test';
import { BASE_URL, DEMO_ACCOUNTS, expectNoAxeViolations, loginAs } from './helpers';

/**
 * A JavaScript-enabled page (axe needs it) for a person signed in through the plain form: on a
 * loaded machine, typing into the login form before it hydrates can lose the NIP.
 */
async function signedIn(browser: Browser, nip: string) {
	const plain = await browser.newContext({ javaScriptEnabled: false });
	await loginAs(await plain.newPage(), nip);
	const context = await browser.newContext({ storageState: await plain.storageState() });
	await plain.close();
	return context.newPage();
}

test('an admin issues a token; the API answers with it, refuses without it, and after revocation', async ({
	browser
}) => {
	const page = await signedIn(browser, DEMO_ACCOUNTS.admin.nip);
	await page.goto('/admin/api-tokens');
	await expectNoAxeViolations(page);
	await page.getByLabel('Nama sistem pemakai').fill('e-Kinerja BKN');
	await page.getByLabel('Kriteria yang berlaku').check();
	await page.getByRole('button', { name: 'Terbitkan token' }).click();
	const token = (await page.locator('#issued-token').textContent())!.trim();
	expect(token).toMatch(/^mfk_[0-9a-f]{12}_/);
	await expectNoAxeViolations(page);

	const api = await playwrightRequest.newContext({ baseURL: BASE_URL });
	const withToken = await api.get('/api/v1/criteria', {
		headers: { authorization: `Bearer ${token}` }
	});
	expect(withToken.status()).toBe(200);
	const body = await withToken.json();
	// The demo DPMPTSP adoption is in force this year: two indicators × two position types.
	expect(body.count).toBe(4);
	expect(body.criteria[0]).toMatchObject({ unitCode: 'BTH.DPMPTSP' });

	const without = await api.get('/api/v1/criteria');
	expect(without.status()).toBe(401);
	expect((await without.json()).error).toBe('api_error_token_missing');
	const wrongScope = await api.get('/api/v1/participation', {
		headers: { authorization: `Bearer ${token}` }
	});
	expect(wrongScope.status()).toBe(403);
	// A signed-in browser session is not an API token.
	expect((await page.request.get('/api/v1/criteria')).status()).toBe(401);

	const openapi = await api.get('/api/v1/openapi.json');
	expect(openapi.status()).toBe(200);
	expect((await openapi.json()).paths['/criteria']).toBeTruthy();

	// Revoke: the same token is refused from then on.
	await page.getByRole('button', { name: 'Cabut token e-Kinerja BKN' }).click();
	await expect(page.getByRole('status')).toContainText('Token dicabut');
	const revoked = await api.get('/api/v1/criteria', {
		headers: { authorization: `Bearer ${token}` }
	});
	expect(revoked.status()).toBe(401);
	expect((await revoked.json()).error).toBe('api_error_token_revoked');
	await api.dispose();
});

test('leaders see the dashboard with a table and CSV for each chart; the public page has no personal data', async ({
	browser
}) => {
	const page = await signedIn(browser, DEMO_ACCOUNTS.leader.nip);
	await page.goto('/dashboard');
	await expectNoAxeViolations(page);
	await expect(page.locator('#participation-table')).toBeVisible();
	// Phases, consensus, fairness over periods (the demo 2025 survey) and the fairness of each
	// indicator of the chosen (adopted, hence closed) round. Participation by OPD has no chart
	// here: no demo OPD has at least k raters and k non-raters, so every unit row is withheld.
	await expect(page.locator('canvas')).toHaveCount(4);
	await expect(page.locator('#fairness-table tbody tr')).not.toHaveCount(0);
	expect((await page.request.get('/dashboard/csv/fairness')).status()).toBe(200);
	const csv = await page.request.get('/dashboard/csv/phases');
	expect(csv.status()).toBe(200);
	expect(await csv.text()).toContain('phase,rounds');
	// Drill down into an OPD.
	await page.locator('#participation-table tbody a').first().click();
	await expect(page.getByText(/Rincian sub-unit/)).toBeVisible();
	await expectNoAxeViolations(page);

	const anonymous = await playwrightRequest.newContext({ baseURL: BASE_URL });
	const pub = await anonymous.get('/public');
	expect(pub.status()).toBe(200);
	const html = await pub.text();
	expect(html).toContain('Persentase izin terbit sesuai SOP');
	expect(html).not.toMatch(/\d{18}/);
	await anonymous.dispose();
	await page.goto('/public');
	await expectNoAxeViolations(page);
});

test('an admin can switch the public page off', async ({ browser }) => {
	const page = await signedIn(browser, DEMO_ACCOUNTS.admin.nip);
	await page.goto('/admin/public-page');
	await expectNoAxeViolations(page);
	await page.getByRole('button', { name: 'Matikan halaman publik' }).click();
	await expect(page.getByRole('status')).toContainText('dimatikan');
	expect((await page.request.get('/public')).status()).toBe(404);
	await page.getByRole('button', { name: 'Aktifkan halaman publik' }).click();
	await expect(page.getByRole('status')).toContainText('diaktifkan');
	expect((await page.request.get('/public')).status()).toBe(200);
});
