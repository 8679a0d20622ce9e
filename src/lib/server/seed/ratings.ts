import type { Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { createRatingRound } from '$lib/server/ratings/fixture';
import { opdOfUnits } from '$lib/server/ratings/ballots';
import { raterKey } from '$lib/server/ratings/secret';
import { DEFAULT_CRITERIA } from '$lib/rounds/criteria';
import { DEMO_ACCOUNTS } from './accounts';

/** Small deterministic generator so the demo results are the same on every install. */
function lcg(seed: number) {
	let s = seed >>> 0;
	return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * Demo rating content: one round open for rating by everyone, and one closed round (BKPSDM)
 * with synthetic secret ballots, so that results, charts and exports can be tried at once.
 */
export async function seedRatingDemo(trx: Transaction<Database>): Promise<void> {
	const facilitator = await trx
		.selectFrom('person')
		.select(['id', 'org_unit_id'])
		.where('nip', '=', DEMO_ACCOUNTS.facilitator.nip)
		.executeTakeFirst();
	if (!facilitator) return;
	const base = {
		createdBy: facilitator.id,
		authorId: facilitator.id,
		authorUnitId: facilitator.org_unit_id
	};
	await createRatingRound(trx, {
		...base,
		title: 'Demo: indikator kinerja layanan publik 2027',
		scope: { units: [], positionTypes: [] },
		indicators: [
			'Persentase dokumen kependudukan terbit ≤ 1 hari kerja',
			'Indeks kepuasan masyarakat atas layanan',
			'Persentase pengaduan ditindaklanjuti ≤ 5 hari kerja',
			'Persentase data kependudukan yang mutakhir'
		]
	});
	const bkpsdm = await trx
		.selectFrom('org_unit')
		.select('id')
		.where('code', '=', 'BTH.BKPSDM')
		.executeTakeFirst();
	if (!bkpsdm) return;
	const closed = await createRatingRound(trx, {
		...base,
		title: 'Demo: indikator pengelolaan SDM 2026 (selesai)',
		phase: 'closed',
		scope: { units: [{ id: bkpsdm.id, descendants: true }], positionTypes: [] },
		indicators: [
			'Persentase usulan kenaikan pangkat tepat waktu',
			'Rata-rata jam pelatihan per pegawai',
			'Persentase SKP dinilai tepat waktu',
			'Jumlah inovasi layanan kepegawaian'
		]
	});
	const units = await trx.selectFrom('org_unit').select(['id', 'parent_id']).execute();
	const children = new Map<number, number[]>();
	for (const u of units) {
		if (u.parent_id !== null)
			children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u.id]);
	}
	const subtree: number[] = [];
	const walk = (id: number) => {
		subtree.push(id);
		for (const c of children.get(id) ?? []) walk(c);
	};
	walk(bkpsdm.id);
	const people = await trx
		.selectFrom('person')
		.select(['id', 'org_unit_id', 'position_type'])
		.where('org_unit_id', 'in', subtree)
		.where('active', '=', 1)
		.execute();
	const opd = await opdOfUnits(trx);
	const rand = lcg(2026);
	// Each indicator leans differently, so the demo shows consensus for, against and none.
	const lean = [4.6, 3.2, 4.2, 1.8];
	const rows = [];
	for (const p of people) {
		const key = raterKey(closed.roundId, p.id);
		for (const [i, indicatorId] of closed.indicatorIds.entries()) {
			for (const c of DEFAULT_CRITERIA) {
				const r = rand();
				const score =
					r < 0.04 ? null : Math.min(5, Math.max(1, Math.round(lean[i] + (rand() - 0.5) * 2.2)));
				rows.push({
					round_id: closed.roundId,
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
	for (let i = 0; i < rows.length; i += 400) {
		await trx
			.insertInto('rating_ballot')
			.values(rows.slice(i, i + 400))
			.execute();
	}
}
