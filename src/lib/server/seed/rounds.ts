import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { createRound } from '$lib/server/rounds';
import { transitionRound } from '$lib/server/rounds/phase';
import { addComment } from '$lib/server/discussion';
import { createProposal, decideProposal, setSupport } from '$lib/server/proposals';
import { proposalFieldsSchema } from '$lib/validation/proposal';
import { DEMO_ACCOUNTS, DEMO_ASN } from './accounts';

// Fixed clock so the demo looks the same on every machine and every run.
const T0 = Date.parse('2026-11-02T02:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

const PROPOSALS = [
	{
		name: 'Persentase KTP-el terbit dalam satu hari kerja',
		definition:
			'Bagian permohonan KTP-el lengkap yang dokumennya terbit paling lambat satu hari kerja sejak berkas dinyatakan lengkap.',
		formula: 'KTP-el terbit ≤ 1 hari kerja / seluruh permohonan lengkap × 100%',
		unit_of_measure: 'persen',
		target: '95%',
		baseline: '78%',
		data_source: 'SIAK Terpusat, laporan harian',
		frequency: 'bulanan',
		perspective: 'penerima_layanan',
		aspect: 'waktu',
		kind: 'hasil_kerja',
		unit_goal: 'Renstra Disdukcapil 2026–2031: layanan administrasi kependudukan cepat dan pasti',
		fairness_rationale:
			'Seluruh operator memakai SIAK yang sama dan antrean dibagi merata, sehingga capaian tidak bergantung pada loket.'
	},
	{
		name: 'Rata-rata waktu penerbitan akta kelahiran',
		definition:
			'Rata-rata hari kerja dari berkas akta kelahiran dinyatakan lengkap sampai akta ditandatangani secara elektronik.',
		formula: 'Jumlah hari kerja seluruh berkas / jumlah berkas',
		unit_of_measure: 'hari kerja',
		target: '2 hari kerja',
		baseline: '4 hari kerja',
		data_source: 'SIAK Terpusat',
		frequency: 'triwulanan',
		perspective: 'penerima_layanan',
		aspect: 'waktu',
		kind: 'hasil_kerja',
		unit_goal: 'Perjanjian Kinerja Bidang Pencatatan Sipil 2027',
		fairness_rationale:
			'Waktu dihitung sejak berkas lengkap, jadi keterlambatan pemohon tidak dibebankan kepada petugas.'
	},
	{
		name: 'Persentase perekaman data kependudukan tanpa koreksi',
		definition:
			'Bagian data yang direkam operator dan lolos verifikasi pertama tanpa perlu dikoreksi oleh pengawas.',
		formula: 'Data lolos verifikasi pertama / seluruh data direkam × 100%',
		unit_of_measure: 'persen',
		target: '98%',
		baseline: '91%',
		data_source: 'Log verifikasi SIAK',
		frequency: 'bulanan',
		perspective: 'proses_bisnis',
		aspect: 'kualitas',
		kind: 'hasil_kerja',
		unit_goal: 'Renstra Disdukcapil: data kependudukan akurat',
		fairness_rationale: 'Diukur per operator dari log sistem, bukan dari penilaian atasan.'
	},
	{
		name: 'Keramahan layanan loket menurut survei pemohon',
		definition:
			'Nilai rata-rata butir keramahan petugas pada survei kepuasan masyarakat yang diisi pemohon setelah dilayani.',
		formula: 'Rata-rata skor butir keramahan (1–4) pada SKM',
		unit_of_measure: 'skor 1–4',
		target: '3,6',
		baseline: '3,2',
		data_source: 'Survei Kepuasan Masyarakat (SKM) elektronik',
		frequency: 'triwulanan',
		perspective: 'penerima_layanan',
		aspect: 'kualitas',
		kind: 'perilaku_kerja',
		berakhlak_value: 'berorientasi_pelayanan',
		unit_goal: 'Indeks Kepuasan Masyarakat Disdukcapil',
		fairness_rationale:
			'Semua petugas loket dinilai dengan kuesioner yang sama; petugas tanpa loket tidak dinilai dengan indikator ini.'
	}
];

/** Two demo rounds: one in discussion with proposals and comments, one taking proposals. */
export async function seedDemoRounds(db: Kysely<Database>): Promise<void> {
	const any = await db.selectFrom('round').select('id').limit(1).executeTakeFirst();
	if (any) return;
	const units = await db
		.selectFrom('org_unit')
		.select(['id', 'code'])
		.where('code', 'in', ['BTH.DUKCAPIL', 'BTH.BKPSDM'])
		.execute();
	const person = async (nip: string) =>
		(
			await db
				.selectFrom('person')
				.innerJoin('person_role', 'person_role.person_id', 'person.id')
				.select(['person.id', 'person_role.role'])
				.where('person.nip', '=', nip)
				.execute()
		).reduce((acc, r) => ({ id: r.id, roles: [...acc.roles, r.role] }), {
			id: 0,
			roles: [] as string[]
		});
	const facilitator = await person(DEMO_ACCOUNTS.facilitator.nip);
	const staff = await Promise.all(DEMO_ASN.slice(0, 6).map((a) => person(a.nip)));
	if (!facilitator.id || units.length !== 2 || staff.some((s) => !s.id)) return;
	const scope = { units: units.map((u) => ({ id: u.id, descendants: true })), positionTypes: [] };

	const discussed = await createRound(
		db,
		facilitator,
		{
			title: 'Indikator Kinerja Layanan Adminduk 2027',
			purpose:
				'Indikator kinerja Disdukcapil selama ini ditetapkan dari atas dan banyak pegawai merasa penilaiannya tidak adil. Dalam putaran ini Anda sendiri mengusulkan dan membahas indikator yang mengukur pekerjaan Anda secara objektif dan berbasis data. Indikator yang disepakati menjadi dasar SKP 2027.',
			scope
		},
		at(0)
	);
	await transitionRound(db, discussed, 'proposing', facilitator.id, at(5));
	const ids: number[] = [];
	for (const [i, p] of PROPOSALS.entries()) {
		const fields = proposalFieldsSchema.parse({ berakhlak_value: '', ...p });
		const r = await createProposal(
			db,
			staff[i + 1],
			discussed,
			fields,
			{ clientToken: `demo-round-1-proposal-${i}`, confirmUnique: true },
			at(60 + i * 30)
		);
		if (r.kind !== 'similar') ids.push(r.id);
	}
	await setSupport(db, staff[0], ids[0], true, at(200));
	await setSupport(db, staff[5], ids[0], true, at(201));
	await transitionRound(db, discussed, 'discussing', facilitator.id, at(24 * 60));
	const c1 = await addComment(
		db,
		staff[0],
		ids[0],
		{
			body: 'Setuju. Mohon hari libur nasional **tidak** dihitung sebagai hari kerja.',
			stance: 'support',
			parentId: null,
			clientToken: 'demo-round-1-comment-1'
		},
		at(24 * 60 + 30)
	);
	await addComment(
		db,
		staff[1],
		ids[0],
		{
			body: 'Betul, SIAK sudah mencatat hari kerja saja. Saya tambahkan di definisi.',
			stance: 'neutral',
			parentId: c1.id,
			clientToken: 'demo-round-1-comment-2'
		},
		at(24 * 60 + 45)
	);
	await addComment(
		db,
		staff[5],
		ids[3],
		{
			body: 'Khawatir survei hanya diisi sedikit pemohon; perlu jumlah responden minimum.',
			stance: 'concern',
			parentId: null,
			clientToken: 'demo-round-1-comment-3'
		},
		at(24 * 60 + 60)
	);
	await decideProposal(
		db,
		facilitator,
		ids[0],
		'shortlisted',
		'Jelas, terukur dari SIAK dan didukung banyak pegawai.',
		at(2 * 24 * 60)
	);

	const open = await createRound(
		db,
		facilitator,
		{
			title: 'Indikator Perilaku Kerja BerAKHLAK 2027',
			purpose:
				'Usulkan indikator perilaku kerja yang mencerminkan nilai BerAKHLAK dalam pekerjaan sehari-hari dan dapat diamati secara adil.',
			// BerAKHLAK applies to every ASN: the whole government takes part.
			scope: { units: [], positionTypes: [] }
		},
		at(3 * 24 * 60)
	);
	await transitionRound(db, open, 'proposing', facilitator.id, at(3 * 24 * 60 + 5));
}
