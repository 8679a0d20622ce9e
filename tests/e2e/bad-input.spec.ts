import { expect, test } from '@playwright/test';
import { apiAs, BASE_URL, DEMO_ACCOUNTS, DEMO_PASSWORD, e2eDatabase, loginAs } from './helpers';

const html = { origin: BASE_URL, accept: 'text/html' };

function personRow(nip: string) {
	const db = e2eDatabase();
	const row = db
		.prepare('select password_hash, updated_at, locale from person where nip = ?')
		.get(nip);
	db.close();
	return row;
}

test.describe('bad input changes nothing and is explained', () => {
	test('login: missing, over-long and malformed fields get 400 and a localised message', async () => {
		const ctx = await apiAs(null);
		const cases: [Record<string, string>, RegExp][] = [
			[{ nip: '', password: '' }, /Wajib diisi/],
			[{ nip: '1'.repeat(41), password: 'x' }, /maksimal 40 karakter/],
			[{ nip: DEMO_ACCOUNTS.asn.nip, password: 'x'.repeat(129) }, /maksimal 128 karakter/],
			[{ nip: '19900112201503100x', password: 'x' }, /hanya boleh berisi angka/]
		];
		for (const [form, message] of cases) {
			const r = await ctx.post('/login', { form, headers: html, maxRedirects: 0 });
			expect(r.status(), JSON.stringify(form)).toBe(400);
			expect(await r.text()).toMatch(message);
			expect(r.headers()['set-cookie'] ?? '').not.toContain('mufakat_session=');
		}
		await ctx.dispose();
	});

	test('password change: refused input leaves the stored password as it was', async () => {
		const ctx = await apiAs(DEMO_ACCOUNTS.leader.nip);
		const before = personRow(DEMO_ACCOUNTS.leader.nip);
		const forms: Record<string, string>[] = [
			{ current: DEMO_PASSWORD, password: 'x'.repeat(200), confirm: 'x'.repeat(200) },
			{ current: DEMO_PASSWORD, password: 'kopi-tubruk-pagi', confirm: '' },
			{ current: 'salah', password: 'kopi-tubruk-pagi', confirm: 'kopi-tubruk-pagi' },
			{ password: 'kopi-tubruk-pagi', confirm: 'kopi-tubruk-pagi' }
		];
		for (const form of forms) {
			const r = await ctx.post('/account/password', { form, headers: html, maxRedirects: 0 });
			expect(r.status(), JSON.stringify(Object.keys(form))).toBe(400);
		}
		expect(personRow(DEMO_ACCOUNTS.leader.nip)).toEqual(before);
		await ctx.dispose();
	});

	test('an unknown language is refused and the choice stays as it was', async () => {
		const ctx = await apiAs(DEMO_ACCOUNTS.leader.nip);
		const before = personRow(DEMO_ACCOUNTS.leader.nip);
		const r = await ctx.post('/language', {
			form: { locale: 'fr' },
			headers: html,
			maxRedirects: 0
		});
		expect(r.status()).toBe(400);
		expect(personRow(DEMO_ACCOUNTS.leader.nip)).toEqual(before);
		await ctx.dispose();
	});

	test('a body no form accepts is a localised 415, one that cannot be read a 400', async () => {
		const ctx = await apiAs(null);
		const post = (headers: Record<string, string>, data: string) =>
			ctx.post('/login', { headers: { ...html, ...headers }, data, maxRedirects: 0 });
		for (const type of ['text/plain', 'application/json', 'application/xml']) {
			const r = await post({ 'content-type': type }, type === 'application/json' ? '{}' : 'nip=1');
			expect(r.status(), type).toBe(415);
			expect(await r.text()).toMatch(/format yang tidak diterima/);
		}
		const boundary = '----mufakat';
		const truncated = `--${boundary}\r\nContent-Disposition: form-data; name="nip"\r\n\r\n1990`;
		const r = await post(
			{ 'content-type': `multipart/form-data; boundary=${boundary}` },
			truncated
		);
		expect(r.status()).toBe(400);
		expect(await r.text()).toMatch(/tidak lengkap atau rusak/);
		// The enhanced form reads the same refusal as an ActionResult.
		const enhanced = await ctx.post('/login', {
			headers: { origin: BASE_URL, 'x-sveltekit-action': 'true', 'content-type': 'text/plain' },
			data: 'x',
			maxRedirects: 0
		});
		expect(enhanced.status()).toBe(415);
		expect((await enhanced.json()).type).toBe('error');
		await ctx.dispose();
	});

	test('an id outside the id column is "not found" before any query', async () => {
		const ctx = await apiAs(null);
		for (const id of ['99999999999', '1e309', '1.5', '0', '-1', '01']) {
			const r = await ctx.get(`/api/v1/rounds/${id}`);
			expect(r.status(), id).toBe(404);
		}
		await ctx.dispose();
	});

	test('an expired session is refused and its cookie removed', async ({ page, context }) => {
		await loginAs(page, DEMO_ACCOUNTS.leaderEducation.nip);
		const cookie = (await context.cookies()).find((c) => c.name === 'mufakat_session')!;
		const db = e2eDatabase();
		db.prepare("update session set last_active_at = '2000-01-01T00:00:00.000Z' where id = ?").run(
			cookie.value.split('.')[0]
		);
		db.close();
		await page.goto('/profile');
		await expect(page).toHaveURL(/\/login\?next=%2Fprofile/);
		expect((await context.cookies()).find((c) => c.name === 'mufakat_session')).toBeUndefined();
	});
});
