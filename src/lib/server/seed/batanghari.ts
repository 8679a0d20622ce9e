/**
 * The shape of the Batanghari regency government used for demo data: its OPDs, the eight
 * kecamatan, and typical sub-units. Staff counts are rough proportions, not official figures.
 */
export interface UnitSpec {
	code: string;
	name: string;
	kind: string;
	/** Relative share of staff placed directly in this unit or its sub-units. */
	staff: number;
	/** What most staff here do: decides position titles and position types. */
	profile?: 'teaching' | 'health' | 'general' | 'field';
	children?: UnitSpec[];
}

const bidang = (code: string, names: string[], staff = 14): UnitSpec[] =>
	names.map((name, i) => ({
		code: `${code}.${String(i + 1).padStart(2, '0')}`,
		name,
		kind: name.startsWith('Sekretariat')
			? 'sekretariat'
			: name.startsWith('UPT')
				? 'upt'
				: 'bidang',
		staff
	}));

const kecamatan = (code: string, name: string, kelurahan: string[] = []): UnitSpec => ({
	code,
	name: `Kecamatan ${name}`,
	kind: 'kecamatan',
	staff: 14,
	profile: 'field',
	children: [
		...bidang(code, ['Sekretariat Kecamatan', 'Seksi Pemerintahan', 'Seksi Pelayanan Umum'], 6),
		...kelurahan.map((k, i) => ({
			code: `${code}.K${i + 1}`,
			name: `Kelurahan ${k}`,
			kind: 'kelurahan',
			staff: 7
		}))
	]
});

