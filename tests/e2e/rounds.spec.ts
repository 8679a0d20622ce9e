import { expect, test, type Page } from '@playwright/test';
import {
	apiAs,
	BASE_URL,
	DEMO_ACCOUNTS,
	DEMO_ASN,
	e2eDatabase,
	expectNoAxeViolations as checkAxe,
	gotoReady,
	loginAs,
	logout,
	useEnglish
} from './helpers';

// The whole consultation flow of issue 4, with and without JavaScript, in Indonesian and English.
// With JavaScript every page is waited on until it has hydrated (`gotoReady`), so the enhanced
// forms are what gets tested, and every wait is for something the person would see.
const FACILITATOR = DEMO_ACCOUNTS.facilitator.nip;
const [ASN1, ASN2, ASN3] = DEMO_ASN.map((a) => a.nip);

const TEXT = {
	id: {
		hiddenBy: 'Disembunyikan oleh fasilitator',
		merged: 'Digabung',
		shortlisted: 'Masuk daftar pendek'
	},
	en: { hiddenBy: 'Hidden by the facilitator', merged: 'Merged', shortlisted: 'Shortlisted' }
};

function unitId(code: string): string {
	const db = e2eDatabase();
	try {
		const row = db.prepare('select id from org_unit where code = ?').get(code) as { id: number };
		return String(row.id);
	} finally {
		db.close();
	}
}

async function as(page: Page, nip: string, fn: () => Promise<void>) {
	await loginAs(page, nip);
	await fn();
	await logout(page);
}

async function fillProposal(
	page: Page,
	name: string,
	target = '95%',
	definition = 'Bagian permohonan yang dokumennya selesai paling lambat satu hari kerja sejak lengkap.'
) {
	await page.locator('[name=name]').fill(name);
	await page.locator('[name=definition]').fill(definition);
	await page.locator('[name=formula]').fill('Selesai ≤ 1 hari / seluruh permohonan × 100%');
	await page.locator('[name=unit_of_measure]').fill('persen');
	await page.locator('[name=target]').fill(target);
	await page.locator('[name=baseline]').fill('80%');
	await page.locator('[name=data_source]').fill('SIAK');
	await page.selectOption('select[name=frequency]', 'bulanan');
	await page.selectOption('select[name=perspective]', 'penerima_layanan');
	await page.selectOption('select[name=aspect]', 'waktu');
	await page.selectOption('select[name=kind]', 'hasil_kerja');
	await page.locator('[name=unit_goal]').fill('Renstra Disdukcapil: layanan cepat');
	await page
		.locator('[name=fairness_rationale]')
		.fill('Semua petugas memakai sistem yang sama dan antrean dibagi rata.');
}

/**
 * Times read as the regency's (WIB), and hydration leaves them as the server wrote them: the
 * browser formats with the same explicit zone, so the text must not change once JavaScript runs.
 */
async function expectWibTimesAsServerSent(page: Page) {
	const html = await (await page.request.get(page.url())).text();
	const sent = [...html.matchAll(/<time[^>]*>([^<]*)<\/time>/g)].map((m) => m[1]);
	expect(sent.length).toBeGreaterThan(0);
	for (const text of sent) expect(text).toMatch(/^\d{1,2} \S+ \d{4}, \d{2}[.:]\d{2} WIB$/);
	expect(await page.locator('main time').allTextContents()).toEqual(sent);
}

const proposalIdFromUrl = (page: Page) => Number(/proposals\/(\d+)/.exec(page.url())![1]);

