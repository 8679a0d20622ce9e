import {
	expect,
	type APIRequestContext,
	type Page,
	request as playwrightRequest
} from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import SQLite from 'better-sqlite3';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/lib/server/seed/accounts';

export { DEMO_ACCOUNTS, DEMO_ASN, DEMO_PASSWORD } from '../../src/lib/server/seed/accounts';

export const BASE_URL = `http://localhost:${process.env.E2E_PORT ?? 4173}`;

/** Logs in through the real form, as a person would. */
export async function loginAs(page: Page, nip: string, password = DEMO_PASSWORD): Promise<void> {
	// Wait for hydration so enhanced submission is what gets tested.
	await page.goto('/login');
	await waitForHydration(page);
	await page.locator('input[name="nip"]').fill(nip);
	await page.locator('input[name="password"]').fill(password);
	await page.locator('form button[type="submit"]').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/**
 * Waits until SvelteKit has hydrated the page (the root layout marks `<html data-hydrated>`), so
 * typing and clicking go through the enhanced forms. Without JavaScript there is nothing to wait for.
 */
export async function waitForHydration(page: Page): Promise<void> {
	const js = await page.evaluate(() =>
		Object.keys(globalThis).some((k) => k.startsWith('__sveltekit_'))
	);
	if (js) await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

/** `page.goto`, then wait for hydration (see `waitForHydration`). */
export async function gotoReady(page: Page, url: string): Promise<void> {
	await page.goto(url);
	await waitForHydration(page);
}

export async function logout(page: Page): Promise<void> {
	await page.locator('form[action="/logout"] button').click();
	await page.waitForURL(/\/login/);
}

/** Zero axe violations against WCAG 2.2 A/AA rules. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
	// Legacy mode runs axe in the page itself instead of opening a second page to merge per-frame
	// results: half the time on a loaded machine, and the app has no frames to merge.
	const results = await new AxeBuilder({ page })
		.setLegacyMode()
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
		.analyze();
	const summary = results.violations.map(
		(v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
	);
	expect(summary, `axe on ${page.url()}`).toEqual([]);
}

/** An API client logged in as `nip` (no browser), for authorization walks and forged requests. */
export async function apiAs(
	nip: string | null,
	password = DEMO_PASSWORD
): Promise<APIRequestContext> {
	const ctx = await playwrightRequest.newContext({ baseURL: BASE_URL });
	if (nip) {
		const r = await ctx.post('/login', {
			form: { nip, password },
			headers: { origin: BASE_URL, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(r.status(), `login ${nip}`).toBe(303);
	}
	return ctx;
}

/** Direct access to the e2e server's database, for fixtures a UI cannot create yet. */
export function e2eDatabase(): SQLite.Database {
	const db = new SQLite(process.env.E2E_DB ?? 'data/e2e.db');
	db.pragma('busy_timeout = 5000');
	return db;
}

export const PERSONAS = {
	anonymous: null,
	asn: DEMO_ACCOUNTS.asn.nip,
	facilitator: DEMO_ACCOUNTS.facilitator.nip,
	leader: DEMO_ACCOUNTS.leader.nip,
	admin: DEMO_ACCOUNTS.admin.nip
} as const;

export type Persona = keyof typeof PERSONAS;

export async function useEnglish(page: Page): Promise<void> {
	await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: BASE_URL }]);
}
