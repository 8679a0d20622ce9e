import type { PositionType, Role } from '$lib/roles';
import type { GeneratedPerson } from './people';

/** The one password of every demo account (documented in the README). */
export const DEMO_PASSWORD = 'Mufakat#2026';
export const DEMO_STAFF_TOTAL = 6000;

export interface DemoAccount extends GeneratedPerson {
	roles: Role[];
	/** For leaders: the codes of the units they answer for (the root code = regency-wide). */
	leaderScope?: string[];
}

const featured = (
	nip: string,
	fullName: string,
	unitCode: string,
	positionTitle: string,
	positionType: PositionType,
	grade: string,
	roles: Role[] = ['asn'],
	employmentType: 'PNS' | 'PPPK' = 'PNS'
): DemoAccount => ({
	nip,
	fullName,
	unitCode,
	positionTitle,
	positionType,
	grade,
	employmentType,
	roles
});

/** Accounts with known NIPs, for trying each role and for end-to-end tests. */
const withLeaderScope = (account: DemoAccount, codes: string[]): DemoAccount => ({
	...account,
	leaderScope: codes
});

export const DEMO_ACCOUNTS = {
	admin: featured(
		'198203152006041001',
		'Rahmat Hidayat, S.Kom.',
		'BTH.BKPSDM.01',
		'Pranata Komputer Ahli Muda',
		'fungsional',
		'III/d',
		['asn', 'admin']
	),
	facilitator: featured(
		'198707212011012002',
		'Dewi Sartika, S.Psi.',
		'BTH.BKPSDM.05',
		'Analis SDM Aparatur Ahli Muda',
		'fungsional',
		'III/c',
		['asn', 'facilitator']
	),
	// The Sekda answers for the whole regency; the head of education for her office only.
	leader: withLeaderScope(
		featured(
			'197104101996031003',
			'H. Azwar Anas, S.H., M.Si.',
			'BTH.SETDA',
			'Sekretaris Daerah',
			'jpt',
			'IV/d',
			['asn', 'leader']
		),
		['BTH']
	),
	leaderEducation: withLeaderScope(
		featured(
			'197508172000122004',
			'Dra. Nurhayati, M.Pd.',
			'BTH.DISDIK',
			'Kepala Dinas Pendidikan dan Kebudayaan',
			'jpt',
			'IV/c',
			['asn', 'leader']
		),
		['BTH.DISDIK']
	),
	asn: featured(
		'199001122015031001',
		'Andi Saputra',
		'BTH.DUKCAPIL.02',
		'Pengadministrasi Kependudukan',
		'pelaksana',
		'III/a'
	)
} satisfies Record<string, DemoAccount>;

/** Twelve staff of Dukcapil and four of DPMPTSP who can log in, for group and suppression tests. */
export const DEMO_ASN: DemoAccount[] = [
	DEMO_ACCOUNTS.asn,
	featured(
		'199203052017032002',
		'Siti Rahmawati',
		'BTH.DUKCAPIL.02',
		'Pengolah Data Kependudukan',
		'pelaksana',
		'II/d'
	),
	featured(
		'198811202014031003',
		'Budi Santoso',
		'BTH.DUKCAPIL.02',
		'Pengadministrasi Kependudukan',
		'pelaksana',
		'III/a'
	),
	featured(
		'199405152019032001',
		'Nur Hasanah',
		'BTH.DUKCAPIL.02',
		'Operator Layanan Operasional',
		'pelaksana',
		'II/c'
	),
	featured(
		'198706302012121002',
		'Hendra Pratama, S.Kom.',
		'BTH.DUKCAPIL.02',
		'Kepala Seksi Identitas Penduduk',
		'pengawas',
		'III/d'
	),
	featured(
		'199112082016032003',
		'Rina Wahyuni, S.Kom.',
		'BTH.DUKCAPIL.02',
		'Administrator Database Kependudukan Ahli Pertama',
		'fungsional',
		'III/b'
	),
	featured(
		'199507232020121001',
		'Rizki Ramadhan',
		'BTH.DUKCAPIL.02',
		'Pengolah Data Kependudukan',
		'pelaksana',
		'II/c'
	),
	featured(
		'198909092015032004',
		'Maya Anggraini, S.E.',
		'BTH.DUKCAPIL.02',
		'Pengelola Keuangan',
		'pelaksana',
		'III/a'
	),
	featured(
		'199302182018031002',
		'Ilham Firdaus',
		'BTH.DUKCAPIL.02',
		'Operator Layanan Operasional',
		'pelaksana',
		'II/c'
	),
	featured(
		'199608012021022001',
		'Putri Maharani, S.Kom.',
		'BTH.DUKCAPIL.02',
		'Pranata Komputer Ahli Pertama',
		'fungsional',
		'IX',
		['asn'],
		'PPPK'
	),
	featured(
		'198504142010011005',
		'Agus Kurniawan, S.Sos.',
		'BTH.DUKCAPIL.02',
		'Kepala Bidang Pelayanan Pendaftaran Penduduk',
		'administrator',
		'IV/a'
	),
	featured(
		'199110302016032002',
		'Fitri Handayani',
		'BTH.DUKCAPIL.02',
		'Pengadministrasi Kependudukan',
		'pelaksana',
		'II/d'
	),
	featured(
		'199006062015031006',
		'Fauzi Rahman',
		'BTH.DPMPTSP.02',
		'Penata Perizinan',
		'pelaksana',
		'III/a'
	),
	featured(
		'199401252019032003',
		'Wulan Permatasari',
		'BTH.DPMPTSP.02',
		'Pengadministrasi Perizinan',
		'pelaksana',
		'II/c'
	),
	featured(
		'198802282013031002',
		'Yusuf Habibi, S.H.',
		'BTH.DPMPTSP.02',
		'Analis Perizinan Ahli Pertama',
		'fungsional',
		'III/b'
	),
	featured(
		'199709172022032001',
		'Ayu Lestari',
		'BTH.DPMPTSP.02',
		'Operator Layanan Operasional',
		'pelaksana',
		'V',
		['asn'],
		'PPPK'
	)
];
