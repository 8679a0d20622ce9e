import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Round } from '$lib/server/db/schema/rounds';
import type { SessionUser } from '$lib/server/auth/session';
import { parseCriteria } from '$lib/rounds/criteria';
import { RuleError } from '$lib/server/rounds/errors';
import { toCsv } from '$lib/server/csv';
import { resultsAccess } from '$lib/server/ratings/access';
import { currentRound } from '$lib/server/rounds/access';
import {
	roundParticipation,
	type IterationParticipation
} from '$lib/server/disclosure/participation';
import { BREAKDOWNS, frozenResults, type Breakdown } from '$lib/server/ratings/results';
import type { Distribution } from '$lib/stats/consensus';

/**
 * Per-indicator fairness: the round's ratings of its `fairness` criterion, shown beside the
 * fairness survey so that one place answers both "is the evaluation fair?" and "would each
 * proposed indicator be fair?".
 *
 * Nothing here computes a statistic or decides suppression on its own: every figure is read from
 * the frozen results of the ratings module, so the same k, the same complementary suppression and
 * the same secrecy before the rating phase closes apply, and the two pages can never disagree.
 */

/** The key of the default fairness criterion (`DEFAULT_CRITERIA` in `$lib/rounds/criteria`). */
export const FAIRNESS_CRITERION = 'fairness';

export interface FairnessFigures {
	/** Raters who gave a score (1–5). */
	n: number;
	cannotJudge: number;
	mean: number | null;
	median: number | null;
	/** Shares (0–100) of those who gave a score. */
	pctAgree: number;
	pctDisagree: number;
	/** Counts of 1…5. */
	counts: [number, number, number, number, number];
}

/** A group the disclosure gate releases; hidden groups are not listed (nor named) at all. */
export interface IndicatorFairnessGroup {
	id: string;
	figures: FairnessFigures;
}

export interface IndicatorFairnessRow {
	id: number;
	name: string;
	/** The rating iteration the figures come from (0 = the first rating, then Delphi). */
	iteration: number;
	/** False when fewer than k people rated it (or a subtraction would reveal them). */
	shown: boolean;
	/** Everyone who rated it, "cannot judge" included; null when not shown. */
	raters: number | null;
	figures: FairnessFigures | null;
	groups: Record<Breakdown, IndicatorFairnessGroup[]>;
}

export interface RoundHead {
	id: number;
	title: string;
	phase: string;
}

export type IndicatorFairness =
	| { state: 'no_criterion'; round: RoundHead }
	| {
			state: 'not_yet';
			round: RoundHead;
			/**
			 * How many rated, per iteration, as the participation rule allows (a band while open):
			 * for stewards only; participants get null.
			 */
			participation: IterationParticipation[] | null;
	  }
	| {
			state: 'visible';
			round: RoundHead;
			k: number;
			participation: { iteration: number; raters: number }[];
			/** Least fair first: the indicators people doubt most are the ones to discuss. */
			indicators: IndicatorFairnessRow[];
			opdNames: Record<string, string>;
	  };

function figuresOf(dist: Distribution): FairnessFigures {
	return {
		n: dist.n,
		cannotJudge: dist.cannotJudge,
		mean: dist.mean,
		median: dist.median,
		pctAgree: dist.pctAgree,
		pctDisagree: dist.pctDisagree,
		counts: [...dist.counts]
	};
}

function headOf(round: Round): RoundHead {
	return { id: round.id, title: round.title, phase: round.phase };
}

/** Whether a round asks about fairness at all (a facilitator may have dropped the criterion). */
export function ratesFairness(round: Pick<Round, 'criteria_json'>): boolean {
	return parseCriteria(round.criteria_json).some((c) => c.key === FAIRNESS_CRITERION);
}

/**
 * The per-indicator fairness of a round, as far as `user` may see it now. Refuses (403) someone
 * who is neither a steward nor in the round's scope, exactly as the ratings results page does.
 */
