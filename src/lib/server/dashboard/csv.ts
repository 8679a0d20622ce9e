import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { toCsv } from '$lib/server/csv';
import { consensusPerRound, fairnessOverview, participationByOpd, roundsByPhase } from './index';

// Comma-separated as it always was; the shared writer quotes `;` too (see csv.ts).
function csv(header: string[], rows: unknown[][]): string {
	return toCsv(header, rows, { separator: ',' });
}

/** The numbers of one dashboard chart as CSV: the same (suppressed) figures as its table. */
export async function dashboardCsv(
	db: Kysely<Database>,
	table: string,
	params: { roundId: number | null; opdId: number | null }
): Promise<string | null> {
	if (table === 'phases') {
		const rows = await roundsByPhase(db);
		return csv(
			['phase', 'rounds'],
			rows.map((r) => [r.phase, r.rounds])
		);
	}
	if (table === 'consensus') {
		const rows = await consensusPerRound(db);
		return csv(
			['round_id', 'round', 'indicators', 'reached', 'not_reached', 'rejected', 'unknown'],
			rows.map((r) => [
				r.roundId,
				r.title,
				r.indicators,
				r.reached,
				r.notReached,
				r.rejected,
				r.unknown
			])
		);
	}
	if (table === 'fairness') {
		const f = await fairnessOverview(db);
		return csv(
			['survey', 'period', 'respondents', ...f.dimensions, 'fairness_index'],
			f.points.map((p) => [p.title, p.period, p.respondents, ...p.dimensions, p.index])
		);
	}
	if (table === 'fairness-lowest') {
		const f = await fairnessOverview(db);
		return csv(
			['opd', 'respondents', 'fairness_index'],
			f.lowest.map((g) => [g.name, g.respondents, g.index])
		);
	}
	if (table === 'participation' && params.roundId) {
		const p = await participationByOpd(db, params.roundId, params.opdId);
		return csv(
			// `rating_open` = 1: raters per unit are withheld until the close (disclosure/participation).
			[
				'unit_code',
				'unit',
				'eligible',
				'raters',
				'contributors',
				'rate_pct',
				'suppressed',
				'rating_open'
			],
			p.rows.map((r) => [
				r.code,
				r.name,
				r.eligible,
				r.raters,
				r.contributors,
				r.rate,
				r.suppressed ? 1 : 0,
				p.live ? 1 : 0
			])
		);
	}
	return null;
}