for (const variant of [
	{ js: true, lang: 'id' as const },
	{ js: true, lang: 'en' as const },
	{ js: false, lang: 'en' as const },
	{ js: false, lang: 'id' as const }
]) {
	test.describe(`consultation round (${variant.js ? 'with' : 'without'} JavaScript, ${variant.lang})`, () => {
		test.use({ javaScriptEnabled: variant.js });

		test('open, propose, discuss, revise, moderate, merge and shortlist', async ({ page }) => {
			test.setTimeout(180_000);
			// axe runs inside the page, which needs JavaScript; the markup is the same either way.
			const expectNoAxeViolations = (p: Page) => (variant.js ? checkAxe(p) : Promise.resolve());
			if (variant.lang === 'en') await useEnglish(page);
			const t = TEXT[variant.lang];
			const title = `Putaran uji ${variant.lang} ${Date.now()}`;
			let roundUrl = '';
			let roundId = 0;

			// A facilitator opens a round for one unit.
			await as(page, FACILITATOR, async () => {
				await gotoReady(page, '/rounds/new');
				await expectNoAxeViolations(page);
				await page.locator('[name=title]').fill(title);
				await page.locator('[name=purpose]').fill('Menyusun indikator pelayanan bersama.');
				await page.selectOption('#f-units-only', unitId('BTH.DUKCAPIL.02'));
				await page.locator('form button[type=submit]').last().click();
				await page.waitForURL(/\/rounds\/\d+$/);
				roundUrl = new URL(page.url()).pathname;
				roundId = Number(roundUrl.split('/').pop());
				await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
				await page.locator('form[action="?/advance"] input[value=proposing] + button').click();
				await page.waitForURL(/moved=1/);
				await expectNoAxeViolations(page);
			});

			// Three ASN propose; the second sees the duplicate warning and submits anyway.
			const ids: number[] = [];
			await as(page, ASN1, async () => {
				await gotoReady(page, `${roundUrl}/propose`);
				await expectNoAxeViolations(page);
				await fillProposal(page, 'Persentase KTP-el terbit dalam satu hari kerja');
				await page.locator('form button[type=submit]').last().click();
				await page.waitForURL(/proposals\/\d+\?created=1/);
				ids.push(proposalIdFromUrl(page));
				await expectNoAxeViolations(page);
			});
			await as(page, ASN2, async () => {
				await gotoReady(page, `${roundUrl}/propose`);
				await fillProposal(page, 'Penerbitan KTP-el dalam satu hari kerja');
				await page.locator('form button[type=submit]').last().click();
				await expect(page.locator('#similar-h')).toBeVisible();
				await expect(page.locator('section[aria-labelledby=similar-h] li')).toContainText(
					'Persentase KTP-el terbit dalam satu hari kerja'
				);
				await expectNoAxeViolations(page);
				await page.locator('form:has(input[name=confirm_unique]) button[type=submit]').click();
				await page.waitForURL(/proposals\/\d+\?created=1/);
				ids.push(proposalIdFromUrl(page));
			});
			await as(page, ASN3, async () => {
				await gotoReady(page, `${roundUrl}/propose`);
				await fillProposal(
					page,
					'Rata-rata waktu pencatatan akta kelahiran',
					'2 hari',
					'Rata-rata hari kerja dari berkas akta kelahiran lengkap sampai akta ditandatangani.'
				);
				const sent = await page
					.locator('form:has([name=client_token])')
					.evaluate((f: HTMLFormElement) =>
						Object.fromEntries([...new FormData(f)].map(([k, v]) => [k, String(v)]))
					);
				await page.locator('form button[type=submit]').last().click();
				await page.waitForURL(/proposals\/\d+\?created=1/);
				ids.push(proposalIdFromUrl(page));
				// The same form sent again (a double click, a resubmitted page) leads to the same
				// proposal and makes no second row.
				const again = await page.request.post(`${roundUrl}/propose`, {
					form: sent,
					headers: { origin: BASE_URL, accept: 'text/html' },
					maxRedirects: 0
				});
				expect(again.status()).toBe(303);
				expect(again.headers()['location']).toContain(`/proposals/${ids[2]}`);
			});
			const db = e2eDatabase();
			const count = db
				.prepare('select count(*) as n from indicator where round_id = ?')
				.get(roundId) as { n: number };
			db.close();
			expect(count.n).toBe(3);

			await as(page, FACILITATOR, async () => {
				await gotoReady(page, roundUrl);
				await page.locator('form[action="?/advance"] input[value=discussing] + button').click();
				await page.waitForURL(/moved=1/);
			});

			// Discussion: a comment, a reply; the author revises.
			const p1 = `${roundUrl}/proposals/${ids[0]}`;
			await as(page, ASN3, async () => {
				await gotoReady(page, p1);
				await page
					.locator('#comment-body')
					.fill('Ini komentar yang **kasar** <script>alert(1)</script>');
				await page.locator('input[name=stance][value=concern]').last().check();
				await page.locator('form[action="?/comment"].card button[type=submit]').click();
				await page.waitForURL(/done=commented/);
				await expect(page.locator('.comment-body strong')).toHaveText('kasar');
				await expect(page.locator('.comment-body')).toContainText('<script>alert(1)</script>');
			});
			await as(page, ASN1, async () => {
				await gotoReady(page, p1);
				const first = page.locator('li.comment').first();
				await first.locator('details:has(form[action="?/comment"]) > summary').click();
				await first
					.locator('form[action="?/comment"] textarea')
					.fill('Terima kasih, saya perbaiki.');
				await first.locator('form[action="?/comment"] button').click();
				await page.waitForURL(/done=commented/);
				await expect(page.locator('li.comment li.comment')).toContainText('Terima kasih');
				await expectWibTimesAsServerSent(page);
				await page.locator('details.card > summary').click();
				await page.locator('details.card [name=target]').fill('97%');
				await page.locator('#f-reason').fill('Target dinaikkan setelah diskusi');
				await page.locator('form[action="?/revise"] button[type=submit]').click();
				await page.waitForURL(/done=revised/);
				await gotoReady(page, `${p1}/history`);
				await expect(page.locator('dl.diff ins')).toContainText('97');
				await expect(page.locator('dl.diff del')).toContainText('95');
				await expect(page.locator('table')).toContainText('Target dinaikkan setelah diskusi');
				await expectWibTimesAsServerSent(page);
				await expectNoAxeViolations(page);
			});
			// A comment is reported…
			await as(page, ASN2, async () => {
				await gotoReady(page, p1);
				const first = page.locator('li.comment').first();
				await first.locator('details:has(form[action="?/report"]) > summary').first().click();
				await first
					.locator('form[action="?/report"] input[name=reason]')
					.first()
					.fill('Tidak sopan');
				await first.locator('form[action="?/report"] button').first().click();
				await page.waitForURL(/done=reported/);
				await expectNoAxeViolations(page);
			});
			// …and hidden by the facilitator, who also merges the duplicate and shortlists.
			await as(page, FACILITATOR, async () => {
				// Only this round's queue: the other variants report comments in parallel.
				await gotoReady(page, `/moderation?round=${roundId}`);
				await expectNoAxeViolations(page);
				const item = page.locator('ul.cards > li', { hasText: 'Tidak sopan' });
				await expect(item).toHaveCount(1);
				await item.locator('input[name=reason]').fill('Melanggar etika diskusi');
				await item.locator('form[action="?/hide"] button').click();
				// The page stays on /moderation: done when the hidden comment left the queue.
				await expect(item).toHaveCount(0);
				await gotoReady(page, p1);
				await expect(page.locator('.hidden-note').first()).toContainText(
					`${t.hiddenBy}: Melanggar etika diskusi`
				);
				await expect(page.locator('body')).not.toContainText('kasar');

				await gotoReady(page, `${roundUrl}/proposals/${ids[1]}`);
				await page.selectOption('#merge-target', String(ids[0]));
				await page.locator('#merge-reason').fill('Maksudnya sama');
				await page.locator('form[action="?/merge"] button').click();
				await page.waitForURL(/done=merged/);
				await expect(page.locator('#proposal-status')).toHaveText(t.merged);

				await gotoReady(page, p1);
				await page.locator('input[name=decision][value=shortlisted]').check();
				await page.locator('#decide-reason').fill('Jelas dan terukur');
				await page.locator('form[action="?/decide"] button').click();
				await page.waitForURL(/done=decided/);
				await expect(page.locator('#proposal-status')).toHaveText(t.shortlisted);
				// The duplicate now points here, and its author became a supporter.
				await expect(page.locator(`main a[href$="/proposals/${ids[1]}"]`)).toBeVisible();
				await expectNoAxeViolations(page);
				await gotoReady(page, roundUrl);
				await expectNoAxeViolations(page);
			});
			// The proposer is notified (the header shows the unread count) and sees the reason.
			await as(page, ASN1, async () => {
				await expect(page.locator('header a[href="/notifications"] .badge')).toHaveText(/^\d+/);
				await gotoReady(page, '/notifications');
				await expect(page.locator('ul.notifications li').first()).toBeVisible();
				await expectNoAxeViolations(page);
				await gotoReady(page, p1);
				await expect(page.locator('body')).toContainText('Jelas dan terukur');
			});
		});
	});
}