export async function indicatorFairness(
	db: Kysely<Database>,
	roundId: number,
	user: SessionUser
): Promise<IndicatorFairness> {
	const round = await currentRound(db, roundId);
	const access = await resultsAccess(db, round, user);
	if (access === 'denied') throw new RuleError('rating_error_forbidden', 403);
	const head = headOf(round);
	if (!ratesFairness(round)) return { state: 'no_criterion', round: head };
	if (access === 'not_yet') {
		const steward = user.roles.some((r) => r === 'facilitator' || r === 'leader' || r === 'admin');
		return {
			state: 'not_yet',
			round: head,
			participation: steward ? await roundParticipation(db, round) : null
		};
	}
	const results = await frozenResults(db, round);
	const fairnessOf = (criteria: { key: string; dist: Distribution }[] | null) => {
		const c = criteria?.find((x) => x.key === FAIRNESS_CRITERION);
		return c ? figuresOf(c.dist) : null;
	};
	const indicators: IndicatorFairnessRow[] = results.indicators.map((ind) => {
		const figures = ind.final.shown ? fairnessOf(ind.final.criteria) : null;
		const groups = Object.fromEntries(
			BREAKDOWNS.map((dim) => [
				dim,
				ind.groups[dim].flatMap((g) => {
					const figures = fairnessOf(g.criteria);
					return figures ? [{ id: g.id, figures }] : [];
				})
			])
		) as Record<Breakdown, IndicatorFairnessGroup[]>;
		return {
			id: ind.id,
			name: ind.name,
			iteration: ind.final.iteration,
			shown: figures !== null,
			raters: figures ? ind.final.raters : null,
			figures,
			groups
		};
	});
	indicators.sort((a, b) => {
		const am = a.figures?.mean ?? null;
		const bm = b.figures?.mean ?? null;
		if (am === null || bm === null) return Number(am === null) - Number(bm === null) || a.id - b.id;
		return am - bm || a.id - b.id;
	});
	return {
		state: 'visible',
		round: head,
		k: results.k,
		participation: results.participation,
		indicators,
		opdNames: results.opdNames
	};
}

/**
 * The per-indicator fairness of the round a survey is linked to, or null when it is linked to
 * none (or to a round that no longer exists, which the page then shows as unlinked).
 */
export async function surveyIndicatorFairness(
	db: Kysely<Database>,
	survey: { round_id: number | null },
	user: SessionUser
): Promise<IndicatorFairness | null> {
	if (survey.round_id === null) return null;
	const exists = await db
		.selectFrom('round')
		.select('id')
		.where('id', '=', survey.round_id)
		.executeTakeFirst();
	return exists ? indicatorFairness(db, survey.round_id, user) : null;
}

/** Rounds a survey can be linked to: any that exists, newest first. */
export async function linkableRounds(db: Kysely<Database>): Promise<RoundHead[]> {
	return db.selectFrom('round').select(['id', 'title', 'phase']).orderBy('id', 'desc').execute();
}

/**
 * The figures of the per-indicator fairness table and its breakdowns as CSV: exactly what the
 * page shows to this user (suppressed rows say why and carry no figure), and nothing before the
 * round's results may be seen.
 */
export async function indicatorFairnessCsv(
	db: Kysely<Database>,
	roundId: number,
	user: SessionUser
): Promise<string> {
	const f = await indicatorFairness(db, roundId, user);
	if (f.state === 'not_yet') throw new RuleError('results_not_yet', 409);
	const rows: unknown[][] = [];
	const figures = (x: FairnessFigures | null) =>
		x
			? [x.n, x.cannotJudge, x.mean, x.median, x.pctAgree, x.pctDisagree, ...x.counts]
			: Array(11).fill(null);
	if (f.state === 'visible') {
		for (const ind of f.indicators) {
			rows.push([
				ind.id,
				ind.name,
				'all',
				'',
				ind.shown ? 'shown' : 'suppressed',
				ind.raters,
				...figures(ind.figures)
			]);
			for (const dim of BREAKDOWNS) {
				for (const g of ind.groups[dim]) {
					const name = dim === 'opd' ? (f.opdNames[g.id] ?? g.id) : g.id;
					rows.push([ind.id, ind.name, dim, name, 'shown', null, ...figures(g.figures)]);
				}
			}
		}
	}
	return toCsv(
		[
			'indicator_id',
			'indicator',
			'breakdown',
			'group',
			'status',
			'raters',
			'scored',
			'cannot_judge',
			'mean',
			'median',
			'pct_4_5',
			'pct_1_2',
			'n_1',
			'n_2',
			'n_3',
			'n_4',
			'n_5'
		],
		rows
	);
}
