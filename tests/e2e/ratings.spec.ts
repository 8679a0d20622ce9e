import { expect, test, type Browser, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import {
	apiAs,
	BASE_URL,
	DEMO_ACCOUNTS,
	DEMO_ASN,
	e2eDatabase,
	expectNoAxeViolations,
	loginAs,
	logout
} from './helpers';
import { DEFAULT_CONSENSUS_RULE, DEFAULT_CRITERIA } from '../../src/lib/rounds/criteria';

// The core flow works without JavaScript: plain form posts and redirects.
test.use({ javaScriptEnabled: false });
test.describe.configure({ mode: 'serial' });

const dukcapil = DEMO_ASN.filter((a) => a.unitCode.startsWith('BTH.DUKCAPIL')).slice(0, 6);
const dpmptsp = DEMO_ASN.filter((a) => a.unitCode.startsWith('BTH.DPMPTSP')).slice(0, 2);
const raters = [...dukcapil, ...dpmptsp];
const onlooker = DEMO_ASN.filter((a) => a.unitCode.startsWith('BTH.DUKCAPIL'))[6];
let roundId = 0;
let indicatorIds: number[] = [];
let dpmptspId = 0;

/** A round in `rating` with two shortlisted indicators, for DUKCAPIL and DPMPTSP staff. */
test.beforeAll(() => {
	const db = e2eDatabase();
	try {
		const unit = (code: string) =>
			(db.prepare('select id from org_unit where code = ?').get(code) as { id: number }).id;
		const facilitator = db
			.prepare('select id, org_unit_id from person where nip = ?')
			.get(DEMO_ACCOUNTS.facilitator.nip) as { id: number; org_unit_id: number };
		const now = new Date().toISOString();
		dpmptspId = unit('BTH.DPMPTSP');
		const scope = {
			units: [
				{ id: unit('BTH.DUKCAPIL'), descendants: true },
				{ id: unit('BTH.DPMPTSP'), descendants: true }
			],
			positionTypes: []
		};
		roundId = Number(
			db
				.prepare(
					`insert into round (title, purpose, phase, scope_json, criteria_json, consensus_rule_json,
					 min_group_size, delphi_iteration, min_smart_score, phase_changed_at, created_by, created_at, updated_at)
					 values (?, ?, 'rating', ?, ?, ?, 5, 0, 0, ?, ?, ?, ?)`
				)
				.run(
					'E2E penilaian layanan',
					'Uji ujung ke ujung',
					JSON.stringify(scope),
					JSON.stringify(DEFAULT_CRITERIA),
					// One Delphi iteration at most: the manage page must then stop offering another.
					JSON.stringify({ ...DEFAULT_CONSENSUS_RULE, maxDelphiIterations: 1 }),
					now,
					facilitator.id,
					now,
					now
				).lastInsertRowid
		);
		indicatorIds = ['E2E Waktu terbit KTP-el', 'E2E Jumlah rapat koordinasi'].map((name, i) =>
			Number(
				db
					.prepare(
						`insert into indicator (round_id, author_id, org_unit_id, status, name, definition, formula,
						 unit_of_measure, target, baseline, data_source, frequency, perspective, aspect, kind,
						 unit_goal, fairness_rationale, smart_score, search_text, client_token, created_at, updated_at)
						 values (?, ?, ?, 'shortlisted', ?, 'Definisi uji', 'a / b', 'persen', '90', '70', 'SIAK',
						 'monthly', 'stakeholder', 'quality', 'output', 'Layanan cepat', 'Adil', 5, ?, ?, ?, ?)`
					)
					.run(
						roundId,
						facilitator.id,
						facilitator.org_unit_id,
						name,
						name.toLowerCase(),
						`e2e-${i}`,
						now,
						now
					).lastInsertRowid
			)
		);
		// Version 1 of each, as the rounds UI writes it, so the history link has a target.
		for (const id of indicatorIds) {
			db.prepare(
				`insert into indicator_revision (indicator_id, version, editor_id, reason, snapshot_json, created_at)
				 select id, 1, author_id, '', json_object('name', name, 'definition', definition), created_at
				 from indicator where id = ?`
			).run(id);
		}
		// A discussion on the first indicator: two in support, one concern, and one concern the
		// facilitator hid (never shown, never counted), plus the official response.
		const comment = db.prepare(
			`insert into comment (indicator_id, round_id, author_id, parent_id, depth, stance, body,
			 hidden_at, hidden_by, hidden_reason, client_token, created_at)
			 values (?, ?, ?, null, 0, ?, ?, ?, ?, ?, ?, ?)`
		);
		const stances = [
			['support', 'Waktu terbit memang yang dikeluhkan warga.', false],
			['support', 'Setuju, datanya ada di SIAK.', false],
			['concern', 'Bergantung pada jaringan pusat.', false],
			['concern', 'KOMENTAR TERSEMBUNYI yang menyerang pribadi', true]
		] as const;
		for (const [i, [stance, body, hidden]] of stances.entries()) {
			comment.run(
				indicatorIds[0],
				roundId,
				facilitator.id,
				stance,
				body,
				hidden ? now : null,
				hidden ? facilitator.id : null,
				hidden ? 'Menyerang pribadi' : null,
				`e2e-comment-${i}`,
				now
			);
		}
		db.prepare('update indicator set official_response = ?, comment_count = 4 where id = ?').run(
			'Target disesuaikan dengan gangguan jaringan yang tercatat.',
			indicatorIds[0]
		);
	} finally {
		db.close();
	}
});

/**
 * Axe needs JavaScript in the page, and these tests run without it: check the same URL as the
 * same person in a second, JavaScript-enabled context.
 */
async function axeAs(
	browser: Browser,
	nip: string,
	url: string,
	before?: (p: Page) => Promise<void>,
	after?: (p: Page) => Promise<void>
) {
	const context = await browser.newContext({ javaScriptEnabled: true });
	const page = await context.newPage();
	try {
		await loginAs(page, nip);
		await page.goto(url);
		if (before) await before(page);
		await expectNoAxeViolations(page);
		if (after) await after(page);
	} finally {
		await context.close();
	}
}

/** Rates the indicator on the current page: the same choice for every criterion. */
async function rateAll(page: Page, choice: string) {
	for (const c of DEFAULT_CRITERIA) {
		await page.locator(`input[name="c_${c.key}"][value="${choice}"]`).check();
	}
}

test('eight ASN rate the shortlist in secret, on the phone-sized page', async ({
	page,
	browser
}) => {
	test.setTimeout(240_000);
	await page.setViewportSize({ width: 390, height: 844 });
	for (const [i, person] of raters.entries()) {
		await loginAs(page, person.nip);
		await page.goto(`/ratings/${roundId}`);
		await expect(page.getByText('0 dari 2 indikator sudah dinilai')).toBeVisible();
		if (i === 0) await axeAs(browser, person.nip, `/ratings/${roundId}`);
		await page.getByRole('link', { name: 'Lanjutkan menilai' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('E2E Waktu terbit KTP-el');
		if (i === 0) {
			// The full definition, the revision history and what the discussion said.
			const summary = page.getByRole('region', { name: 'Ringkasan diskusi' });
			await expect(summary).toContainText('3 komentar');
			await expect(summary).toContainText('Mendukung: 2');
			await expect(summary).toContainText('Netral: 0');
			await expect(summary).toContainText('Ada keberatan: 1');
			await expect(summary).toContainText('Target disesuaikan dengan gangguan jaringan');
			await expect(page.locator('main')).not.toContainText('KOMENTAR TERSEMBUNYI');
			await expect(page.getByText('Satuan ukur')).toBeVisible();
			const discussion = page.getByRole('link', { name: 'Baca diskusi lengkap' });
			await expect(discussion).toHaveAttribute(
				'href',
				`/rounds/${roundId}/proposals/${indicatorIds[0]}#discussion-h`
			);
			await page.getByRole('link', { name: 'Riwayat revisi (versi 1)' }).click();
			await expect(page).toHaveURL(`/rounds/${roundId}/proposals/${indicatorIds[0]}/history`);
			await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
			await page.goBack();
			await discussion.click();
			await expect(page.getByRole('heading', { name: /^Diskusi \(/ })).toBeVisible();
			await expect(page.locator('main')).not.toContainText('KOMENTAR TERSEMBUNYI');
			await page.goBack();
			// The same page in English, with JavaScript, has no accessibility violations. Someone
			// in scope who does not rate here switches language, so the raters keep Indonesian.
			await axeAs(
				browser,
				onlooker.nip,
				`/ratings/${roundId}/${indicatorIds[0]}`,
				async (p) => {
					await p.getByRole('button', { name: 'EN', exact: true }).click();
					await expect(p.locator('html')).toHaveAttribute('lang', 'en');
					const en = p.getByRole('region', { name: 'Discussion summary' });
					await expect(en).toContainText('Supports: 2');
					await expect(en).toContainText('Has concerns: 1');
					await expect(p.getByRole('link', { name: 'Revision history (version 1)' })).toBeVisible();
				},
				async (p) => {
					// The choice is kept on the account: give the onlooker Indonesian back for other specs.
					await p.getByRole('button', { name: 'ID', exact: true }).click();
					await expect(p.locator('html')).toHaveAttribute('lang', 'id');
				}
			);
			// A form with a criterion left out is refused with a message, nothing saved.
			await page.locator('input[name="c_relevance"][value="5"]').check();
			await page.getByRole('button', { name: 'Simpan penilaian' }).click();
			await expect(page.locator('#e-measurability')).toHaveText(
				'Pilih nilai 1–5 atau "Tidak dapat menilai".'
			);
			await axeAs(browser, person.nip, page.url(), async (p) => {
				await p.getByRole('button', { name: 'Simpan penilaian' }).click();
				await expect(p.locator('#e-relevance')).toBeVisible();
			});
		}
		// Indicator 1: everyone agrees (the two DPMPTSP staff a little less strongly).
		await rateAll(page, i < 6 ? '5' : '4');
		await page.getByRole('button', { name: 'Simpan penilaian' }).click();
		await expect(page.getByRole('status')).toHaveText('Penilaian tersimpan.');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('E2E Jumlah rapat koordinasi');
		// Indicator 2: split down the middle.
		await rateAll(page, i % 2 === 0 ? '5' : '2');
		await page.getByRole('button', { name: 'Simpan penilaian' }).click();
		await expect(page.getByText('2 dari 2 indikator sudah dinilai')).toBeVisible();
		await logout(page);
	}
});

test('a double submission stores one ballot; forged forms change nothing', async () => {
	const api = await apiAs(raters[0].nip);
	const form = (over: Record<string, string> = {}) => ({
		iteration: '0',
		...Object.fromEntries(DEFAULT_CRITERIA.map((c) => [`c_${c.key}`, '5'])),
		...over
	});
	const post = (f: Record<string, string>) =>
		api.post(`/ratings/${roundId}/${indicatorIds[0]}?/rate`, {
			form: f,
			headers: { origin: BASE_URL, accept: 'text/html' },
			maxRedirects: 0
		});
	const ballots = () => {
		const db = e2eDatabase();
		try {
			return db
				.prepare(
					`select count(*) as n, sum(score) as total from rating_ballot
					 where round_id = ? and indicator_id = ? and iteration = 0`
				)
				.get(roundId, indicatorIds[0]) as { n: number; total: number };
		} finally {
			db.close();
		}
	};
	const before = ballots();
	expect(before.n).toBe(raters.length * DEFAULT_CRITERIA.length);
	// The same rating sent twice at once (a double tap): both accepted, one ballot kept.
	const [a, b] = await Promise.all([post(form()), post(form())]);
	expect([a.status(), b.status()]).toEqual([303, 303]);
	expect(ballots()).toEqual(before);
	// A score outside 1–5, a missing criterion, a form from another iteration: refused.
	expect((await post(form({ c_relevance: '9' }))).status()).toBe(400);
	expect((await post({ iteration: '0', c_relevance: '1' })).status()).toBe(400);
	const stale = await post(form({ iteration: '1', c_relevance: '1' }));
	expect(stale.status()).toBe(409);
	expect(await stale.text()).toContain('Formulir ini sudah kedaluwarsa');
	expect(ballots()).toEqual(before);
	await api.dispose();
});

test('the facilitator sees counts only, opens a Delphi iteration, a rating changes, then closes', async ({
	page,
	browser
}) => {
	test.setTimeout(240_000);
	await loginAs(page, DEMO_ACCOUNTS.facilitator.nip);
	// Results are closed to everyone while rating runs.
	await page.goto(`/ratings/${roundId}/results`);
	await expect(page.getByRole('status')).toContainText('Hasil baru dapat dilihat');
	await page.goto(`/ratings/${roundId}/manage`);
	// While rating runs the count is a band at least max(10, k) wide (8 of 130 → "0–9"), so
	// no ballot moves it by one.
	await expect(page.getByRole('row', { name: /Penilaian awal/ })).toContainText('0–9');
	await expect(page.locator('main')).not.toContainText(raters[0].fullName);
	await axeAs(browser, DEMO_ACCOUNTS.facilitator.nip, page.url());
	await page.getByRole('button', { name: 'Buka penilaian ulang Delphi' }).click();
	await expect(page.getByRole('status')).toHaveText('Penilaian ulang Delphi dibuka.');
	await logout(page);

	// Three of the eight revisit the split indicator; one of them changes their mind. The other
	// five do not come back: they keep their previous rating (Delphi carry-forward).
	for (const [i, person] of raters.slice(0, 3).entries()) {
		await loginAs(page, person.nip);
		await page.goto(`/ratings/${roundId}`);
		await expect(page.getByText('0 dari 1 indikator sudah dinilai')).toBeVisible();
		await page.getByRole('link', { name: 'Lanjutkan menilai' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('E2E Jumlah rapat koordinasi');
		// Their previous rating is shown and pre-selected beside the group's median and IQR.
		const expected = i % 2 === 0 ? '5' : '2';
		await expect(page.locator(`input[name="c_relevance"][value="${expected}"]`)).toBeChecked();
		await expect(page.getByRole('row', { name: /Relevansi/ })).toContainText(expected);
		if (i === 0) await axeAs(browser, person.nip, page.url());
		if (i === 1) {
			await rateAll(page, '4');
			await page.getByLabel('Alasan (opsional)').fill('Setelah membaca alasan lain, saya setuju.');
		}
		await page.getByRole('button', { name: 'Simpan (pertahankan atau ubah)' }).click();
		await expect(page.getByText('1 dari 1 indikator sudah dinilai')).toBeVisible();
		await logout(page);
	}

	await loginAs(page, DEMO_ACCOUNTS.facilitator.nip);
	await page.goto(`/ratings/${roundId}/manage`);
	// Before closing: 3 compared is below k = 5, so no figure of how much moved; re-rating
	// progress is coarse (panel of 8 → "at least 5"; 3 re-rated → "fewer than 5").
	const moved = page.locator('#stability-table').getByRole('row', {
		name: /E2E Jumlah rapat koordinasi/
	});
	// While the iteration is open no per-indicator figure moves with a ballot (disclosure rule).
	await expect(moved).toContainText('setelah ditutup');
	await expect(page.locator('#rerating-progress')).toContainText('sedikitnya 5');
	await expect(page.locator('#rerating-progress')).toContainText('kurang dari 5');
	await expect(page.getByRole('note')).toContainText('tetap memakai penilaian sebelumnya');
	await expect(page.locator('#stability-table')).not.toContainText('Median');
	await expect(page.getByRole('columnheader', { name: /Median|antarkuartil/ })).toHaveCount(0);
	// The round allows one re-rating: no second one is offered.
	await expect(page.getByText('Batas 1 putaran ulang telah tercapai')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Buka penilaian ulang Delphi' })).toHaveCount(0);
	await axeAs(browser, DEMO_ACCOUNTS.facilitator.nip, page.url());
	await page.getByRole('button', { name: 'Tutup penilaian' }).click();
	await expect(page).toHaveURL(`/ratings/${roundId}/results`);
	await logout(page);
});

test('results show the decision per indicator, suppress the small group, and export', async ({
	page,
	browser
}) => {
	await loginAs(page, DEMO_ACCOUNTS.leader.nip);
	await page.goto(`/ratings/${roundId}/results`);
	await axeAs(browser, DEMO_ACCOUNTS.leader.nip, page.url());
	const first = page.getByRole('row', { name: /E2E Waktu terbit KTP-el/ });
	await expect(first).toContainText('Konsensus tercapai');
	await expect(first).toContainText('8');
	const second = page.getByRole('row', { name: /E2E Jumlah rapat koordinasi/ });
	await expect(second).toContainText('Belum konsensus');
	await expect(second).toContainText('Terbelah');

	// The group filter offers only groups shown somewhere: neither OPD is (see below).
	const offered = await page.locator('select#g option').allTextContents();
	expect(offered.join('|')).not.toMatch(/Penanaman Modal|Kependudukan/);
	// A forged filter for the suppressed group shows no figures, only the suppression note.
	await page.goto(`/ratings/${roundId}/results?g=opd:${dpmptspId}`);
	await expect(page.getByRole('row', { name: /E2E Waktu terbit KTP-el/ })).toContainText(
		'kurang dari 5'
	);
	await page.goto(`/ratings/${roundId}/results`);

	// Printed, the page is the report alone: no header, filters or export buttons.
	await page.emulateMedia({ media: 'print' });
	await expect(page.locator('.site-header')).toBeHidden();
	await expect(page.locator('form.filters')).toBeHidden();
	await expect(page.getByRole('table').first()).toBeVisible();
	await page.emulateMedia({ media: 'screen' });

	// DPMPTSP has 2 raters (< 5): hidden, and DUKCAPIL with it, or it would follow by subtraction.
	// Neither is listed, not even by name: a row saying "too small" would say they took part.
	await page.getByRole('link', { name: 'E2E Waktu terbit KTP-el' }).click();
	await expect(page.getByText('Hanya kelompok yang aman ditampilkan')).toBeVisible();
	await expect(page.getByRole('row', { name: /DPMPTSP|Penanaman Modal/ })).toHaveCount(0);
	await expect(page.getByRole('row', { name: /Kependudukan/ })).toHaveCount(0);
	// With JavaScript the chart is drawn; it must not add violations either.
	await axeAs(browser, DEMO_ACCOUNTS.leader.nip, page.url(), async (p) => {
		await expect(p.locator('canvas')).toBeVisible();
	});

	// The split indicator shows both iterations and how much changed: 1 of the panel of 8, as
	// the 5 who did not re-rate were carried forward with their previous rating.
	await page.goto(`/ratings/${roundId}/results/${indicatorIds[1]}`);
	const history = page.locator('#history-table');
	await expect(history).toContainText('Delphi 1');
	const delphiRow = history.getByRole('row', { name: /Delphi 1/ }).first();
	await expect(delphiRow).toContainText('12,5 %');
	await expect(delphiRow).toContainText('8 (5 dibawa dari iterasi sebelumnya)');
	await expect(page.locator('#carried-note')).toContainText('5 orang tidak menilai ulang');

	// Exports: aggregates that open in a spreadsheet.
	const csv = await page.request.get(`/ratings/${roundId}/export/csv`);
	expect(csv.status()).toBe(200);
	const text = await csv.text();
	expect(text).toContain('E2E Waktu terbit KTP-el');
	expect(text).not.toMatch(/[0-9a-f]{64}/);
	for (const r of raters) expect(text).not.toContain(r.nip);
	const xlsx = await page.request.get(`/ratings/${roundId}/export/xlsx`);
	expect(xlsx.status()).toBe(200);
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(Buffer.from(await xlsx.body()) as unknown as ArrayBuffer);
	const ws = wb.getWorksheet('results')!;
	const header = ws.getRow(1).values as unknown[];
	expect(header).toContain('decision');
	const names = new Set<string>();
	ws.eachRow((row, n) => {
		if (n > 1) names.add(String(row.getCell(3).value));
	});
	expect([...names]).toEqual(
		expect.arrayContaining(['E2E Waktu terbit KTP-el', 'E2E Jumlah rapat koordinasi'])
	);
	await logout(page);
});

test('participants cannot see results before they are published, nor rate after the close', async ({
	page
}) => {
	await loginAs(page, raters[0].nip);
	await page.goto(`/ratings/${roundId}/results`);
	await expect(page.getByRole('status')).toContainText('Hasil baru dapat dilihat');
	const r = await page.request.get(`/ratings/${roundId}/export/csv`);
	expect(r.status()).toBe(409);
	const rate = await page.goto(`/ratings/${roundId}`);
	expect(rate?.status()).toBe(409);
});
