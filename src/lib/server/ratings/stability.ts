import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Round } from '$lib/server/db/schema/rounds';
import { STABLE_MAX_CHANGED_PCT } from '$lib/stats/consensus';
import { countReleasable } from '$lib/server/disclosure';
import { openIteration } from '$lib/server/rounds/phase';
import { liveShareBand, type ShareBand } from '$lib/server/disclosure/participation';

type Db = Kysely<Database> | Transaction<Database>;

/** Changed ratings of one indicator in one iteration; null figures when fewer than k compared. */
export interface IndicatorChange {
	indicatorId: number;
	name: string;
	/** People who rated the indicator in this iteration and in the one before. */
	paired: number | null;
	/** How many of them changed at least one criterion (to or from "cannot judge" included). */
	changed: number | null;
	pctChanged: number | null;
	stable: boolean | null;
	suppressed: boolean;
}

export interface IterationChange {
	iteration: number;
	/**
	 * The iteration is still open: every figure that moves with one ballot is withheld (per
	 * indicator and the sums); only `liveShare`, a band of the share changed, is given.
	 */
	live: boolean;
	liveShare: ShareBand | null;
	/** Sums over the indicators shown; `complete` says whether that is every indicator. Null while live. */
	paired: number | null;
	changed: number | null;
	pctChanged: number | null;
	stable: boolean | null;
	complete: boolean;
	indicators: IndicatorChange[];
}

const isStable = (paired: number, changed: number) =>
	paired > 0 && changed * 100 < STABLE_MAX_CHANGED_PCT * paired;

/**
 * How much ratings moved between Delphi iterations, for the facilitator deciding whether to close
 * while rating is still open. Counts only: it reads whether a person's rating changed, never what
 * it is, so it shows no score, median or spread before the phase closes. While an iteration is
 * open it gives only the share changed over all its indicators, in bands (the participation rule,
 * $lib/server/disclosure/participation): an exact count would move with each ballot and tell
 * whether the person who just voted changed their mind. Once closed, an indicator compared for
 * fewer than k people is hidden, and then the iteration's sum covers only the indicators shown
 * (otherwise the hidden one would follow by subtraction).
 */
export async function delphiChanges(db: Db, round: Round): Promise<IterationChange[]> {
	const k = round.min_group_size;
	// One row per person and indicator: did any criterion differ from their previous iteration?
	const perRater = db
		.selectFrom('rating_ballot as b')
		.innerJoin('rating_ballot as a', (j) =>
			j
				.onRef('a.round_id', '=', 'b.round_id')
				.onRef('a.indicator_id', '=', 'b.indicator_id')
				.onRef('a.criterion', '=', 'b.criterion')
				.onRef('a.rater_key', '=', 'b.rater_key')
				.on('a.iteration', '=', sql<number>`b.iteration - 1`)
		)
		.select([
			'b.iteration as iteration',
			'b.indicator_id as indicator_id',
			sql<number>`max(case when coalesce(a.score, 0) <> coalesce(b.score, 0) then 1 else 0 end)`.as(
				'changed'
			)
		])
		.where('b.round_id', '=', round.id)
		.where('b.iteration', '>', 0)
		.groupBy(['b.iteration', 'b.indicator_id', 'b.rater_key'])
		.as('r');
	const [rows, items] = await Promise.all([
		db
			.selectFrom(perRater)
			.select([
				'r.iteration',
				'r.indicator_id',
				(eb) => eb.fn.countAll<number>().as('paired'),
				(eb) => eb.fn.sum<number>('r.changed').as('changed')
			])
			.groupBy(['r.iteration', 'r.indicator_id'])
			.execute(),
		db
			.selectFrom('delphi_item')
			.innerJoin('indicator', 'indicator.id', 'delphi_item.indicator_id')
			.select(['delphi_item.iteration', 'indicator.id', 'indicator.name'])
			.where('delphi_item.round_id', '=', round.id)
			.orderBy('delphi_item.iteration')
			.orderBy('indicator.id')
			.execute()
	]);
	const counts = new Map(
		rows.map((r) => [
			`${r.iteration}|${r.indicator_id}`,
			{ paired: Number(r.paired), changed: Number(r.changed) }
		])
	);
	const byIteration = new Map<number, IndicatorChange[]>();
	for (const item of items) {
		const c = counts.get(`${item.iteration}|${item.id}`) ?? { paired: 0, changed: 0 };
		const shown = c.paired > 0 && countReleasable(c.paired, k);
		const list = byIteration.get(item.iteration) ?? [];
		list.push({
			indicatorId: item.id,
			name: item.name,
			paired: shown ? c.paired : null,
			changed: shown ? c.changed : null,
			pctChanged: shown ? (100 * c.changed) / c.paired : null,
			stable: shown ? isStable(c.paired, c.changed) : null,
			suppressed: !shown
		});
		byIteration.set(item.iteration, list);
	}
	const open = openIteration(round);
	return [...byIteration.entries()].map(([iteration, indicators]): IterationChange => {
		if (iteration === open) {
			const paired = indicators.reduce(
				(s, i) => s + (counts.get(`${iteration}|${i.indicatorId}`)?.paired ?? 0),
				0
			);
			const changed = indicators.reduce(
				(s, i) => s + (counts.get(`${iteration}|${i.indicatorId}`)?.changed ?? 0),
				0
			);
			const liveShare = liveShareBand(changed, paired, k);
			return {
				iteration,
				live: true,
				liveShare,
				paired: null,
				changed: null,
				pctChanged: null,
				// 15 is a band edge, so the band decides the verdict exactly.
				stable: liveShare ? liveShare.toPct <= STABLE_MAX_CHANGED_PCT : null,
				complete: false,
				indicators: indicators.map((i) => ({
					...i,
					paired: null,
					changed: null,
					pctChanged: null,
					stable: null,
					suppressed: true
				}))
			};
		}
		const shown = indicators.filter((i) => !i.suppressed);
		const paired = shown.reduce((s, i) => s + (i.paired ?? 0), 0);
		const changed = shown.reduce((s, i) => s + (i.changed ?? 0), 0);
		return {
			iteration,
			live: false,
			liveShare: null,
			paired,
			changed,
			pctChanged: paired > 0 ? (100 * changed) / paired : null,
			stable: paired > 0 ? isStable(paired, changed) : null,
			complete: shown.length === indicators.length,
			indicators
		};
	});
}