export const REGENCY: UnitSpec = {
	code: 'BTH',
	name: 'Pemerintah Kabupaten Batanghari',
	kind: 'pemda',
	staff: 0,
	children: [
		{
			code: 'BTH.SETDA',
			name: 'Sekretariat Daerah',
			kind: 'sekretariat',
			staff: 20,
			children: bidang('BTH.SETDA', [
				'Bagian Tata Pemerintahan',
				'Bagian Hukum',
				'Bagian Organisasi',
				'Bagian Perekonomian dan Sumber Daya Alam',
				'Bagian Kesejahteraan Rakyat',
				'Bagian Pengadaan Barang dan Jasa',
				'Bagian Protokol dan Komunikasi Pimpinan',
				'Bagian Umum'
			])
		},
		{
			code: 'BTH.DPRD',
			name: 'Sekretariat DPRD',
			kind: 'sekretariat',
			staff: 10,
			children: bidang('BTH.DPRD', [
				'Bagian Umum dan Keuangan',
				'Bagian Persidangan dan Perundang-undangan',
				'Bagian Fasilitasi Penganggaran dan Pengawasan'
			])
		},
		{
			code: 'BTH.INSP',
			name: 'Inspektorat Daerah',
			kind: 'inspektorat',
			staff: 12,
			children: bidang('BTH.INSP', [
				'Sekretariat',
				'Inspektur Pembantu I',
				'Inspektur Pembantu II',
				'Inspektur Pembantu III'
			])
		},
		{
			code: 'BTH.BAPPEDA',
			name: 'Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah',
			kind: 'badan',
			staff: 10,
			children: bidang('BTH.BAPPEDA', [
				'Sekretariat',
				'Bidang Perencanaan Pemerintahan dan Pembangunan Manusia',
				'Bidang Perekonomian dan Sumber Daya Alam',
				'Bidang Infrastruktur dan Kewilayahan',
				'Bidang Penelitian dan Pengembangan'
			])
		},
		{
			code: 'BTH.BPKAD',
			name: 'Badan Pengelolaan Keuangan dan Aset Daerah',
			kind: 'badan',
			staff: 10,
			children: bidang('BTH.BPKAD', [
				'Sekretariat',
				'Bidang Anggaran',
				'Bidang Perbendaharaan',
				'Bidang Akuntansi',
				'Bidang Aset'
			])
		},
		{
			code: 'BTH.BAPENDA',
			name: 'Badan Pendapatan Daerah',
			kind: 'badan',
			staff: 8,
			children: bidang('BTH.BAPENDA', [
				'Sekretariat',
				'Bidang Pendataan dan Penetapan',
				'Bidang Penagihan'
			])
		},
		{
			code: 'BTH.BKPSDM',
			name: 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia',
			kind: 'badan',
			staff: 8,
			children: bidang('BTH.BKPSDM', [
				'Sekretariat',
				'Bidang Pengadaan, Pemberhentian dan Informasi',
				'Bidang Mutasi dan Promosi',
				'Bidang Pengembangan Kompetensi Aparatur',
				'Bidang Penilaian Kinerja Aparatur dan Penghargaan'
			])
		},
		{
			code: 'BTH.DISDIK',
			name: 'Dinas Pendidikan dan Kebudayaan',
			kind: 'dinas',
			staff: 30,
			profile: 'teaching',
			children: [
				...bidang(
					'BTH.DISDIK',
					[
						'Sekretariat',
						'Bidang Pembinaan Sekolah Dasar',
						'Bidang Pembinaan Sekolah Menengah Pertama',
						'Bidang Kebudayaan'
					],
					12
				),
				...[
					'UPTD SD Negeri 1 Muara Bulian',
					'UPTD SD Negeri 4 Muara Bulian',
					'UPTD SD Negeri 12 Muara Tembesi',
					'UPTD SD Negeri 31 Bajubang',
					'UPTD SD Negeri 45 Pemayung',
					'UPTD SD Negeri 57 Mersam',
					'UPTD SD Negeri 66 Maro Sebo Ulu',
					'UPTD SD Negeri 88 Batin XXIV',
					'UPTD SMP Negeri 1 Batanghari',
					'UPTD SMP Negeri 3 Batanghari',
					'UPTD SMP Negeri 7 Batanghari',
					'UPTD SMP Negeri 12 Batanghari'
				].map((name, i) => ({
					code: `BTH.DISDIK.S${String(i + 1).padStart(2, '0')}`,
					name,
					kind: 'upt',
					staff: 190,
					profile: 'teaching' as const
				}))
			]
		},
		{
			code: 'BTH.DINKES',
			name: 'Dinas Kesehatan',
			kind: 'dinas',
			staff: 20,
			profile: 'health',
			children: [
				...bidang(
					'BTH.DINKES',
					[
						'Sekretariat',
						'Bidang Kesehatan Masyarakat',
						'Bidang Pencegahan dan Pengendalian Penyakit',
						'Bidang Pelayanan dan Sumber Daya Kesehatan'
					],
					12
				),
				...['Muara Bulian', 'Bajubang', 'Pemayung', 'Muara Tembesi', 'Mersam', 'Sungai Rengas'].map(
					(place, i) => ({
						code: `BTH.DINKES.P${i + 1}`,
						name: `UPTD Puskesmas ${place}`,
						kind: 'upt',
						staff: 95,
						profile: 'health' as const
					})
				)
			]
		},
		{
			code: 'BTH.RSUD',
			name: 'RSUD Hamba Muara Bulian',
			kind: 'rsud',
			staff: 40,
			profile: 'health',
			children: bidang(
				'BTH.RSUD',
				[
					'Bagian Tata Usaha',
					'Bidang Pelayanan Medik',
					'Bidang Keperawatan',
					'Bidang Penunjang Medik'
				],
				110
			).map((u) => ({ ...u, profile: 'health' as const }))
		},
		{
			code: 'BTH.PUPR',
			name: 'Dinas Pekerjaan Umum dan Penataan Ruang',
			kind: 'dinas',
			staff: 12,
			profile: 'field',
			children: bidang(
				'BTH.PUPR',
				[
					'Sekretariat',
					'Bidang Bina Marga',
					'Bidang Sumber Daya Air',
					'Bidang Cipta Karya dan Tata Ruang'
				],
				18
			)
		},
		{
			code: 'BTH.DINSOS',
			name: 'Dinas Sosial',
			kind: 'dinas',
			staff: 8,
			children: bidang('BTH.DINSOS', [
				'Sekretariat',
				'Bidang Rehabilitasi Sosial',
				'Bidang Perlindungan dan Jaminan Sosial'
			])
		},
		{
			code: 'BTH.DUKCAPIL',
			name: 'Dinas Kependudukan dan Pencatatan Sipil',
			kind: 'dinas',
			staff: 8,
			children: bidang(
				'BTH.DUKCAPIL',
				[
					'Sekretariat',
					'Bidang Pelayanan Pendaftaran Penduduk',
					'Bidang Pelayanan Pencatatan Sipil',
					'Bidang Pengelolaan Informasi Administrasi Kependudukan'
				],
				12
			)
		},
		{
			code: 'BTH.DPMPTSP',
			name: 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu',
			kind: 'dinas',
			staff: 8,
			children: bidang(
				'BTH.DPMPTSP',
				['Sekretariat', 'Bidang Pelayanan Perizinan', 'Bidang Penanaman Modal'],
				10
			)
		},
		{
			code: 'BTH.SATPOLPP',
			name: 'Satuan Polisi Pamong Praja',
			kind: 'satuan',
			staff: 40,
			profile: 'field',
			children: bidang(
				'BTH.SATPOLPP',
				[
					'Sekretariat',
					'Bidang Penegakan Perundang-undangan Daerah',
					'Bidang Ketertiban Umum dan Ketenteraman Masyarakat'
				],
				20
			)
		},
		{
			code: 'BTH.BPBD',
			name: 'Badan Penanggulangan Bencana Daerah',
			kind: 'badan',
			staff: 10,
			profile: 'field',
			children: bidang('BTH.BPBD', [
				'Sekretariat',
				'Bidang Kedaruratan dan Logistik',
				'Bidang Pencegahan dan Kesiapsiagaan'
			])
		},
		{
			code: 'BTH.DLH',
			name: 'Dinas Lingkungan Hidup',
			kind: 'dinas',
			staff: 25,
			profile: 'field',
			children: bidang('BTH.DLH', [
				'Sekretariat',
				'Bidang Pengelolaan Sampah',
				'Bidang Pengendalian Pencemaran'
			])
		},
		{
			code: 'BTH.DISHUB',
			name: 'Dinas Perhubungan',
			kind: 'dinas',
			staff: 12,
			profile: 'field',
			children: bidang('BTH.DISHUB', ['Sekretariat', 'Bidang Lalu Lintas', 'Bidang Angkutan'])
		},
		{
			code: 'BTH.KOMINFO',
			name: 'Dinas Komunikasi dan Informatika',
			kind: 'dinas',
			staff: 8,
			children: bidang('BTH.KOMINFO', [
				'Sekretariat',
				'Bidang Aplikasi Informatika',
				'Bidang Informasi dan Komunikasi Publik',
				'Bidang Statistik dan Persandian'
			])
		},
		{
			code: 'BTH.DISTAN',
			name: 'Dinas Pertanian',
			kind: 'dinas',
			staff: 12,
			profile: 'field',
			children: bidang(
				'BTH.DISTAN',
				['Sekretariat', 'Bidang Tanaman Pangan', 'Bidang Perkebunan', 'Bidang Penyuluhan'],
				18
			)
		},
		{
			code: 'BTH.DPMD',
			name: 'Dinas Pemberdayaan Masyarakat dan Desa',
			kind: 'dinas',
			staff: 8,
			children: bidang('BTH.DPMD', [
				'Sekretariat',
				'Bidang Pemerintahan Desa',
				'Bidang Pemberdayaan Masyarakat'
			])
		},
		kecamatan('BTH.KEC.MBL', 'Muara Bulian', [
			'Rengas Condong',
			'Muara Bulian',
			'Pasar Baru',
			'Teratai',
			'Sridadi'
		]),
		kecamatan('BTH.KEC.BJB', 'Bajubang', ['Bajubang']),
		kecamatan('BTH.KEC.PMY', 'Pemayung'),
		kecamatan('BTH.KEC.MSU', 'Maro Sebo Ulu'),
		kecamatan('BTH.KEC.MSI', 'Maro Sebo Ilir'),
		kecamatan('BTH.KEC.MSM', 'Mersam'),
		kecamatan('BTH.KEC.MTB', 'Muara Tembesi', ['Kampung Baru', 'Pasar Muara Tembesi']),
		kecamatan('BTH.KEC.BTN', 'Batin XXIV')
	]
};

