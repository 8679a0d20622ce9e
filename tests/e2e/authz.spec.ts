import { expect, test, type APIRequestContext } from '@playwright/test';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { apiAs, BASE_URL, PERSONAS, type Persona } from './helpers';
import { ROUTE_POLICY, type ActionPersona, type RoutePolicy } from './route-policy';
import { DEMO_ACCOUNTS, DEMO_ASN, DEMO_PASSWORD } from '../../src/lib/server/seed/accounts';

/** Route ids as SvelteKit sees them: folders with a page or endpoint, groups stripped. */
function discoverRoutes(dir = 'src/routes'): string[] {
	const ids = new Set<string>();
	const walk = (d: string) => {
		for (const name of readdirSync(d)) {
			const full = join(d, name);
			if (statSync(full).isDirectory()) walk(full);
			else if (/^\+(page\.svelte|page\.server\.ts|server\.ts)$/.test(name)) {
				const rel = relative('src/routes', d)
					.split(sep)
					.filter((s) => !/^\(.*\)$/.test(s));
				// A param matcher (`[id=id]`) does not change which policy entry the route answers to.
				ids.add(('/' + rel.join('/')).replace(/=\w+\]/g, ']'));
			}
		}
	};
	walk(dir);
	return [...ids].sort();
}

const ROLES_OF: Record<Persona, string[]> = {
	anonymous: [],
	asn: DEMO_ACCOUNTS.asn.roles,
	facilitator: DEMO_ACCOUNTS.facilitator.roles,
	leader: DEMO_ACCOUNTS.leader.roles,
	admin: DEMO_ACCOUNTS.admin.roles
};

/** Staff of DPMPTSP: outside the scope of demo round 1 (Dukcapil and BKPSDM). */
const OUTSIDER = DEMO_ASN.find((a) => a.unitCode.startsWith('BTH.DPMPTSP'))!;

function allowed(policy: Pick<RoutePolicy, 'access'>, persona: Persona | 'outsider'): boolean {
	if (policy.access === 'public') return true;
	if (persona === 'anonymous') return false;
	if (policy.access === 'signed-in') return true;
	const roles = persona === 'outsider' ? OUTSIDER.roles : ROLES_OF[persona];
	return policy.access.some((r) => roles.includes(r));
}

/** Whether `persona` must be refused `action` of a page it may (or may not) open. */
function actionRefused(
	policy: RoutePolicy,
	action: NonNullable<RoutePolicy['actions']>[number],
	persona: Persona | 'outsider'
): boolean {
	if (!allowed(policy, persona)) return true;
	if (typeof action === 'string') return false;
	if (!allowed({ access: action.access ?? policy.access }, persona)) return true;
	return persona !== 'anonymous' && (action.refusedTo ?? []).includes(persona as ActionPersona);
}

test('every route has an access policy', () => {
	const missing = discoverRoutes().filter((id) => !(id in ROUTE_POLICY));
	expect(missing, 'add these routes to tests/e2e/route-policy.ts').toEqual([]);
});

test('every route refuses exactly the people its policy says', async () => {
	test.setTimeout(180_000);
	const clients = {} as Record<Persona | 'outsider', APIRequestContext>;
	for (const persona of Object.keys(PERSONAS) as Persona[]) {
		clients[persona] = await apiAs(PERSONAS[persona]);
	}
	clients.outsider = await apiAs(OUTSIDER.nip);
	const problems: string[] = [];
	for (const id of discoverRoutes()) {
		const policy = ROUTE_POLICY[id];
		if (!policy || policy.apiToken) continue;
		const path = policy.path ?? id;
		for (const persona of Object.keys(PERSONAS) as Persona[]) {
			const r = await clients[persona].get(path, { maxRedirects: 0 });
			const status = r.status();
			const location = r.headers()['location'] ?? '';
			const ok = allowed(policy, persona);
			if (ok && !policy.redirectsOnGet && status !== 200 && !(id === '/login' && status === 303)) {
				problems.push(`${persona} GET ${path}: expected 200, got ${status} ${location}`);
			}
			if (!ok) {
				const refused =
					persona === 'anonymous'
						? status === 303 && location.startsWith('/login')
						: status === 403;
				if (!refused)
					problems.push(`${persona} GET ${path}: expected refusal, got ${status} ${location}`);
			}
		}
		// Actions are probed only where a refusal is due, so the walk never changes demo data.
		for (const persona of [...Object.keys(PERSONAS), 'outsider'] as (Persona | 'outsider')[]) {
			for (const action of policy.actions ?? []) {
				if (!actionRefused(policy, action, persona)) continue;
				const name = typeof action === 'string' ? action : action.name;
				const form = (typeof action === 'string' ? undefined : action.form) ?? { probe: '1' };
				const p = await clients[persona].post(`${path}${name ? `?/${name}` : ''}`, {
					form,
					headers: { origin: BASE_URL, accept: 'text/html' },
					maxRedirects: 0
				});
				const s = p.status();
				const l = p.headers()['location'] ?? '';
				const refused = persona === 'anonymous' ? s === 303 && l.startsWith('/login') : s === 403;
				if (!refused)
					problems.push(`${persona} POST ${path}?/${name}: expected refusal, got ${s} ${l}`);
			}
		}
	}
	for (const c of Object.values(clients)) await c.dispose();
	expect(problems).toEqual([]);
});

