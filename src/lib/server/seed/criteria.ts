import type { Insertable } from 'kysely';
import type { RatingBallotTable } from '$lib/server/db/schema/ratings';
import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Phase } from '$lib/rounds/phases';
import { DEFAULT_CONSENSUS_RULE, DEFAULT_CRITERIA } from '$lib/rounds/criteria';
import { searchable } from '$lib/text';
import { approveAdoption, createAdoption, submitAdoption } from '$lib/server/adoption';
import { setPublicPage } from '$lib/server/criteria/public-page';
import { opdOfUnits, rebuildCounts } from '$lib/server/ratings/ballots';
import { raterKey } from '$lib/server/ratings/secret';
import { unitSubtreeIds } from '$lib/server/org/units';
import { DEMO_ACCOUNTS, DEMO_ASN } from './accounts';

export interface IndicatorSpec {
	name: string;
	definition: string;
	kind: 'hasil_kerja' | 'perilaku_kerja';
	aspect: string;
	berakhlak?: string;
	target: string;
	unitOfMeasure: string;
	/** A later version of the definition, to give the proposal a revision history. */
	revisedDefinition?: string;
	comments?: { body: string; hidden?: boolean }[];
}

/**
 * A round that has been through proposing, discussion and rating and now stands in `phase`
 * (published by default), with shortlisted indicators, their revisions and discussion. Used by
 * the demo data, the integration tests and the browser tests: the rounds and ratings screens
 * produce the same rows.
 */