/** A count shown coarsely: rounded down to a multiple of k, or only "fewer than k". */
export type CoarseCount = { atLeast: number } | { fewerThan: number };

/**
 * The one place the re-rating progress of an open Delphi iteration is made coarse, so a later
 * disclosure rule can replace it: never a figure below k, and steps of k above it, so one more
 * person re-rating moves nothing until k more have.
 */
export function coarseCount(n: number, k: number): CoarseCount {
	const step = Math.max(1, k);
	return n < step ? { fewerThan: step } : { atLeast: Math.floor(n / step) * step };
}

export interface ReRatingProgress {
	iteration: number;
	/** Distinct raters of the iteration before, on this iteration's items. */
	panel: CoarseCount;
	/** Of them, those who have re-rated at least one item so far. */
	reRated: CoarseCount;
}

/**
 * How many of the panel have re-rated so far in the open Delphi iteration, for the facilitator
 * deciding when to close (those who have not keep their previous rating: carryForward). Counts
 * of people only, coarse; null when no Delphi iteration is open.
 */
export async function reRatingProgress(db: Db, round: Round): Promise<ReRatingProgress | null> {
	if (round.phase !== 'delphi' || round.delphi_iteration <= 0) return null;
	const iteration = round.delphi_iteration;
	const onItems = (it: number) =>
		db
			.selectFrom('rating_ballot as b')
			.innerJoin('delphi_item as d', (j) =>
				j
					.onRef('d.round_id', '=', 'b.round_id')
					.onRef('d.indicator_id', '=', 'b.indicator_id')
					.on('d.iteration', '=', iteration)
			)
			.where('b.round_id', '=', round.id)
			.where('b.iteration', '=', it);
	const [panel, reRated] = await Promise.all([
		onItems(iteration - 1)
			.select((eb) => eb.fn.count<number>('b.rater_key').distinct().as('n'))
			.executeTakeFirstOrThrow(),
		onItems(iteration)
			.where(({ exists, selectFrom }) =>
				exists(
					selectFrom('rating_ballot as p')
						.select('p.rater_key')
						.whereRef('p.round_id', '=', 'b.round_id')
						.whereRef('p.indicator_id', '=', 'b.indicator_id')
						.whereRef('p.rater_key', '=', 'b.rater_key')
						.where('p.iteration', '=', iteration - 1)
				)
			)
			.select((eb) => eb.fn.count<number>('b.rater_key').distinct().as('n'))
			.executeTakeFirstOrThrow()
	]);
	const k = round.min_group_size;
	return {
		iteration,
		panel: coarseCount(Number(panel.n), k),
		reRated: coarseCount(Number(reRated.n), k)
	};
}
