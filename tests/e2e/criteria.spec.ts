import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { DEMO_ACCOUNTS, e2eDatabase, expectNoAxeViolations, loginAs, logout } from './helpers';

// The adoption and approval forms are plain form posts: prove the whole flow without JavaScript.
test.use({ javaScriptEnabled: false });
test.describe.configure({ mode: 'serial' });

/** Pages the flow visited, checked with axe afterwards (axe needs JavaScript). */
const visited = { adoption: '', set: '', provenance: '', roundId: 0, unitId: 0 };

const ROUND_TITLE = 'Indikator kinerja pelayanan Dukcapil 2027';

function fixture() {
	const db = e2eDatabase();
	try {
		const round = db.prepare('select id from round where title = ?').get(ROUND_TITLE) as {
			id: number;
		};
		const indicators = db
			.prepare('select id from indicator where round_id = ? order by id')
			.all(round.id) as { id: number }[];
		const unit = db.prepare("select id from org_unit where code = 'BTH.DUKCAPIL'").get() as {
			id: number;
		};
		return { roundId: round.id, ids: indicators.map((i) => i.id), unitId: unit.id };
	} finally {
		db.close();
	}
}

async function status(page: Page) {
	return page.locator('dl.facts .badge').first();
}

test('a facilitator drafts an adoption, a leader returns it once then approves; staff trace and export it', async ({
	page
}) => {
	test.setTimeout(120_000);
	const { roundId, ids, unitId } = fixture();
	const [first, , behaviour] = ids;

	// Facilitator drafts from the published round.
	await loginAs(page, DEMO_ACCOUNTS.facilitator.nip);
	await page.goto('/adoptions');
	await page.locator(`a[href="/adoptions/new?round=${roundId}"]`).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Susun rancangan adopsi');
	// Consensus figures are shown beside each choice; the split behaviour indicator warns.
	await expect(page.locator('.adoption-item').nth(0)).toContainText('Konsensus tercapai');
	await expect(page.locator('.adoption-item').nth(2)).toContainText('belum mencapai konsensus');

	await page.locator('input[name="position_types"][value="pelaksana"]').check();
	await page.locator(`input[name="adopt"][value="${first}"]`).check();
	await page.locator(`#weight_${first}`).fill('70');
	await page.locator(`#rhk_${first}`).fill('Terbitnya dokumen kependudukan tepat waktu');
	await page.locator(`input[name="adopt"][value="${behaviour}"]`).check();
	await page.locator(`#weight_${behaviour}`).fill('130');
	await page.getByRole('button', { name: 'Simpan rancangan' }).click();
	await expect(page.locator(`#weight_${behaviour}-error`)).toHaveText(
		'Bobot harus bilangan bulat 0 sampai 100.'
	);
	// Nothing typed is lost.
	await expect(page.locator(`#rhk_${first}`)).toHaveValue(
		'Terbitnya dokumen kependudukan tepat waktu'
	);
	await page.locator(`#weight_${behaviour}`).fill('30');
	await page.getByRole('button', { name: 'Simpan rancangan' }).click();
	await expect(page.locator(`#justification_${behaviour}-error`)).toContainText('alasan');
	await page
		.locator(`#justification_${behaviour}`)
		.fill('Perilaku melayani diminta oleh masyarakat.');
	await page.getByRole('button', { name: 'Simpan rancangan' }).click();
	await expect(page).toHaveURL(/\/adoptions\/\d+\?saved=1/);
	const adoptionUrl = new URL(page.url()).pathname;
	visited.adoption = adoptionUrl;
	visited.roundId = roundId;
	visited.unitId = unitId;
	await page.getByRole('button', { name: 'Ajukan untuk persetujuan' }).click();
	await expect(await status(page)).toHaveText('Menunggu persetujuan');
	await logout(page);

	// A leader returns it with comments.
	await loginAs(page, DEMO_ACCOUNTS.leader.nip);
	await page.goto(adoptionUrl);
	await page.getByRole('button', { name: 'Kembalikan dengan catatan' }).click();
	await expect(page.locator('#return-comment-error')).toBeVisible();
	await page
		.getByLabel('Catatan untuk fasilitator')
		.fill('Bobot hasil kerja dinaikkan menjadi 80.');
	await page.getByRole('button', { name: 'Kembalikan dengan catatan' }).click();
	await expect(await status(page)).toHaveText('Dikembalikan');
	await logout(page);

	// The facilitator revises and resubmits.
	await loginAs(page, DEMO_ACCOUNTS.facilitator.nip);
	await page.goto(`${adoptionUrl}/edit`);
	await expect(page.getByText('Bobot hasil kerja dinaikkan menjadi 80.')).toBeVisible();
	await page.locator(`#weight_${first}`).fill('80');
	await page.locator(`#weight_${behaviour}`).fill('20');
	await page.getByRole('button', { name: 'Simpan rancangan' }).click();
	await page.getByRole('button', { name: 'Ajukan untuk persetujuan' }).click();
	await expect(await status(page)).toHaveText('Menunggu persetujuan');
	await logout(page);

	// The leader approves: the criteria are published and the round is adopted.
	await loginAs(page, DEMO_ACCOUNTS.leader.nip);
	await page.goto(adoptionUrl);
	await page.getByRole('button', { name: 'Setujui dan terbitkan' }).click();
	await expect(await status(page)).toHaveText('Disetujui');
	await expect(page.getByText(DEMO_ACCOUNTS.leader.fullName).first()).toBeVisible();
	await logout(page);
	const db = e2eDatabase();
	expect(
		(db.prepare('select phase from round where id = ?').get(roundId) as { phase: string }).phase
	).toBe('adopted');
	db.close();

	// An ASN of Dukcapil finds the criterion and opens its provenance.
	await loginAs(page, DEMO_ACCOUNTS.asn.nip);
	await page.goto(`/criteria?unit=${unitId}&on=2027-06-01`);
	await page
		.getByRole('link', { name: /BTH\.DUKCAPIL — / })
		.first()
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Kriteria');
	visited.set = new URL(page.url()).pathname;
	await page.getByRole('link', { name: /Asal-usul “Persentase dokumen/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Persentase dokumen kependudukan terbit tepat waktu'
	);
	visited.provenance = new URL(page.url()).pathname;
	await expect(page.getByText('Komentar ini disembunyikan oleh moderator.')).toBeVisible();
	await expect(page.getByText('menyerang pribadi')).toHaveCount(0);
	await expect(page.getByText('Versi 2')).toBeVisible();
	await expect(page.locator('section[aria-labelledby="h-adoption"]')).toContainText(
		DEMO_ACCOUNTS.leader.fullName
	);

	// The printable document and the XLSX export hold the adopted rows.
	await page.goto(`/criteria/print?unit=${unitId}&on=2027-06-01`);
	await expect(page.locator('tbody tr')).toHaveCount(2);
	const response = await page.request.get(`/criteria/export/xlsx?unit=${unitId}&on=2027-06-01`);
	expect(response.status()).toBe(200);
	const book = new ExcelJS.Workbook();
	await book.xlsx.load((await response.body()) as unknown as ArrayBuffer);
	const sheet = book.getWorksheet('Kriteria SKP')!;
	const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
	const header = rows[0];
	const col = (name: string) => header.indexOf(name);
	expect(rows).toHaveLength(3);
	const data = rows.slice(1);
	expect(data.map((r) => r[col('Jenis Jabatan')])).toEqual(['pelaksana', 'pelaksana']);
	expect(data.map((r) => r[col('Bobot')]).sort()).toEqual([20, 80]);
	expect(data.map((r) => r[col('Indikator Kinerja Individu')])).toContain(
		'Persentase dokumen kependudukan terbit tepat waktu'
	);
	expect(
		data.find((r) => r[col('Jenis (Hasil Kerja/Perilaku Kerja)')] === 'perilaku_kerja')![
			col('Nilai BerAKHLAK')
		]
	).toBe('berorientasi_pelayanan');
});

test('every page of the flow has no axe violations', async ({ browser, page: noJsPage }) => {
	test.setTimeout(300_000);
	expect(visited.adoption, 'runs after the flow').not.toBe('');
	const pagesOf: [string, string[]][] = [
		[
			DEMO_ACCOUNTS.facilitator.nip,
			[
				'/adoptions',
				`/adoptions/new?round=${visited.roundId}`,
				visited.adoption,
				`${visited.adoption}/edit`
			]
		],
		[DEMO_ACCOUNTS.leader.nip, [visited.adoption]],
		[
			DEMO_ACCOUNTS.asn.nip,
			[
				`/criteria?unit=${visited.unitId}&on=2027-06-01`,
				visited.set,
				visited.provenance,
				`/criteria/print?unit=${visited.unitId}&on=2027-06-01`
			]
		]
	];
	for (const [nip, urls] of pagesOf) {
		// Log in without JavaScript (no race with hydration on a loaded machine), then check with it.
		await loginAs(noJsPage, nip);
		const context = await browser.newContext({
			javaScriptEnabled: true,
			storageState: await noJsPage.context().storageState()
		});
		await noJsPage.context().clearCookies();
		const page = await context.newPage();
		for (const url of urls) {
			const started = Date.now();
			await page.goto(url);
			await expectNoAxeViolations(page);
			console.log(`axe ${url}: ${Date.now() - started} ms`);
		}
		await context.close();
	}
});
