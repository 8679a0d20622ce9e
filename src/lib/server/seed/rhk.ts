import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { applyRhkBatch, createRhkBatch } from '$lib/server/rhk';
import { DEMO_ACCOUNTS } from './accounts';

// Perjanjian Kinerja 2026 results of three heads, worded as Batanghari's plans word them
// (an outcome, "Meningkatnya …", not an activity).
const PLANS: [unit: string, code: string, text: string][] = [
	[
		'BTH.DUKCAPIL',
		'1',
		'Meningkatnya cakupan kepemilikan dokumen kependudukan (KTP-el, KK dan KIA) penduduk Kabupaten Batanghari'
	],
	[
		'BTH.DUKCAPIL',
		'2',
		'Meningkatnya kepemilikan akta pencatatan sipil (kelahiran dan kematian) yang diterbitkan tepat waktu'
	],
	[
		'BTH.DUKCAPIL',
		'3',
		'Meningkatnya pemanfaatan data kependudukan oleh perangkat daerah dan lembaga pengguna'
	],
	[
		'BTH.DPMPTSP',
		'1',
		'Meningkatnya kepuasan masyarakat terhadap pelayanan perizinan dan nonperizinan'
	],
	[
		'BTH.DPMPTSP',
		'2',
		'Terselesaikannya permohonan perizinan berusaha sesuai standar waktu pelayanan'
	],
	['BTH.DPMPTSP', '3', 'Meningkatnya realisasi investasi PMA dan PMDN di Kabupaten Batanghari'],
	['BTH.DISDIK', '1', 'Meningkatnya angka partisipasi murni jenjang SD dan SMP'],
	[
		'BTH.DISDIK',
		'2',
		'Meningkatnya mutu lulusan pendidikan dasar yang mencapai standar kompetensi minimum'
	],
	[
		'BTH.DISDIK',
		'3',
		'Meningkatnya persentase guru berkualifikasi S1/D-IV dan bersertifikat pendidik'
	]
];

/**
 * The demo heads' RHKs for 2026, loaded through the same import a BKPSDM admin uses (so it is
 * batch 1, applied, with its audit trail).
 */
export async function seedRhkDemo(db: Kysely<Database>): Promise<void> {
	const admin = await db
		.selectFrom('person')
		.select('id')
		.where('nip', '=', DEMO_ACCOUNTS.admin.nip)
		.executeTakeFirst();
	if (!admin) return;
	const any = await db.selectFrom('head_rhk').select('id').limit(1).executeTakeFirst();
	if (any) return;
	const lines = [
		'Kode Unit;Mulai;Selesai;Nomor;RHK',
		...PLANS.map(([unit, code, text]) => `${unit};2026-01-01;2026-12-31;${code};${text}`)
	];
	const batchId = await createRhkBatch(db, {
		actorId: admin.id,
		fileName: 'perjanjian-kinerja-2026.csv',
		bytes: new TextEncoder().encode(lines.join('\r\n') + '\r\n')
	});
	const r = await applyRhkBatch(db, { batchId, actorId: admin.id });
	if (!r.ok) throw new Error(`demo RHK import refused: ${r.code}`);
}
