import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { BUILTIN_ITEMS } from '$lib/server/surveys/instrument';
import { opdOf } from '$lib/server/surveys/responses';
import { DEMO_ACCOUNTS, DEMO_ASN } from './accounts';

const SUGGESTIONS = [
	'Target SKP disusun bersama di awal tahun, bukan hanya ditandatangani.',
	'Umpan balik sebaiknya diberikan setiap triwulan, tidak hanya di akhir tahun.',
	'Bukti kinerja dari aplikasi layanan dipakai sebagai dasar penilaian.',
	'Pegawai lapangan dinilai dengan indikator yang sesuai dengan tugasnya.',
	'Ada jalur keberatan yang jelas dan ditanggapi tepat waktu.',
	'Pejabat penilai mendapat pelatihan menilai secara objektif.'
];

/** A small deterministic generator, so the demo survey looks the same on every machine. */
function prng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * A closed fairness survey of the previous period over the whole regency, answered by a sample
 * of the synthetic staff (never the featured demo accounts, who can still try answering new
 * surveys). Stored exactly as real answers are: participation apart, random ids, coarse groups.
 */
export async function seedDemoSurveys(db: Kysely<Database>, now: string): Promise<void> {
	const rand = prng(2025);
	const featured = new Set([...Object.values(DEMO_ACCOUNTS), ...DEMO_ASN].map((a) => a.nip));
	const people = (
		await db
			.selectFrom('person')
			.select(['id', 'nip', 'org_unit_id', 'position_type'])
			.where('active', '=', 1)
			.orderBy('id')
			.execute()
	).filter((p) => !featured.has(p.nip));
	const units = await db.selectFrom('org_unit').select(['id', 'parent_id']).execute();
	const parentOf = new Map(units.map((u) => [u.id, u.parent_id]));
	const k = 5;
	const opdCount = new Map<number | null, number>();
	const typeCount = new Map<string, number>();
	for (const p of people) {
		const opd = opdOf(parentOf, p.org_unit_id);
		opdCount.set(opd, (opdCount.get(opd) ?? 0) + 1);
		typeCount.set(
			`${opd}|${p.position_type}`,
			(typeCount.get(`${opd}|${p.position_type}`) ?? 0) + 1
		);
	}

	const survey = await db
		.insertInto('survey')
		.values({
			title: 'Survei Keadilan Penilaian Kinerja 2025',
			description: 'Survei tahunan tentang keadilan penilaian SKP.',
			period: '2025',
			round_id: null,
			scope_json: JSON.stringify({ units: [], positionTypes: [] }),
			status: 'scheduled',
			opens_at: '2025-11-03T01:00:00.000Z',
			closes_at: '2025-11-28T10:00:00.000Z',
			min_group_size: k,
			created_by: null,
			created_at: now,
			updated_at: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const items = await db
		.insertInto('survey_item')
		.values(
			BUILTIN_ITEMS.map((item, i) => ({
				survey_id: survey.id,
				position: i + 1,
				kind: item.kind,
				dimension: item.dimension,
				builtin_key: item.key,
				text: '',
				options_json: null,
				required: item.required ? 1 : 0
			}))
		)
		.returning(['id', 'kind', 'dimension'])
		.execute();

	const offsets: Record<string, number> = {
		distributive: -0.5,
		procedural: -0.3,
		interpersonal: 0.5,
		informational: -0.1
	};
	const sample = people.filter((_, i) => i % 25 === 3);
	const responses = sample.map((p) => {
		const level = 3 + (rand() - 0.5) * 2;
		const answers: Record<string, number | string> = {};
		for (const item of items) {
			if (item.kind === 'likert') {
				const v = level + (offsets[item.dimension ?? ''] ?? 0) + (rand() - 0.5) * 1.6;
				answers[item.id] = Math.min(5, Math.max(1, Math.round(v)));
			} else if (rand() < 0.3) {
				answers[item.id] = SUGGESTIONS[Math.floor(rand() * SUGGESTIONS.length)];
			}
		}
		const opd = opdOf(parentOf, p.org_unit_id);
		const keptOpd = opd !== null && (opdCount.get(opd) ?? 0) >= k ? opd : null;
		let sameType = 0;
		for (const [key, n] of typeCount) {
			const [o, t] = key.split('|');
			if (t === p.position_type && (keptOpd === null || o === String(keptOpd))) sameType += n;
		}
		return {
			id: randomBytes(16).toString('hex'),
			survey_id: survey.id,
			opd_unit_id: keptOpd,
			position_type: sameType >= k ? p.position_type : null,
			answers_json: JSON.stringify(answers)
		};
	});
	responses.sort((a, b) => (a.id < b.id ? -1 : 1));
	for (let i = 0; i < sample.length; i += 500) {
		await db
			.insertInto('survey_participation')
			.values(sample.slice(i, i + 500).map((p) => ({ survey_id: survey.id, person_id: p.id })))
			.execute();
		await db
			.insertInto('survey_response')
			.values(responses.slice(i, i + 500))
			.execute();
	}
}