test('every rounds page in English has no axe violations', async ({ page }) => {
	test.setTimeout(120_000);
	await useEnglish(page);
	await loginAs(page, FACILITATOR);
	for (const path of [
		'/rounds',
		'/rounds/new',
		'/rounds/1',
		'/rounds/1/edit',
		'/rounds/1/proposals/1',
		'/rounds/1/proposals/1/history',
		'/rounds/2/propose',
		'/moderation',
		'/notifications'
	]) {
		await gotoReady(page, path);
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await checkAxe(page);
	}
});

test('markup in every text field is shown as text; bad input saves nothing', async ({ page }) => {
	test.setTimeout(120_000);
	const XSS = '<img src=x onerror=window.__xss=1>';
	const roundId = (() => {
		const db = e2eDatabase();
		try {
			return (
				db
					.prepare("select id from round where title = 'Indikator Perilaku Kerja BerAKHLAK 2027'")
					.get() as { id: number }
			).id;
		} finally {
			db.close();
		}
	})();
	const name = `Uji markup ${Date.now()} <script>window.__xss=1</script>`;
	const form: Record<string, string> = {
		name,
		definition: `Definisi ${XSS}`,
		formula: `a / b ${XSS}`,
		unit_of_measure: XSS,
		target: `95% ${XSS}`,
		baseline: `80% ${XSS}`,
		data_source: `SIAK ${XSS}`,
		frequency: 'bulanan',
		perspective: 'penerima_layanan',
		aspect: 'waktu',
		kind: 'hasil_kerja',
		unit_goal: `Renstra ${XSS}`,
		fairness_rationale: `Adil ${XSS}`,
		client_token: `markup-${Date.now()}-aaaaaaaa`,
		confirm_unique: '1'
	};
	const post = (
		ctx: Awaited<ReturnType<typeof apiAs>>,
		path: string,
		data: Record<string, string>
	) =>
		ctx.post(path, {
			form: data,
			headers: { origin: BASE_URL, accept: 'text/html' },
			maxRedirects: 0
		});
	const count = () => {
		const db = e2eDatabase();
		try {
			return (
				db.prepare('select count(*) as n from indicator where round_id = ?').get(roundId) as {
					n: number;
				}
			).n;
		} finally {
			db.close();
		}
	};

	const asn = await apiAs(DEMO_ACCOUNTS.asn.nip);
	const before = count();
	// Empty required fields and over-long text are refused and save nothing.
	for (const bad of [
		{ ...form, name: '' },
		{ ...form, definition: 'x'.repeat(2001) },
		{ ...form, target: 'x'.repeat(121) }
	]) {
		expect((await post(asn, `/rounds/${roundId}/propose`, bad)).status()).toBe(400);
	}
	expect(count()).toBe(before);

	const created = await post(asn, `/rounds/${roundId}/propose`, form);
	expect(created.status()).toBe(303);
	const proposal = created.headers()['location'].split('?')[0];
	const facilitator = await apiAs(FACILITATOR);
	expect(
		(await post(facilitator, `${proposal}?/respond`, { response: `Tanggapan ${XSS}` })).status()
	).toBe(303);
	await asn.dispose();
	await facilitator.dispose();

	await loginAs(page, DEMO_ACCOUNTS.asn.nip);
	for (const path of [proposal, `${proposal}/history`, `/rounds/${roundId}?q=markup`]) {
		await gotoReady(page, path);
		await expect(page.locator('main')).toContainText('<script>window.__xss=1</script>');
		if (path === proposal) {
			for (const text of [`Definisi ${XSS}`, `Renstra ${XSS}`, `Adil ${XSS}`, `Tanggapan ${XSS}`])
				await expect(page.locator('main')).toContainText(text);
		}
		await expect(page.locator('main img')).toHaveCount(0);
		expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
	}
});
