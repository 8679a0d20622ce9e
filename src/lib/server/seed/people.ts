import type { PositionType } from '$lib/roles';
import { FEMALE_NAMES, MALE_NAMES, SECOND_NAMES, type UnitSpec } from './batanghari';

/** mulberry32: a tiny seeded PRNG, so the demo regency is the same on every machine. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export interface GeneratedPerson {
	nip: string;
	fullName: string;
	unitCode: string;
	positionTitle: string;
	positionType: PositionType;
	grade: string;
	employmentType: 'PNS' | 'PPPK';
}

type Rand = () => number;
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)];
const int = (rand: Rand, min: number, max: number) => min + Math.floor(rand() * (max - min + 1));

const OPD_KINDS = new Set(['dinas', 'badan', 'sekretariat', 'inspektorat', 'rsud', 'satuan']);

function headOf(unit: UnitSpec, isOpd: boolean): { title: string; type: PositionType } | null {
	if (isOpd) {
		if (unit.kind === 'kecamatan') return { title: 'Camat', type: 'administrator' };
		if (OPD_KINDS.has(unit.kind)) {
			const title =
				unit.code === 'BTH.SETDA'
					? 'Asisten Pemerintahan dan Kesejahteraan Rakyat'
					: unit.kind === 'rsud'
						? 'Direktur RSUD'
						: unit.kind === 'inspektorat'
							? 'Inspektur Daerah'
							: `Kepala ${unit.name.replace(/^(Dinas|Badan|Sekretariat|Satuan) /, '$1 ')}`;
			return { title, type: 'jpt' };
		}
		return null;
	}
	if (unit.kind === 'kelurahan') return { title: 'Lurah', type: 'pengawas' };
	if (unit.kind === 'upt') return { title: `Kepala ${unit.name}`, type: 'pengawas' };
	if (unit.name.startsWith('Sekretariat')) return { title: 'Sekretaris', type: 'administrator' };
	return { title: `Kepala ${unit.name}`, type: 'administrator' };
}

const FUNCTIONAL_BY_PROFILE: Record<string, string[]> = {
	teaching: ['Guru Ahli Pertama', 'Guru Ahli Muda', 'Guru Ahli Madya'],
	health: [
		'Perawat Ahli Pertama',
		'Perawat Terampil',
		'Bidan Terampil',
		'Bidan Ahli Pertama',
		'Dokter Ahli Pertama',
		'Apoteker Ahli Pertama',
		'Pranata Laboratorium Kesehatan Terampil',
		'Nutrisionis Ahli Pertama'
	],
	general: [
		'Analis Kebijakan Ahli Pertama',
		'Pranata Komputer Ahli Pertama',
		'Arsiparis Terampil',
		'Perencana Ahli Muda',
		'Analis Keuangan Pusat dan Daerah Ahli Pertama'
	],
	field: [
		'Penyuluh Pertanian Terampil',
		'Polisi Pamong Praja Terampil',
		'Teknik Jalan dan Jembatan Ahli Pertama'
	]
};

const STAFF_TITLES = [
	'Pengadministrasi Perkantoran',
	'Pengolah Data dan Informasi',
	'Penata Layanan Operasional',
	'Pengelola Keuangan',
	'Operator Layanan Operasional',
	'Pengadministrasi Umum',
	'Penelaah Teknis Kebijakan'
];

const PNS_GRADES: Record<PositionType, string[]> = {
	jpt: ['IV/c', 'IV/d'],
	administrator: ['IV/a', 'IV/b'],
	pengawas: ['III/c', 'III/d'],
	fungsional: ['III/a', 'III/b', 'III/c', 'III/d', 'IV/a'],
	pelaksana: ['II/a', 'II/b', 'II/c', 'II/d', 'III/a', 'III/b']
};
const PPPK_GRADES: Record<string, string[]> = { fungsional: ['IX', 'X'], pelaksana: ['V', 'VII'] };

function degreeFor(title: string, rand: Rand): { prefix: string; suffix: string } {
	if (title.startsWith('Guru')) return { prefix: '', suffix: ', S.Pd.' };
	if (title.startsWith('Dokter')) return { prefix: 'dr. ', suffix: '' };
	if (title.startsWith('Perawat'))
		return { prefix: '', suffix: rand() < 0.5 ? ', S.Kep.' : ', A.Md.Kep.' };
	if (title.startsWith('Bidan')) return { prefix: '', suffix: ', A.Md.Keb.' };
	if (title.startsWith('Apoteker')) return { prefix: 'apt. ', suffix: ', S.Farm.' };
	const r = rand();
	return {
		prefix: '',
		suffix: r < 0.25 ? ', S.E.' : r < 0.45 ? ', S.Sos.' : r < 0.55 ? ', S.H.' : ''
	};
}

/** Builds unique, structurally valid NIPs; `taken` holds NIPs already in use. */
export function makeNip(rand: Rand, taken: Set<string>, sex: 1 | 2, birthYear: number): string {
	for (;;) {
		const month = int(rand, 1, 12);
		const day = int(rand, 1, 28);
		const appointYear = Math.min(2024, birthYear + int(rand, 22, 30));
		const appointMonth = pick(rand, [1, 2, 3, 3, 12]);
		const prefix =
			`${birthYear}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}` +
			`${appointYear}${String(appointMonth).padStart(2, '0')}${sex}`;
		for (let seq = 1; seq < 1000; seq++) {
			const nip = prefix + String(seq).padStart(3, '0');
			if (!taken.has(nip)) {
				taken.add(nip);
				return nip;
			}
		}
	}
}

