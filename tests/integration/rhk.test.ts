import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import {
	applyRhkBatch,
	createRhk,
	createRhkBatch,
	deleteRhk,
	getRhkBatch,
	listRhks,
	previewRhkBatch,
	reopenRhk,
	retireRhk,
	RhkRefusal
} from '$lib/server/rhk';
import { describeRhkProblem } from '$lib/server/rhk/messages';
import { createRound } from '$lib/server/rounds';
import { transitionRound } from '$lib/server/rounds/phase';
import { createProposal, listProposals } from '$lib/server/proposals';
import { citeRhk, citableRhks, setRoundRhkBasis } from '$lib/server/rhk/citation';
import { getRound } from '$lib/server/rounds/phase';
import { RuleError } from '$lib/server/rounds/errors';
import { proposalFieldsSchema } from '$lib/validation/proposal';
import { baseLocale, overwriteGetLocale } from '$lib/paraglide/runtime';

let t: TestDb;
let admin: { id: number; roles: string[] };
let asn: { id: number; roles: string[] };
const code = `RHKU${Date.now() % 100000}`;
let unitId: number;

beforeAll(async () => {
	t = await createTestDb();
	const root = await makeUnit(t.db, { code: `${code}`, kind: 'pemda' });
	unitId = await makeUnit(t.db, { code: `${code}.DUK`, parentId: root });
	await makeUnit(t.db, { code: `${code}.DPM`, parentId: root });
	const a = await makePerson(t.db, { unitId: root, roles: ['asn', 'admin', 'facilitator'] });
	admin = { id: a.id, roles: ['asn', 'admin', 'facilitator'] };
	const p = await makePerson(t.db, { unitId });
	asn = { id: p.id, roles: ['asn'] };
});
afterAll(() => t.destroy());
afterEach(() => overwriteGetLocale(() => baseLocale));

const csv = (lines: string[]) =>
	new TextEncoder().encode(['Kode Unit;Mulai;Selesai;Nomor;RHK', ...lines].join('\r\n') + '\r\n');

async function upload(bytes: Uint8Array, fileName = 'rhk.csv') {
	const batchId = await createRhkBatch(t.db, { actorId: admin.id, fileName, bytes });
	const batch = (await getRhkBatch(t.db, batchId))!;
	return { batchId, batch, plan: await previewRhkBatch(t.db, batch) };
}

