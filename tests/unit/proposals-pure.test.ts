import { describe, expect, it } from 'vitest';
import { features, mostSimilar, similarity, stem } from '$lib/proposals/similarity';
import { smartCheck } from '$lib/proposals/smart';

const sim = (a: string, b: string, da = '', db = '') =>
	similarity(features({ name: a, definition: da }), features({ name: b, definition: db }));

describe('similarity for Indonesian text', () => {
	it('meets affixed forms of the same word', () => {
		expect(stem('pelayanan')).toBe(stem('layanan'));
		expect(stem('diterbitkan')).toBe(stem('terbit'));
		expect(stem('kelahiran')).toBe(stem('lahir'));
	});

	it('finds near-duplicate indicator names and ignores unrelated ones', () => {
		expect(
			sim(
				'Persentase dokumen KTP-el yang diterbitkan tepat waktu',
				'Jumlah penerbitan KTP elektronik tepat waktu'
			)
		).toBeGreaterThanOrEqual(0.5);
		expect(
			sim('Waktu rata-rata pelayanan akta kelahiran', 'Rata-rata waktu layanan akta lahir')
		).toBeGreaterThanOrEqual(0.5);
		expect(
			sim('Persentase dokumen KTP-el tepat waktu', 'Realisasi anggaran belanja modal')
		).toBeLessThan(0.3);
	});

	it('ranks the closest first and returns nothing for an empty query', () => {
		const list = [
			{ id: 1, name: 'Realisasi anggaran belanja', definition: '' },
			{ id: 2, name: 'Ketepatan waktu penerbitan KTP-el', definition: '' },
			{ id: 3, name: 'Penerbitan KTP-el tepat waktu', definition: '' }
		];
		const found = mostSimilar({ name: 'KTP-el terbit tepat waktu', definition: '' }, list);
		expect(found.map((f) => f.id).sort()).toEqual([2, 3]);
		expect(mostSimilar({ name: 'yang dan di', definition: '' }, list)).toEqual([]);
	});
});

describe('SMART check', () => {
	it('lists what is missing and scores an empty form low', () => {
		const r = smartCheck({});
		expect(r.score).toBeLessThan(30);
		expect(r.issues.map((i) => i.key)).toContain('proposal_smart_no_unit');
		expect(r.issues.map((i) => i.key)).toContain('proposal_smart_no_target');
	});

	it('flags a non-numeric target for a quantitative aspect and vague verbs', () => {
		const r = smartCheck({
			name: 'Meningkatkan kualitas pelayanan',
			aspect: 'kuantitas',
			target: 'lebih baik'
		});
		const keys = r.issues.map((i) => i.key);
		expect(keys).toContain('proposal_smart_target_not_numeric');
		expect(keys).toContain('proposal_smart_vague_verb');
	});

	it('passes a complete, measurable proposal', () => {
		const r = smartCheck({
			name: 'Persentase KTP-el terbit dalam 1 hari kerja',
			definition: 'Bagian permohonan KTP-el yang dokumennya terbit paling lambat satu hari kerja.',
			formula: 'KTP-el terbit ≤ 1 hari / seluruh permohonan × 100%',
			unit_of_measure: 'persen',
			target: '95%',
			baseline: '80%',
			data_source: 'SIAK',
			frequency: 'bulanan',
			aspect: 'waktu',
			unit_goal: 'Renstra Disdukcapil: layanan adminduk cepat',
			fairness_rationale: 'Semua operator memakai SIAK yang sama dan antreannya dibagi rata.'
		});
		expect(r.issues).toEqual([]);
		expect(r.score).toBe(100);
	});
});