/** Places `total` synthetic staff across the tree in proportion to each unit's share. */
export function generateStaff(
	root: UnitSpec,
	total: number,
	taken: Set<string>,
	seed = 2026
): GeneratedPerson[] {
	const rand = seededRandom(seed);
	const units: { unit: UnitSpec; isOpd: boolean; profile: string }[] = [];
	const walk = (u: UnitSpec, depth: number, profile: string) => {
		const p = u.profile ?? profile;
		if (depth > 0) units.push({ unit: u, isOpd: depth === 1, profile: p });
		for (const c of u.children ?? []) walk(c, depth + 1, p);
	};
	walk(root, 0, 'general');
	const shares = units.map((u) => u.unit.staff);
	const sum = shares.reduce((a, b) => a + b, 0);
	// Largest remainder, so the total is exact.
	const raw = shares.map((s) => (s / sum) * total);
	const counts = raw.map(Math.floor);
	let left = total - counts.reduce((a, b) => a + b, 0);
	const order = raw.map((r, i) => [r - Math.floor(r), i]).sort((a, b) => b[0] - a[0]);
	for (let k = 0; left > 0; k++, left--) counts[order[k % order.length][1]]++;

	const people: GeneratedPerson[] = [];
	units.forEach(({ unit, isOpd, profile }, i) => {
		for (let n = 0; n < counts[i]; n++) {
			let title: string;
			let type: PositionType;
			const head = n === 0 ? headOf(unit, isOpd) : null;
			if (head) {
				({ title, type } = head);
			} else if (n <= 2 && !isOpd && unit.kind !== 'upt' && unit.kind !== 'kelurahan') {
				title = unit.name.startsWith('Bagian') ? 'Kepala Subbagian' : 'Kepala Seksi';
				type = 'pengawas';
			} else {
				const functionalShare = profile === 'teaching' ? 0.85 : profile === 'health' ? 0.75 : 0.3;
				if (rand() < functionalShare) {
					title = pick(rand, FUNCTIONAL_BY_PROFILE[profile] ?? FUNCTIONAL_BY_PROFILE.general);
					type = 'fungsional';
				} else {
					title = pick(rand, STAFF_TITLES);
					type = 'pelaksana';
				}
			}
			const pppk =
				(type === 'fungsional' && rand() < 0.25) || (type === 'pelaksana' && rand() < 0.1);
			const grade = pick(rand, pppk ? PPPK_GRADES[type] : PNS_GRADES[type]);
			const sex = rand() < 0.5 ? 1 : 2;
			const seniority =
				type === 'jpt' ? [1966, 1976] : type === 'administrator' ? [1970, 1984] : [1968, 2000];
			const nip = makeNip(rand, taken, sex, int(rand, seniority[0], seniority[1]));
			const first = pick(rand, sex === 1 ? MALE_NAMES : FEMALE_NAMES);
			const second = pick(rand, SECOND_NAMES);
			const { prefix, suffix } = degreeFor(title, rand);
			people.push({
				nip,
				fullName: `${prefix}${first} ${second}${suffix}`,
				unitCode: unit.code,
				positionTitle: title,
				positionType: type,
				grade,
				employmentType: pppk ? 'PPPK' : 'PNS'
			});
		}
	});
	return people;
}
