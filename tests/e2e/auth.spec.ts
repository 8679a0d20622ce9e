import { expect, test } from '@playwright/test';
import {
	BASE_URL,
	DEMO_ACCOUNTS,
	DEMO_PASSWORD,
	e2eDatabase,
	expectNoAxeViolations,
	gotoReady,
	loginAs,
	logout
} from './helpers';

test.describe('logging in', () => {
	test('the login page is accessible and in Indonesian by default', async ({ page }) => {
		await page.goto('/login');
		await expect(page.locator('html')).toHaveAttribute('lang', 'id');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Masuk ke Mufakat');
		await expectNoAxeViolations(page);
	});

	test('a wrong password gets one generic message and keeps the NIP typed', async ({ page }) => {
		await page.goto('/login');
		await page.getByLabel('NIP').fill(DEMO_ACCOUNTS.leaderEducation.nip);
		await page.getByLabel('Kata sandi').fill('bukan-sandinya');
		await page.getByRole('button', { name: 'Masuk' }).click();
		await expect(page.getByRole('alert')).toHaveText('NIP atau kata sandi salah.');
		await expect(page.getByLabel('NIP')).toHaveValue(DEMO_ACCOUNTS.leaderEducation.nip);
		await expectNoAxeViolations(page);
	});

	test('what someone types before the JavaScript arrives is kept (slow connections)', async ({
		page
	}) => {
		let release: () => void = () => {};
		const gate = new Promise<void>((r) => (release = r));
		await page.route('**/_app/immutable/**', async (route) => {
			await gate;
			await route.continue();
		});
		await page.goto('/login', { waitUntil: 'commit' });
		await page.getByLabel('NIP').fill(DEMO_ACCOUNTS.asn.nip);
		release();
		await page.waitForLoadState('networkidle');
		await expect(page.getByLabel('NIP')).toHaveValue(DEMO_ACCOUNTS.asn.nip);
	});

	test('an unknown NIP gets exactly the same message', async ({ page }) => {
		await page.goto('/login');
		await page.getByLabel('NIP').fill('198001012005011998');
		await page.getByLabel('Kata sandi').fill('bukan-sandinya');
		await page.getByRole('button', { name: 'Masuk' }).click();
		await expect(page.getByRole('alert')).toHaveText('NIP atau kata sandi salah.');
	});

	test('a malformed NIP is explained field by field', async ({ page }) => {
		await page.goto('/login');
		await page.getByLabel('NIP').fill('19900230 201503 1 001');
		await page.getByLabel('Kata sandi').fill('x');
		await page.getByRole('button', { name: 'Masuk' }).click();
		await expect(page.locator('#f-nip-error')).toContainText('tanggal lahir');
		await expect(page.getByLabel('NIP')).toHaveAttribute('aria-invalid', 'true');
	});

	test('repeated failures on one NIP are slowed down', async ({ page }) => {
		const nip = '198001012005011997';
		await page.goto('/login', { waitUntil: 'networkidle' });
		for (let i = 0; i < 5; i++) {
			await page.getByLabel('NIP').fill(nip);
			await page.getByLabel('Kata sandi').fill(`salah-${i}`);
			await page.getByRole('button', { name: 'Masuk' }).click();
			await expect(page.getByRole('alert')).toHaveText('NIP atau kata sandi salah.');
		}
		await page.getByLabel('Kata sandi').fill('salah-lagi');
		await page.getByRole('button', { name: 'Masuk' }).click();
		await expect(page.getByRole('alert')).toContainText('Terlalu banyak percobaan');
	});

	test('logging in shows the home page, profile and role; logging out is a POST', async ({
		page
	}) => {
		await loginAs(page, DEMO_ACCOUNTS.facilitator.nip);
		await expect(page.getByRole('heading', { level: 1 })).toContainText(
			DEMO_ACCOUNTS.facilitator.fullName
		);
		await expect(page.getByText('Fasilitator').first()).toBeVisible();
		await expectNoAxeViolations(page);

		await page.getByRole('link', { name: 'Profil' }).first().click();
		await expect(page.getByText('19870721 201101 2 002')).toBeVisible();
		await expect(page.getByText(/Badan Kepegawaian/)).toBeVisible();
		await expectNoAxeViolations(page);

		// A GET to /logout (a link, a prefetch) must not end the session.
		await page.goto('/logout');
		await expect(page).toHaveURL('/');
		await logout(page);
		await expect(page.getByRole('status')).toHaveText('Anda telah keluar.');
		await page.goto('/profile');
		await expect(page).toHaveURL(/\/login\?next=%2Fprofile/);
	});

	test('after login the person returns to the page they asked for, never off-site', async ({
		page
	}) => {
		await page.goto('/profile');
		await expect(page).toHaveURL(/next=%2Fprofile/);
		await page.getByLabel('NIP').fill(DEMO_ACCOUNTS.leader.nip);
		await page.getByLabel('Kata sandi').fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Masuk' }).click();
		await expect(page).toHaveURL('/profile');
		await logout(page);
		await page.goto('/login?next=//evil.example/x');
		await page.getByLabel('NIP').fill(DEMO_ACCOUNTS.leader.nip);
		await page.getByLabel('Kata sandi').fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Masuk' }).click();
		await expect(page).toHaveURL('/');
	});

	for (const js of [true, false]) {
		test(`a hostile next never leaves the site after login (${js ? 'enhanced form' : 'no JavaScript'})`, async ({
			browser
		}) => {
			const context = await browser.newContext({ javaScriptEnabled: js });
			const page = await context.newPage();
			// The tab variant was the live hole: `/%09/evil.example` became `Location: /\t/evil.example`.
			const hostile = [
				'/%09/evil.example',
				'/%5Cevil.example',
				'/%0a/evil.example',
				'javascript:alert(1)'
			];
			const [first, ...rest] = hostile;
			await gotoReady(page, `/login?next=${encodeURIComponent(decodeURIComponent(first))}`);
			await page.getByLabel('NIP').fill(DEMO_ACCOUNTS.asn.nip);
			await page.getByLabel('Kata sandi').fill(DEMO_PASSWORD);
			await page.getByRole('button', { name: 'Masuk' }).click();
			await page.waitForURL((url) => !url.pathname.startsWith('/login'));
			expect(new URL(page.url()).origin).toBe(BASE_URL);
			// Signed in, the login page sends the person on at once: the same check applies.
			for (const next of rest) {
				await page.goto(`/login?next=${encodeURIComponent(decodeURIComponent(next))}`);
				expect(new URL(page.url()).origin, next).toBe(BASE_URL);
			}
			await context.close();
		});
	}

	test('a forged session cookie is treated as no session', async ({ page, context }) => {
		await context.addCookies([
			{
				name: 'mufakat_session',
				value: 'forged.token',
				url: 'http://localhost' + ':' + (process.env.E2E_PORT ?? 4173)
			}
		]);
		await page.goto('/');
		await expect(page).toHaveURL(/\/login/);
		const cookies = await context.cookies();
		expect(cookies.find((c) => c.name === 'mufakat_session')).toBeUndefined();
	});

	test('the session cookie is HttpOnly and SameSite=Lax', async ({ page, context }) => {
		await loginAs(page, DEMO_ACCOUNTS.asn.nip);
		const cookie = (await context.cookies()).find((c) => c.name === 'mufakat_session');
		expect(cookie?.httpOnly).toBe(true);
		expect(cookie?.sameSite).toBe('Lax');
		expect(cookie?.path).toBe('/');
	});
});

