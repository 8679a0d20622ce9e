import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import {
	approveAdoption,
	createAdoption,
	getAdoption,
	returnAdoption,
	submitAdoption,
	updateAdoption,
	AdoptionFieldError
} from '$lib/server/adoption';
import { adoptionInputSchema, type AdoptionInput } from '$lib/criteria/adoption';
import {
	canViewCriterion,
	criteriaInForce,
	getCriteriaSet,
	listCriteriaSets
} from '$lib/server/criteria/catalogue';
import { criterionProvenance } from '$lib/server/criteria/provenance';
import { createRatedRound, DEMO_DUKCAPIL_INDICATORS, seedBallots } from '$lib/server/seed/criteria';
import { getRound } from '$lib/server/rounds/phase';

let t: TestDb;
let opd: number;
let sub: number;
let otherOpd: number;
let facilitator: number;
let leader: number;
let facilitatorLeader: number;
let asnInside: { id: number };
let asnOutside: { id: number };

beforeAll(async () => {
	t = await createTestDb();
	opd = await makeUnit(t.db, { code: 'OPD-A', name: 'Dinas A' });
	sub = await makeUnit(t.db, { code: 'OPD-A.1', name: 'Bidang A1', parentId: opd });
	otherOpd = await makeUnit(t.db, { code: 'OPD-B', name: 'Dinas B' });
	facilitator = (await makePerson(t.db, { unitId: opd, roles: ['asn', 'facilitator'] })).id;
	leader = (await makePerson(t.db, { unitId: opd, roles: ['asn', 'leader'] })).id;
	facilitatorLeader = (
		await makePerson(t.db, { unitId: opd, roles: ['asn', 'facilitator', 'leader'] })
	).id;
	asnInside = await makePerson(t.db, { unitId: sub, positionType: 'pelaksana' });
	asnOutside = await makePerson(t.db, { unitId: otherOpd, positionType: 'pelaksana' });
});
afterAll(() => t.destroy());

async function publishedRound(phase: 'published' | 'closed' = 'published') {
	return createRatedRound(t.db, {
		title: 'Putaran uji adopsi',
		facilitatorId: facilitator,
		authorIds: [asnInside.id],
		unitId: opd,
		phase,
		indicators: DEMO_DUKCAPIL_INDICATORS
	});
}

function input(
	indicatorIds: number[],
	over: Partial<AdoptionInput> = {},
	itemOver: Partial<AdoptionInput['items'][number]> = {}
): AdoptionInput {
	return {
		title: 'Kriteria uji',
		periodStart: '2027-01-01',
		periodEnd: '2027-12-31',
		unitIds: [opd],
		positionTypes: ['pelaksana'],
		items: [
			{
				indicatorId: indicatorIds[0],
				weight: 70,
				target: '95%',
				rencanaHasilKerja: 'Terbitnya dokumen tepat waktu',
				indikatorKinerja: 'Persentase dokumen terbit tepat waktu',
				aspect: 'waktu',
				berakhlakValue: null,
				justification: 'Dibahas bersama pegawai.',
				unitTargets: [{ unitCode: 'OPD-A', target: '97%' }],
				...itemOver
			},
			{
				indicatorId: indicatorIds[2],
				weight: 30,
				target: 'IKM ≥ 3,5',
				rencanaHasilKerja: null,
				indikatorKinerja: 'Keramahan',
				aspect: null,
				berakhlakValue: 'berorientasi_pelayanan',
				justification: 'Dibahas bersama pegawai.',
				unitTargets: []
			}
		],
		...over
	};
}