/** Pages people read (not endpoints or action-only routes), with a concrete path each. */
function readablePages(): { id: string; policy: RoutePolicy; path: string }[] {
	const pages = new Set<string>();
	const walk = (d: string) => {
		for (const name of readdirSync(d)) {
			const full = join(d, name);
			if (statSync(full).isDirectory()) walk(full);
			else if (name === '+page.svelte') {
				const rel = relative('src/routes', d)
					.split(sep)
					.filter((s) => !/^\(.*\)$/.test(s));
				pages.add('/' + rel.join('/'));
			}
		}
	};
	walk('src/routes');
	return [...pages]
		.sort()
		.map((id) => ({ id, policy: ROUTE_POLICY[id] }))
		.filter(({ policy }) => policy && !policy.redirectsOnGet && !policy.apiToken)
		.map(({ id, policy }) => ({ id, policy, path: policy.path ?? id }));
}

/**
 * What a person reads on the page: its text (hidden captions and select options included) and the
 * labels assistive technology reads out, without what is marked as an identifier on purpose:
 * code (`code`, `pre`) and `translate="no"` (an audit record's own action names and keys).
 */
function readableText(): string {
	const texts: string[] = [document.title];
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let n = walker.nextNode(); n; n = walker.nextNode()) {
		if (!n.parentElement?.closest('script, style, template, code, pre, [translate="no"]'))
			texts.push(n.nodeValue ?? '');
	}
	for (const el of document.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
		if (el.closest('code, pre, [translate="no"]')) continue;
		for (const a of ['aria-label', 'placeholder', 'title', 'alt'])
			texts.push(el.getAttribute(a) ?? '');
	}
	// One text node per line: words of neighbouring elements must not run together.
	return texts.join('\n');
}

const SNAKE = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g;
const CAMEL = /\b[a-z]+[A-Z][A-Za-z]*\b/g;
// A decimal written the other language's way: "4.5" on an Indonesian page, "4,5" on an English
// one (thousands groups always have three digits, so "1.000" / "1,000" are not caught). Times
// ("10.30 WIB") are Indonesian's own way of writing the clock.
const FOREIGN_DECIMAL = {
	id: /(?<![\d.,])(?<!\d{4}, )\d+\.\d{1,2}(?![\d.,])(?!\s*WIB)/g,
	en: /(?<![\d.,])\d+,\d{1,2}(?![\d.,])/g
};

for (const persona of Object.keys(PERSONAS) as Persona[]) {
	for (const locale of ['id', 'en'] as const) {
		test(`every page ${persona} can open fits a 360 px phone and shows no raw key (${locale})`, async ({
			browser
		}) => {
			test.setTimeout(240_000);
			const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
			const page = await context.newPage();
			if (PERSONAS[persona]) {
				const r = await page.request.post('/login', {
					form: { nip: PERSONAS[persona]!, password: DEMO_PASSWORD },
					headers: { origin: BASE_URL, accept: 'text/html' },
					maxRedirects: 0
				});
				expect(r.status()).toBe(303);
			}
			// After login: the account's own language would otherwise win.
			await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: BASE_URL }]);
			const problems: string[] = [];
			for (const { policy, path } of readablePages()) {
				if (!allowed(policy, persona)) continue;
				const r = await page.goto(path);
				if (r?.status() !== 200) {
					problems.push(`${path}: status ${r?.status()}`);
					continue;
				}
				await expect(page.locator('html')).toHaveAttribute('lang', locale);
				const { scrollWidth, innerWidth } = await page.evaluate(() => ({
					scrollWidth: document.documentElement.scrollWidth,
					innerWidth: window.innerWidth
				}));
				if (scrollWidth > innerWidth) problems.push(`${path}: ${scrollWidth} px wide`);
				const text = await page.evaluate(readableText);
				const found = [
					...(text.match(SNAKE) ?? []),
					...(text.match(CAMEL) ?? []),
					...(text.match(FOREIGN_DECIMAL[locale]) ?? [])
				];
				if (found.length) problems.push(`${path}: ${[...new Set(found)].join(', ')}`);
			}
			await context.close();
			expect(problems).toEqual([]);
		});
	}
}