test.describe('passwords', () => {
	test('a temporary password must be replaced before anything else', async ({ page }) => {
		const db = e2eDatabase();
		const person = db
			.prepare(
				"select nip from person where position_type = 'pelaksana' and nip like '1975%' order by nip limit 1"
			)
			.get() as { nip: string };
		db.prepare('update person set must_change_password = 1 where nip = ?').run(person.nip);
		db.close();

		await loginAs(page, person.nip);
		await expect(page).toHaveURL('/password/new');
		await expectNoAxeViolations(page);
		await page.goto('/profile');
		await expect(page).toHaveURL('/password/new');

		await page.getByLabel('Kata sandi baru', { exact: true }).fill('pendek');
		await page.getByLabel('Ulangi kata sandi baru').fill('pendek');
		await page.getByRole('button', { name: 'Simpan kata sandi' }).click();
		await expect(page.locator('#f-password-error')).toHaveText('Kata sandi minimal 10 karakter.');

		await page
			.getByLabel('Kata sandi baru', { exact: true })
			.fill(`sandi-${person.nip.slice(0, 8)}`);
		await page.getByLabel('Ulangi kata sandi baru').fill(`sandi-${person.nip.slice(0, 8)}`);
		await page.getByRole('button', { name: 'Simpan kata sandi' }).click();
		await expect(page.locator('#f-password-error')).toContainText('NIP');

		await page.getByLabel('Kata sandi baru', { exact: true }).fill('kopi-tubruk-pagi-hari');
		await page.getByLabel('Ulangi kata sandi baru').fill('kopi-tubruk-pagi-hari');
		await page.getByRole('button', { name: 'Simpan kata sandi' }).click();
		await expect(page).toHaveURL('/');
		await page.goto('/profile');
		await expect(page).toHaveURL('/profile');
	});

	test('changing a password asks for the current one', async ({ page }) => {
		const nip = generatedPersonNip();
		await loginAs(page, nip);
		await page.goto('/account/password');
		await expectNoAxeViolations(page);
		await page.getByLabel('Kata sandi saat ini').fill('salah-sekali');
		await page.getByLabel('Kata sandi baru', { exact: true }).fill('kopi-tubruk-pagi-hari');
		await page.getByLabel('Ulangi kata sandi baru').fill('kopi-tubruk-pagi-hari');
		await page.getByRole('button', { name: 'Simpan kata sandi' }).click();
		await expect(page.locator('#f-current-error')).toHaveText('Kata sandi saat ini salah.');
		await expectNoAxeViolations(page);

		await page.getByLabel('Kata sandi saat ini').fill(DEMO_PASSWORD);
		await page.getByLabel('Kata sandi baru', { exact: true }).fill('kopi-tubruk-pagi-hari');
		await page.getByLabel('Ulangi kata sandi baru').fill('kopi-tubruk-pagi-hari');
		await page.getByRole('button', { name: 'Simpan kata sandi' }).click();
		await expect(page.getByRole('status')).toHaveText('Kata sandi Anda telah diganti.');
		await logout(page);
		await loginAs(page, nip, 'kopi-tubruk-pagi-hari');
		await expect(page).toHaveURL('/');
	});
});

// A generated (not featured) person, so other tests keep the documented demo password.
function generatedPersonNip(): string {
	const db = e2eDatabase();
	const row = db
		.prepare(
			"select nip from person where position_type = 'fungsional' and nip like '1985%' order by nip limit 1"
		)
		.get() as { nip: string };
	db.close();
	return row.nip;
}
