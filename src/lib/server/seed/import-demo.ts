import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { createBatch } from '$lib/server/import';
import { DEMO_ACCOUNTS, DEMO_ASN } from './accounts';

/**
 * A small staff-register update waiting in preview, so a newcomer sees what an import looks like
 * (a change, a new person, two rows with errors) before uploading a real file.
 */
export async function seedImportDemo(db: Kysely<Database>): Promise<void> {
	const admin = await db
		.selectFrom('person')
		.select('id')
		.where('nip', '=', DEMO_ACCOUNTS.admin.nip)
		.executeTakeFirst();
	if (!admin) return;
	const changed = DEMO_ASN[1];
	const lines = [
		'NIP;Nama;Kode Unit;Jabatan;Jenis Jabatan;Golongan;Status;Peran',
		`${changed.nip};${changed.fullName};${changed.unitCode};Pranata Komputer Terampil;fungsional;${changed.grade};PNS;asn`,
		'199806102022032001;Wulan Sari;BTH.DUKCAPIL.02;Pengadministrasi Perkantoran;pelaksana;II/a;PNS;asn',
		'19980610202203;Contoh NIP Terpotong;BTH.DUKCAPIL.02;Pengadministrasi Perkantoran;pelaksana;II/a;PNS;asn',
		'199707072021031002;Contoh Unit Salah;BTH.TIDAKADA;Pengadministrasi Perkantoran;pelaksana;II/a;PNS;asn'
	];
	await createBatch(db, {
		actorId: admin.id,
		fileName: 'contoh-pembaruan-bkpsdm.csv',
		bytes: new TextEncoder().encode(lines.join('\r\n') + '\r\n')
	});
}