async function auditCount(action: string) {
	const row = await t.db
		.selectFrom('audit_log')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('action', '=', action)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

describe('adoption workflow', () => {
	it('drafts, is returned with comments, is revised and approved into criteria in force', async () => {
		const { roundId, indicatorIds } = await publishedRound();
		const id = await createAdoption(t.db, facilitator, roundId, input(indicatorIds));
		await submitAdoption(t.db, facilitator, id);
		await returnAdoption(t.db, leader, id, 'Bobot perilaku terlalu kecil.');
		let a = await getAdoption(t.db, id);
		expect(a.adoption.status).toBe('returned');
		expect(a.events.map((e) => [e.kind, e.comment])).toEqual([
			['submitted', null],
			['returned', 'Bobot perilaku terlalu kecil.']
		]);
		await updateAdoption(t.db, facilitator, id, input(indicatorIds, {}, { weight: 60 }));
		await submitAdoption(t.db, facilitator, id);
		await approveAdoption(t.db, leader, id, null);
		a = await getAdoption(t.db, id);
		expect(a.adoption.status).toBe('approved');
		expect(a.approvedBy).not.toBeNull();
		expect((await getRound(t.db, roundId)).phase).toBe('adopted');

		const rows = await criteriaInForce(t.db, { on: '2027-06-01', unitIds: [opd] });
		expect(rows).toHaveLength(2);
		const hasil = rows.find((r) => r.skpKind === 'hasil_kerja')!;
		expect(hasil).toMatchObject({ weight: 60, target: '97%', aspect: 'waktu', unitCode: 'OPD-A' });
		expect(rows.find((r) => r.skpKind === 'perilaku_kerja')!.berakhlakValue).toBe(
			'berorientasi_pelayanan'
		);
		expect(await criteriaInForce(t.db, { on: '2028-01-01', unitIds: [opd] })).toHaveLength(0);
		for (const action of [
			'adoption.draft',
			'adoption.submit',
			'adoption.return',
			'adoption.approve'
		]) {
			expect(await auditCount(action)).toBeGreaterThan(0);
		}
	});

	it('supersedes the same period with a new version and keeps the old one as history', async () => {
		const { roundId, indicatorIds } = await publishedRound();
		const period = { periodStart: '2029-01-01', periodEnd: '2029-12-31' };
		const first = await createAdoption(t.db, facilitator, roundId, input(indicatorIds, period));
		await submitAdoption(t.db, facilitator, first);
		await approveAdoption(t.db, leader, first, null);
		const second = await createAdoption(
			t.db,
			facilitator,
			roundId,
			input(indicatorIds, period, { weight: 50 })
		);
		await submitAdoption(t.db, facilitator, second);
		const { setIds } = await approveAdoption(t.db, leader, second, 'Revisi bobot');
		const { set, history, criteria } = await getCriteriaSet(t.db, setIds[0]);
		expect(set.version).toBe(2);
		expect(history.map((h) => [h.version, h.status])).toEqual([
			[2, 'in_force'],
			[1, 'superseded']
		]);
		expect(criteria.find((c) => c.skp_kind === 'hasil_kerja')!.weight).toBe(50);
		const inForce = await listCriteriaSets(t.db, { inForceOn: '2029-03-01', unitIds: [opd] });
		expect(inForce.map((s) => s.version)).toEqual([2]);
		const all = await listCriteriaSets(t.db, { unitIds: [opd], includeSuperseded: true });
		expect(all.filter((s) => s.periodStart === '2029-01-01')).toHaveLength(2);
	});

	it('lets the provenance be read by ASN it applies to, hiding hidden comments', async () => {
		const { roundId, indicatorIds } = await publishedRound();
		const id = await createAdoption(
			t.db,
			facilitator,
			roundId,
			input(indicatorIds, { periodStart: '2031-01-01', periodEnd: '2031-12-31' })
		);
		await submitAdoption(t.db, facilitator, id);
		const { setIds } = await approveAdoption(t.db, leader, id, null);
		const { criteria } = await getCriteriaSet(t.db, setIds[0]);
		const crit = criteria.find((c) => c.skp_kind === 'hasil_kerja')!;
		const p = await criterionProvenance(t.db, crit.id);
		expect(p.revisions.map((r) => r.version)).toEqual([1, 2]);
		expect(p.comments).toHaveLength(2);
		const hidden = p.comments.find((c) => c.hidden)!;
		expect(hidden.body).toBeNull();
		expect(hidden.author).toBeNull();
		expect(JSON.stringify(p)).not.toContain('menyerang pribadi');
		expect(p.adoption.approved_by).not.toBeNull();
		const criterion = { org_unit_id: opd, position_type: 'pelaksana', round_id: roundId };
		const asUser = (id: number, unit: number) => ({ id, orgUnitId: unit, roles: ['asn' as const] });
		expect(await canViewCriterion(t.db, asUser(asnInside.id, sub), criterion)).toBe(true);
		expect(await canViewCriterion(t.db, asUser(asnOutside.id, otherOpd), criterion)).toBe(false);
	});
});

describe('consensus beside each choice', () => {
	it('stores the published decision and needs a justification only without consensus', async () => {
		for (let i = 0; i < 6; i++) await makePerson(t.db, { unitId: sub, positionType: 'pelaksana' });
		const { roundId, indicatorIds } = await publishedRound();
		await seedBallots(t.db, roundId, indicatorIds, [opd], [4.8, 4.8, 2.0]);
		const noJustification = input(
			indicatorIds,
			{ periodStart: '2041-01-01', periodEnd: '2041-12-31' },
			{ justification: null }
		);
		// The behaviour indicator (index 2) was rated low: refused without a justification.
		const err = await createAdoption(t.db, facilitator, roundId, {
			...noJustification,
			items: noJustification.items.map((i) => ({ ...i, justification: null }))
		}).catch((e) => e);
		expect(err).toBeInstanceOf(AdoptionFieldError);
		expect(Object.keys(err.errors)).toEqual([`justification_${indicatorIds[2]}`]);
		const id = await createAdoption(t.db, facilitator, roundId, noJustification);
		const a = await getAdoption(t.db, id);
		expect(a.items.map((i) => i.consensus_decision)).toEqual(['reached', 'rejected']);
	});
});

describe('adoption refusals change nothing', () => {
	it('refuses an approval by someone who drafted or edited it (two-person rule)', async () => {
		const { roundId, indicatorIds } = await publishedRound();
		const id = await createAdoption(
			t.db,
			facilitatorLeader,
			roundId,
			input(indicatorIds, { periodStart: '2033-01-01', periodEnd: '2033-12-31' })
		);
		await submitAdoption(t.db, facilitatorLeader, id);
		await expect(approveAdoption(t.db, facilitatorLeader, id, null)).rejects.toMatchObject({
			key: 'adoption_error_own_draft'
		});
		await expect(returnAdoption(t.db, facilitatorLeader, id, 'x')).rejects.toMatchObject({
			key: 'adoption_error_own_draft'
		});
		expect((await getAdoption(t.db, id)).adoption.status).toBe('submitted');
		expect(await listCriteriaSets(t.db, { inForceOn: '2033-06-01' })).toHaveLength(0);
		expect((await getRound(t.db, roundId)).phase).toBe('published');
	});

	it('refuses to adopt from a round that is not published', async () => {
		const { roundId, indicatorIds } = await publishedRound('closed');
		await expect(
			createAdoption(t.db, facilitator, roundId, input(indicatorIds))
		).rejects.toMatchObject({ key: 'adoption_error_round_not_published' });
		const n = await t.db
			.selectFrom('adoption')
			.select('id')
			.where('round_id', '=', roundId)
			.execute();
		expect(n).toHaveLength(0);
	});

	it('refuses a weight outside 0–100 at the boundary', () => {
		for (const weight of [-1, 101, 2.5]) {
			const r = adoptionInputSchema.safeParse(input([1, 2, 3], {}, { weight }));
			expect(r.success).toBe(false);
			expect(r.error!.issues[0].message).toBe('adoption_weight_range');
		}
		expect(adoptionInputSchema.safeParse(input([1, 2, 3], {}, { weight: 0 })).success).toBe(true);
		expect(adoptionInputSchema.safeParse(input([1, 2, 3], {}, { weight: 100 })).success).toBe(true);
	});

	it('refuses an overlapping period, in the draft and again at approval', async () => {
		const { roundId, indicatorIds } = await publishedRound();
		const id = await createAdoption(
			t.db,
			facilitator,
			roundId,
			input(indicatorIds, { periodStart: '2035-01-01', periodEnd: '2035-12-31' })
		);
		await submitAdoption(t.db, facilitator, id);
		await approveAdoption(t.db, leader, id, null);
		await expect(
			createAdoption(
				t.db,
				facilitator,
				roundId,
				input(indicatorIds, { periodStart: '2035-07-01', periodEnd: '2036-06-30' })
			)
		).rejects.toMatchObject({ key: 'adoption_error_overlap' });

		// Two drafts for overlapping periods both pass drafting; the second approval is refused.
		const a = await createAdoption(
			t.db,
			facilitator,
			roundId,
			input(indicatorIds, { periodStart: '2037-01-01', periodEnd: '2037-12-31' })
		);
		const b = await createAdoption(
			t.db,
			facilitator,
			roundId,
			input(indicatorIds, { periodStart: '2037-04-01', periodEnd: '2038-03-31' })
		);
		await submitAdoption(t.db, facilitator, a);
		await submitAdoption(t.db, facilitator, b);
		await approveAdoption(t.db, leader, a, null);
		const before = await listCriteriaSets(t.db, { includeSuperseded: true });
		await expect(approveAdoption(t.db, leader, b, null)).rejects.toMatchObject({
			key: 'adoption_error_overlap'
		});
		expect(await listCriteriaSets(t.db, { includeSuperseded: true })).toEqual(before);
		expect((await getAdoption(t.db, b)).adoption.status).toBe('submitted');
	});

	it('requires a justification without consensus and SKP fields that fit the kind', async () => {
		const { roundId, indicatorIds } = await publishedRound();
		const bad = input(indicatorIds, {}, { justification: null, rencanaHasilKerja: null });
		const err = await createAdoption(t.db, facilitator, roundId, bad).catch((e) => e);
		expect(err).toBeInstanceOf(AdoptionFieldError);
		expect(err.errors).toMatchObject({
			[`justification_${indicatorIds[0]}`]: 'adoption_error_justification_required',
			[`rhk_${indicatorIds[0]}`]: 'adoption_error_rhk_required'
		});
		const units = input(indicatorIds, {}, { unitTargets: [{ unitCode: 'OPD-B', target: '1' }] });
		await expect(createAdoption(t.db, facilitator, roundId, units)).rejects.toBeInstanceOf(
			AdoptionFieldError
		);
		const rows = await t.db
			.selectFrom('adoption')
			.select('id')
			.where('round_id', '=', roundId)
			.execute();
		expect(rows).toHaveLength(0);
	});

	it('refuses review steps out of order', async () => {
		const { roundId, indicatorIds } = await publishedRound();
		const id = await createAdoption(
			t.db,
			facilitator,
			roundId,
			input(indicatorIds, { periodStart: '2039-01-01', periodEnd: '2039-12-31' })
		);
		await expect(approveAdoption(t.db, leader, id, null)).rejects.toMatchObject({
			key: 'adoption_error_wrong_status'
		});
		await submitAdoption(t.db, facilitator, id);
		await approveAdoption(t.db, leader, id, null);
		await expect(updateAdoption(t.db, facilitator, id, input(indicatorIds))).rejects.toMatchObject({
			key: 'adoption_error_not_editable'
		});
		await expect(approveAdoption(t.db, leader, id, null)).rejects.toMatchObject({
			key: 'adoption_error_wrong_status'
		});
	});
});