export const MALE_NAMES = [
	'Ahmad',
	'Muhammad',
	'Rahmat',
	'Hendra',
	'Budi',
	'Fauzi',
	'Irwan',
	'Joko',
	'Rizki',
	'Syahrul',
	'Zulkifli',
	'Hasan',
	'Yusuf',
	'Agus',
	'Bambang',
	'Dedi',
	'Eko',
	'Ferry',
	'Gunawan',
	'Hamdan',
	'Ilham',
	'Junaidi',
	'Kurniawan',
	'Lukman',
	'Mulyadi',
	'Nasrul',
	'Oktavianus',
	'Pardi',
	'Ridwan',
	'Sahril',
	'Taufik',
	'Usman',
	'Wahyu',
	'Yudi',
	'Zainal',
	'Arif',
	'Bayu',
	'Candra',
	'Darmawan',
	'Erwin',
	'Fikri',
	'Hafiz',
	'Imran',
	'Jamal',
	'Khairul',
	'Marzuki',
	'Nurdin',
	'Rudi',
	'Suryadi'
];
export const FEMALE_NAMES = [
	'Siti',
	'Nur',
	'Dewi',
	'Rina',
	'Sri',
	'Yuliana',
	'Fitri',
	'Ratna',
	'Lestari',
	'Maya',
	'Nurul',
	'Putri',
	'Rahma',
	'Sari',
	'Wulan',
	'Ayu',
	'Desi',
	'Eka',
	'Fatimah',
	'Hasanah',
	'Indah',
	'Juwita',
	'Kartika',
	'Lina',
	'Mardiah',
	'Novita',
	'Rosmala',
	'Safitri',
	'Tuti',
	'Umi',
	'Vivi',
	'Winda',
	'Yanti',
	'Zahara',
	'Aisyah',
	'Bunga',
	'Citra',
	'Diana',
	'Elvi',
	'Hayati',
	'Intan',
	'Laila',
	'Melati'
];
export const SECOND_NAMES = [
	'Saputra',
	'Hidayat',
	'Rahman',
	'Pratama',
	'Kurnia',
	'Syahputra',
	'Hakim',
	'Nasution',
	'Harahap',
	'Sembiring',
	'Siregar',
	'Lubis',
	'Wijaya',
	'Santoso',
	'Prasetyo',
	'Rahmawati',
	'Handayani',
	'Wahyuni',
	'Susanti',
	'Maharani',
	'Anggraini',
	'Permatasari',
	'Oktaviani',
	'Fadillah',
	'Ramadhan',
	'Alamsyah',
	'Firdaus',
	'Habibi',
	'Ismail',
	'Jafar',
	'Mahmud',
	'Rasyid',
	'Sulaiman',
	'Yunus',
	'Zakaria'
];
