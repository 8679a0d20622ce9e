import { expect, test } from '@playwright/test';
import { BASE_URL, apiAs, PERSONAS } from './helpers';

test.describe('security headers and request forgery', () => {
	test('every page carries a strict CSP and the usual hardening headers', async ({ request }) => {
		for (const path of ['/login', '/', '/nope-404']) {
			const r = await request.get(path, { maxRedirects: 0 });
			const h = r.headers();
			expect(h['x-content-type-options'], path).toBe('nosniff');
			expect(h['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
			expect(h['x-frame-options'], path).toBe('DENY');
			// Plain HTTP here: HSTS is only sent over HTTPS, where browsers honour it.
			expect(h['strict-transport-security'], path).toBeUndefined();
		}
		const page = await request.get('/login');
		const csp = page.headers()['content-security-policy'];
		expect(csp).toContain("object-src 'none'");
		expect(csp).toContain("base-uri 'none'");
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).toMatch(/script-src 'self' ('nonce-|'sha256-)/);
		expect(csp).not.toContain("'unsafe-inline' 'self'");
		expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
	});

	test('a cross-origin form post is refused and changes nothing', async () => {
		const ctx = await apiAs(PERSONAS.asn);
		const r = await ctx.post('/language', {
			form: { locale: 'en', redirectTo: '/' },
			headers: { origin: 'https://evil.example', accept: 'text/html' },
			maxRedirects: 0
		});
		expect(r.status()).toBe(403);
		const home = await ctx.get('/profile');
		expect(await home.text()).toContain('Profil saya');
		await ctx.dispose();
	});

	test('JSON or bodiless state changes need this origin', async ({ request }) => {
		const noOrigin = await request.post('/logout', {
			data: { any: 'thing' },
			headers: { 'content-type': 'application/json' },
			maxRedirects: 0
		});
		expect(noOrigin.status()).toBe(403);
		expect(await noOrigin.json()).toEqual({ message: expect.stringContaining('ditolak') });
		const evil = await request.delete('/profile', { headers: { origin: 'https://evil.example' } });
		expect(evil.status()).toBe(403);
		const same = await request.post('/logout', {
			data: {},
			headers: { 'content-type': 'application/json', origin: BASE_URL },
			maxRedirects: 0
		});
		expect(same.status()).not.toBe(403);
	});

	test('pages with personal data are not cached', async () => {
		const ctx = await apiAs(PERSONAS.asn);
		const r = await ctx.get('/profile');
		expect(r.headers()['cache-control']).toContain('no-store');
		await ctx.dispose();
	});
});