const countRhk = async () =>
	Number(
		(
			await t.db
				.selectFrom('head_rhk')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);

describe('importing a head’s RHK list', () => {
	it('previews, then writes every row with an audit entry each', async () => {
		const { batchId, plan } = await upload(
			csv([
				`${code}.DUK;2026-01-01;2026-12-31;1;Meningkatnya cakupan kepemilikan KTP-el`,
				`${code.toLowerCase()}.duk;01/01/2026;31/12/2026;2;Meningkatnya akta kelahiran terbit tepat waktu`,
				`${code}.DPM;2026-01-01;2026-12-31;;Meningkatnya kepuasan pemohon izin`
			])
		);
		expect(plan.problems).toEqual([]);
		expect(plan.rows).toHaveLength(3);
		expect(await countRhk()).toBe(0);
		const r = await applyRhkBatch(t.db, { batchId, actorId: admin.id });
		expect(r).toEqual({ ok: true, created: 3 });
		const list = await listRhks(t.db, { unitIds: [unitId] });
		expect(list.map((x) => [x.code, x.periodStart, x.periodEnd])).toEqual([
			['1', '2026-01-01', '2026-12-31'],
			['2', '2026-01-01', '2026-12-31']
		]);
		const audits = await t.db
			.selectFrom('audit_log')
			.select(['action', 'object_id', 'after_json'])
			.where('action', '=', 'rhk.import')
			.execute();
		expect(audits).toHaveLength(3);
		expect(JSON.parse(audits[0].after_json!).importBatch).toBe(batchId);
		// The same batch cannot be applied twice.
		expect(await applyRhkBatch(t.db, { batchId, actorId: admin.id })).toEqual({
			ok: false,
			code: 'not_pending'
		});
	});

	it('names every bad row in the reader’s language and writes nothing', async () => {
		const before = await countRhk();
		const { batchId, plan } = await upload(
			csv([
				`${code}.NOPE;2027-01-01;2027-12-31;1;Meningkatnya sesuatu`,
				`${code}.DUK;2027-01-01;2027-12-31;1;Meningkatnya layanan jemput bola`,
				`${code}.DUK;2027-01-01;2027-12-31;2;meningkatnya   LAYANAN jemput bola`,
				`${code}.DUK;2026-01-01;2026-12-31;3;Meningkatnya cakupan kepemilikan KTP-el`,
				`${code}.DUK;2026-07-01;2027-06-30;4;Meningkatnya sesuatu yang lain`,
				`${code}.DUK;2027-01-01;2027-12-31;5;`,
				`${code}.DPM;2027-02-30;2027-12-31;1;Meningkatnya investasi`,
				`${code}.DPM;2027-01-01;2027-06-30;1;Meningkatnya investasi daerah`,
				`${code}.DPM;2027-03-01;2027-12-31;2;Meningkatnya investasi PMDN`
			])
		);
		const byRow = (row: number) => plan.problems.filter((p) => p.row === row).map((p) => p.code);
		expect(byRow(2)).toEqual(['unit_unknown']);
		expect(byRow(3)).toEqual([]);
		expect(byRow(4)).toEqual(['duplicate']);
		expect(byRow(5)).toEqual(['duplicate_existing']);
		expect(byRow(6)).toEqual(['period_overlap']);
		expect(byRow(7)).toEqual(['required']);
		expect(byRow(8)).toEqual(['date']);
		expect(byRow(10)).toEqual(['period_overlap_row']);
		expect(plan.invalidRows).toBe(7);

		const id = plan.problems.map(describeRhkProblem);
		expect(id.find((p) => p.row === 2)).toEqual({
			row: 2,
			field: 'Kode Unit',
			reason: `kode unit “${code}.NOPE” tidak ada`
		});
		expect(id.find((p) => p.row === 7)!.reason).toBe('wajib diisi');
		overwriteGetLocale(() => 'en');
		const en = plan.problems.map(describeRhkProblem);
		expect(en.find((p) => p.row === 4)!.reason).toBe(
			'the same RHK for this unit and period is also in row 3'
		);
		expect(en.find((p) => p.row === 6)!.reason).toContain('2026-01-01 to 2026-12-31');

		const r = await applyRhkBatch(t.db, { batchId, actorId: admin.id });
		expect(r.ok).toBe(false);
		expect(r.ok === false && r.code).toBe('row_errors');
		expect(await countRhk()).toBe(before);
		expect((await getRhkBatch(t.db, batchId))!.status).toBe('previewed');
	});

	it('reads XLSX sheets with real date cells and a title above the header', async () => {
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('PK 2027');
		ws.addRow(['Perjanjian Kinerja Kepala Dinas 2027']);
		ws.addRow(['Kode Unit', 'Mulai', 'Selesai', 'Nomor', 'Rencana Hasil Kerja']);
		ws.addRow([
			`${code}.DUK`,
			new Date(Date.UTC(2027, 0, 1)),
			new Date(Date.UTC(2027, 11, 31)),
			1,
			'Meningkatnya cakupan KIA'
		]);
		const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
		const { plan } = await upload(bytes, 'pk.xlsx');
		expect(plan.problems).toEqual([]);
		expect(plan.rows[0]).toMatchObject({
			row: 3,
			periodStart: '2027-01-01',
			periodEnd: '2027-12-31',
			code: '1',
			text: 'Meningkatnya cakupan KIA'
		});
	});

	it('refuses a file without the RHK column, naming it', async () => {
		const { plan, batch } = await upload(
			new TextEncoder().encode('Kode Unit;Mulai;Selesai\nX;1;2\n')
		);
		expect(batch.fileErrors).toEqual([{ code: 'missing_columns', params: { columns: 'RHK' } }]);
		expect(plan.rows).toEqual([]);
	});
});

describe('one RHK on the page, retiring and deleting', () => {
	it('applies the same checks as a file row', async () => {
		const dup = await createRhk(t.db, {
			actorId: admin.id,
			rhk: {
				unitCode: `${code}.DUK`,
				periodStart: '2026-01-01',
				periodEnd: '2026-12-31',
				code: '',
				text: 'Meningkatnya cakupan kepemilikan KTP-el'
			}
		});
		expect(dup.ok === false && dup.problems.map((p) => p.code)).toEqual(['duplicate_existing']);
		const ok = await createRhk(t.db, {
			actorId: admin.id,
			rhk: {
				unitCode: `${code}.DUK`,
				periodStart: '2026-01-01',
				periodEnd: '2026-12-31',
				code: '9',
				text: 'Meningkatnya pemanfaatan data kependudukan'
			}
		});
		expect(ok.ok).toBe(true);
	});

	it('refuses to delete an RHK a proposal cites; retiring keeps it and its citation', async () => {
		const [rhk] = await listRhks(t.db, { unitIds: [unitId] });
		const roundId = await createRound(t.db, admin, {
			title: 'Putaran RHK',
			purpose: 'Uji',
			scope: { units: [{ id: unitId, descendants: true }], positionTypes: [] }
		});
		await transitionRound(t.db, roundId, 'proposing', admin.id);
		const created = await createProposal(
			t.db,
			asn,
			roundId,
			proposalFieldsSchema.parse({
				name: 'Persentase KTP-el terbit dalam satu hari kerja',
				definition: 'Bagian permohonan KTP-el yang terbit paling lambat satu hari kerja.',
				formula: 'Terbit ≤ 1 hari / seluruh permohonan × 100%',
				unit_of_measure: 'persen',
				target: '95%',
				baseline: '80%',
				data_source: 'SIAK',
				frequency: 'bulanan',
				perspective: 'penerima_layanan',
				aspect: 'waktu',
				kind: 'hasil_kerja',
				berakhlak_value: '',
				unit_goal: 'Renstra',
				fairness_rationale: 'Antrean dibagi rata.'
			}),
			{ clientToken: `rhk-${Date.now()}-abcdefgh`, confirmUnique: true }
		);
		const indicatorId = (created as { id: number }).id;
		await t.db
			.updateTable('indicator')
			.set({ head_rhk_id: rhk.id, cascading: 'direct' })
			.where('id', '=', indicatorId)
			.execute();

		await expect(deleteRhk(t.db, { id: rhk.id, actorId: admin.id })).rejects.toEqual(
			new RhkRefusal('cited')
		);
		await retireRhk(t.db, { id: rhk.id, actorId: admin.id });
		expect((await listRhks(t.db, { unitIds: [unitId] })).map((r) => r.id)).not.toContain(rhk.id);
		const kept = (await listRhks(t.db, { unitIds: [unitId], includeRetired: true })).find(
			(r) => r.id === rhk.id
		)!;
		expect(kept.retiredAt).not.toBeNull();
		expect(kept.citedBy).toBe(1);
		await expect(retireRhk(t.db, { id: rhk.id, actorId: admin.id })).rejects.toEqual(
			new RhkRefusal('retired')
		);
		await reopenRhk(t.db, { id: rhk.id, actorId: admin.id });

		const free = (await listRhks(t.db, { unitIds: [unitId] })).find((r) => r.citedBy === 0)!;
		await deleteRhk(t.db, { id: free.id, actorId: admin.id });
		const actions = await t.db
			.selectFrom('audit_log')
			.select(['action', 'before_json'])
			.where('object_type', '=', 'head_rhk')
			.where('object_id', 'in', [String(rhk.id), String(free.id)])
			.orderBy('id')
			.execute();
		expect(actions.map((a) => a.action)).toEqual(
			expect.arrayContaining(['rhk.retire', 'rhk.reopen', 'rhk.delete'])
		);
		expect(JSON.parse(actions.find((a) => a.action === 'rhk.delete')!.before_json!).text).toBe(
			free.text
		);
	});
});

describe('a round based on the heads’ RHKs', () => {
	let n = 0;
	const fields = (name: string) =>
		proposalFieldsSchema.parse({
			name,
			definition: 'Bagian permohonan yang selesai paling lambat satu hari kerja.',
			formula: 'Selesai ≤ 1 hari / seluruh permohonan × 100%',
			unit_of_measure: 'persen',
			target: '95%',
			baseline: '80%',
			data_source: 'SIAK',
			frequency: 'bulanan',
			perspective: 'penerima_layanan',
			aspect: 'waktu',
			kind: 'hasil_kerja',
			berakhlak_value: '',
			unit_goal: 'Renstra',
			fairness_rationale: 'Antrean dibagi rata.'
		});
	const propose = (
		roundId: number,
		name: string,
		citation?: Parameters<typeof createProposal>[4]['citation']
	) =>
		createProposal(t.db, asn, roundId, fields(name), {
			clientToken: `cite-${Date.now()}-${++n}-abcdefgh`,
			confirmUnique: true,
			citation
		});
	const refusal = async (p: Promise<unknown>) => {
		try {
			await p;
		} catch (e) {
			if (e instanceof RuleError) return e.key;
			throw e;
		}
		return 'accepted';
	};

	it('requires a citation of the proposer’s own unit and the round’s period', async () => {
		const roundId = await createRound(t.db, admin, {
			title: 'Putaran berbasis RHK',
			purpose: 'Uji',
			scope: { units: [{ id: unitId, descendants: true }], positionTypes: [] }
		});
		await setRoundRhkBasis(t.db, admin, roundId, '2026-06-30');
		const round = await getRound(t.db, roundId);
		expect(round.rhk_day).toBe('2026-06-30');
		const offered = await citableRhks(t.db, round, unitId);
		expect(offered.length).toBeGreaterThan(0);
		expect(offered.every((r) => r.unitId === unitId && r.periodStart === '2026-01-01')).toBe(true);
		await transitionRound(t.db, roundId, 'proposing', admin.id);
		expect(await refusal(setRoundRhkBasis(t.db, admin, roundId, null))).toBe(
			'rhk_error_basis_frozen'
		);

		// Another unit's RHK and another period's RHK of the own unit are refused, naming why.
		const [other] = await listRhks(t.db, {
			unitIds: [
				(
					await t.db
						.selectFrom('org_unit')
						.select('id')
						.where('code', '=', `${code}.DPM`)
						.executeTakeFirstOrThrow()
				).id
			]
		});
		const later = await createRhk(t.db, {
			actorId: admin.id,
			rhk: {
				unitCode: `${code}.DUK`,
				periodStart: '2027-01-01',
				periodEnd: '2027-12-31',
				code: '1',
				text: 'Meningkatnya cakupan kepemilikan KTP-el'
			}
		});
		expect(later.ok).toBe(true);
		const laterId = (later as { id: number }).id;
		expect(await refusal(propose(roundId, 'Tanpa pilihan RHK'))).toBe('rhk_error_choice_required');
		expect(
			await refusal(propose(roundId, 'RHK unit lain', { rhkId: other.id, cascading: 'direct' }))
		).toBe('rhk_error_other_unit');
		expect(
			await refusal(propose(roundId, 'RHK periode lain', { rhkId: laterId, cascading: 'direct' }))
		).toBe('rhk_error_other_period');

		const cited = await propose(roundId, 'Persentase KTP-el terbit satu hari', {
			rhkId: offered[0].id,
			cascading: 'direct'
		});
		const extra = await propose(roundId, 'Jumlah inovasi layanan', { rhkId: null });
		expect(cited.kind).toBe('created');
		expect(extra.kind).toBe('created');
		const citedId = (cited as { id: number }).id;
		const stored = await t.db
			.selectFrom('indicator')
			.select(['head_rhk_id', 'cascading'])
			.where('id', '=', citedId)
			.executeTakeFirstOrThrow();
		expect(stored).toEqual({ head_rhk_id: offered[0].id, cascading: 'direct' });

		// The round list filters by RHK, and by "additional result".
		const byRhk = await listProposals(t.db, roundId, { rhk: offered[0].id });
		expect(byRhk.items.map((i) => i.id)).toEqual([citedId]);
		const none = await listProposals(t.db, roundId, { rhk: 'none' });
		expect(none.items.map((i) => i.id)).toEqual([(extra as { id: number }).id]);

		// The author may change the citation while proposals are open; it is audited.
		await citeRhk(t.db, asn, citedId, { rhkId: null });
		expect(
			await refusal(citeRhk(t.db, asn, citedId, { rhkId: other.id, cascading: 'indirect' }))
		).toBe('rhk_error_other_unit');
		const audit = await t.db
			.selectFrom('audit_log')
			.select('after_json')
			.where('action', '=', 'proposal.cite_rhk')
			.where('object_id', '=', String(citedId))
			.execute();
		expect(audit.map((a) => JSON.parse(a.after_json!))).toEqual([
			{ headRhkId: null, cascading: null }
		]);
	});
});