export async function createRatedRound(
	db: Kysely<Database>,
	spec: {
		title: string;
		facilitatorId: number;
		authorIds: number[];
		unitId: number;
		scopeUnitIds?: number[];
		phase?: Phase;
		indicators: IndicatorSpec[];
		now?: Date;
	}
): Promise<{ roundId: number; indicatorIds: number[] }> {
	const at = (spec.now ?? new Date()).toISOString();
	return db.transaction().execute(async (trx) => {
		const round = await trx
			.insertInto('round')
			.values({
				title: spec.title,
				purpose: spec.title,
				phase: spec.phase ?? 'published',
				scope_json: JSON.stringify({
					units: (spec.scopeUnitIds ?? [spec.unitId]).map((id) => ({ id, descendants: true })),
					positionTypes: []
				}),
				criteria_json: JSON.stringify(DEFAULT_CRITERIA),
				consensus_rule_json: JSON.stringify(DEFAULT_CONSENSUS_RULE),
				phase_changed_at: at,
				created_by: spec.facilitatorId,
				created_at: at,
				updated_at: at
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const indicatorIds: number[] = [];
		for (const [i, ind] of spec.indicators.entries()) {
			const authorId = spec.authorIds[i % spec.authorIds.length];
			const fields = {
				name: ind.name,
				definition: ind.revisedDefinition ?? ind.definition,
				formula: `Jumlah ${ind.unitOfMeasure} tercapai ÷ jumlah ${ind.unitOfMeasure} direncanakan × 100%`,
				unit_of_measure: ind.unitOfMeasure,
				target: ind.target,
				baseline: '—',
				data_source: 'Laporan bulanan unit',
				frequency: 'bulanan',
				perspective: 'penerima_layanan',
				aspect: ind.aspect,
				kind: ind.kind,
				berakhlak_value: ind.berakhlak ?? null,
				unit_goal: 'Renstra: pelayanan publik yang cepat dan mudah'
			};
			const row = await trx
				.insertInto('indicator')
				.values({
					round_id: round.id,
					author_id: authorId,
					org_unit_id: spec.unitId,
					status: 'shortlisted',
					merged_into_id: null,
					...fields,
					fairness_rationale: 'Dapat dicapai oleh pegawai melalui kerjanya sendiri.',
					smart_score: 5,
					search_text: searchable(`${ind.name} ${fields.definition}`),
					version: ind.revisedDefinition ? 2 : 1,
					client_token: `seed-${round.id}-${i}`,
					created_at: at,
					updated_at: at
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			indicatorIds.push(row.id);
			await trx
				.insertInto('indicator_revision')
				.values({
					indicator_id: row.id,
					version: 1,
					editor_id: authorId,
					reason: 'Usulan awal',
					snapshot_json: JSON.stringify({ ...fields, definition: ind.definition }),
					created_at: at
				})
				.execute();
			if (ind.revisedDefinition) {
				await trx
					.insertInto('indicator_revision')
					.values({
						indicator_id: row.id,
						version: 2,
						editor_id: authorId,
						reason: 'Memperjelas definisi setelah diskusi',
						snapshot_json: JSON.stringify(fields),
						created_at: at
					})
					.execute();
			}
			for (const [j, c] of (ind.comments ?? []).entries()) {
				await trx
					.insertInto('comment')
					.values({
						indicator_id: row.id,
						round_id: round.id,
						author_id: spec.authorIds[(i + j + 1) % spec.authorIds.length],
						parent_id: null,
						depth: 0,
						stance: 'support',
						body: c.body,
						hidden_at: c.hidden ? at : null,
						hidden_by: c.hidden ? spec.facilitatorId : null,
						hidden_reason: c.hidden ? 'Menyerang pribadi' : null,
						client_token: `seed-${row.id}-${j}`,
						created_at: at
					})
					.execute();
			}
			await trx
				.updateTable('indicator')
				.set({ comment_count: (ind.comments ?? []).length })
				.where('id', '=', row.id)
				.execute();
		}
		return { roundId: round.id, indicatorIds };
	});
}

/** Small deterministic generator so the demo results are the same on every install. */
function lcg(seed: number) {
	let s = seed >>> 0;
	return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * Synthetic secret ballots (iteration 0) from everyone active in `unitIds`' subtrees, each
 * indicator leaning to the score in `lean`, so published results show consensus reached or not.
 */
export async function seedBallots(
	db: Kysely<Database>,
	roundId: number,
	indicatorIds: number[],
	rootUnitIds: number[],
	lean: number[],
	seed = 2027
): Promise<void> {
	const units = [
		...new Set((await Promise.all(rootUnitIds.map((u) => unitSubtreeIds(db, u)))).flat())
	];
	const people = await db
		.selectFrom('person')
		.select(['id', 'org_unit_id', 'position_type'])
		.where('org_unit_id', 'in', units)
		.where('active', '=', 1)
		.execute();
	const opd = await opdOfUnits(db);
	const rand = lcg(seed);
	const rows: Insertable<RatingBallotTable>[] = [];
	for (const p of people) {
		const key = raterKey(roundId, p.id);
		for (const [i, indicatorId] of indicatorIds.entries()) {
			for (const c of DEFAULT_CRITERIA) {
				const score = Math.min(5, Math.max(1, Math.round(lean[i] + (rand() - 0.5) * 2)));
				rows.push({
					round_id: roundId,
					iteration: 0,
					indicator_id: indicatorId,
					criterion: c.key,
					rater_key: key,
					score,
					opd_id: opd.get(p.org_unit_id) ?? p.org_unit_id,
					position_type: p.position_type
				});
			}
		}
	}
	// Bulk-loaded ballots bypass the per-ballot count maintenance, so the counts that results are
	// computed from are rebuilt in the same transaction.
	await db.transaction().execute(async (trx) => {
		for (let i = 0; i < rows.length; i += 400) {
			await trx
				.insertInto('rating_ballot')
				.values(rows.slice(i, i + 400))
				.execute();
		}
		await rebuildCounts(trx, roundId);
	});
}

export const DEMO_DUKCAPIL_INDICATORS: IndicatorSpec[] = [
	{
		name: 'Persentase dokumen kependudukan terbit tepat waktu',
		definition: 'Dokumen yang terbit sesuai standar pelayanan.',
		revisedDefinition:
			'Persentase KTP-el, KK dan akta yang terbit dalam waktu standar pelayanan sejak berkas lengkap.',
		kind: 'hasil_kerja',
		aspect: 'waktu',
		target: '95%',
		unitOfMeasure: 'dokumen',
		comments: [
			{ body: 'Setuju, tapi hitung sejak berkas lengkap, bukan sejak datang.' },
			{ body: 'Komentar yang disembunyikan karena menyerang pribadi.', hidden: true }
		]
	},
	{
		name: 'Jumlah layanan jemput bola di desa',
		definition: 'Kegiatan perekaman dan pelayanan dokumen langsung di desa per bulan.',
		kind: 'hasil_kerja',
		aspect: 'kuantitas',
		target: '4 kegiatan per bulan',
		unitOfMeasure: 'kegiatan'
	},
	{
		name: 'Keramahan dalam melayani pemohon',
		definition: 'Nilai survei kepuasan pemohon pada unsur perilaku petugas.',
		kind: 'perilaku_kerja',
		aspect: 'kualitas',
		berakhlak: 'berorientasi_pelayanan',
		target: 'Nilai IKM unsur perilaku ≥ 3,5',
		unitOfMeasure: 'nilai'
	}
];

const DEMO_DPMPTSP_INDICATORS: IndicatorSpec[] = [
	{
		name: 'Persentase izin terbit sesuai SOP',
		definition: 'Izin usaha yang terbit dalam waktu standar SOP sejak permohonan lengkap.',
		kind: 'hasil_kerja',
		aspect: 'waktu',
		target: '90%',
		unitOfMeasure: 'izin',
		comments: [{ body: 'Perlu data dari OSS agar objektif.' }]
	},
	{
		name: 'Tanggap terhadap pengaduan pemohon izin',
		definition: 'Pengaduan yang dijawab dalam 2 hari kerja.',
		kind: 'perilaku_kerja',
		aspect: 'waktu',
		berakhlak: 'akuntabel',
		target: '100% pengaduan dijawab ≤ 2 hari kerja',
		unitOfMeasure: 'pengaduan'
	}
];

/**
 * Demo content for adoption: a published Dukcapil round waiting for its adoption, and a DPMPTSP
 * round whose adoption was approved, so the catalogue, provenance and exports show real rows.
 */
export async function seedCriteriaDemo(db: Kysely<Database>, now: Date = new Date()) {
	const idOf = async (nip: string) =>
		(await db.selectFrom('person').select('id').where('nip', '=', nip).executeTakeFirstOrThrow())
			.id;
	const unitOf = async (code: string) =>
		(
			await db
				.selectFrom('org_unit')
				.select('id')
				.where('code', '=', code)
				.executeTakeFirstOrThrow()
		).id;
	const facilitatorId = await idOf(DEMO_ACCOUNTS.facilitator.nip);
	const leaderId = await idOf(DEMO_ACCOUNTS.leader.nip);
	const dukcapilAuthors = await Promise.all(
		DEMO_ASN.filter((a) => a.unitCode.startsWith('BTH.DUKCAPIL')).map((a) => idOf(a.nip))
	);
	const dpmptspAuthors = await Promise.all(
		DEMO_ASN.filter((a) => a.unitCode.startsWith('BTH.DPMPTSP')).map((a) => idOf(a.nip))
	);
	const dukcapil = await unitOf('BTH.DUKCAPIL');
	const ready = await createRatedRound(db, {
		title: 'Indikator kinerja pelayanan Dukcapil 2027',
		facilitatorId,
		authorIds: dukcapilAuthors,
		unitId: dukcapil,
		indicators: DEMO_DUKCAPIL_INDICATORS,
		now
	});
	// The third (behaviour) indicator splits the staff: adopting it needs a written justification.
	await seedBallots(db, ready.roundId, ready.indicatorIds, [dukcapil], [4.7, 4.4, 3.0]);
	const dpmptsp = await unitOf('BTH.DPMPTSP');
	const adopted = await createRatedRound(db, {
		title: 'Indikator kinerja pelayanan publik terpadu',
		facilitatorId,
		authorIds: dpmptspAuthors,
		unitId: dpmptsp,
		// A joint round of the two front-office services; its criteria were adopted for DPMPTSP.
		scopeUnitIds: [dpmptsp, dukcapil],
		indicators: DEMO_DPMPTSP_INDICATORS,
		now
	});
	await seedBallots(
		db,
		adopted.roundId,
		adopted.indicatorIds,
		[dpmptsp, dukcapil],
		[4.6, 4.5],
		2026
	);
	const year = now.getUTCFullYear();
	const adoptionId = await createAdoption(
		db,
		facilitatorId,
		adopted.roundId,
		{
			title: `Kriteria kinerja pelayanan perizinan ${year}`,
			periodStart: `${year}-01-01`,
			periodEnd: `${year}-12-31`,
			unitIds: [dpmptsp],
			positionTypes: ['pelaksana', 'fungsional'],
			items: [
				{
					indicatorId: adopted.indicatorIds[0],
					weight: 60,
					target: '90%',
					rencanaHasilKerja: 'Terlaksananya pelayanan perizinan yang tepat waktu',
					indikatorKinerja: 'Persentase izin terbit sesuai SOP',
					aspect: 'waktu',
					berakhlakValue: null,
					justification: null,
					unitTargets: []
				},
				{
					indicatorId: adopted.indicatorIds[1],
					weight: 40,
					target: '100% pengaduan dijawab ≤ 2 hari kerja',
					rencanaHasilKerja: null,
					indikatorKinerja: 'Pengaduan dijawab dalam 2 hari kerja',
					aspect: null,
					berakhlakValue: 'akuntabel',
					justification: null,
					unitTargets: []
				}
			]
		},
		now
	);
	await submitAdoption(db, facilitatorId, adoptionId, now);
	await approveAdoption(db, leaderId, adoptionId, 'Disetujui.', now);
	// The demo shows the public page; a real installation starts with it off.
	await setPublicPage(db, await idOf(DEMO_ACCOUNTS.admin.nip), true, now);
}
