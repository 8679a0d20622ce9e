import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Round } from '$lib/server/db/schema/rounds';
import { openIteration } from '$lib/server/rounds/phase';
import { countEligible, parseScope } from '$lib/server/scope';
import type { Survey } from '$lib/server/db/schema/surveys';
import { surveyStatus } from '$lib/server/surveys/surveys';

/*
 * Who took part, and when: the one rule for every count of participants (README, "Privacy",
 * "Counts during a round"). While an iteration is open, a count that moves with each ballot ties
 * every +1 to one person's action, and a unit at 0 % or 100 % names who took part. So:
 *
 * - while rating or a Delphi iteration is open, only round-wide figures, in bands at least
 *   `bandWidth(k)` people wide; the lowest band starts at 0 and the highest ends at everyone, so
 *   neither "nobody yet" nor "everyone" is ever shown; per-unit and per-indicator figures wait;
 * - once it is closed, exact counts, but a unit's (or the round's) count only when at least k
 *   people took part and at least k did not, and never one hidden unit alone (the others and
 *   the round's total would give it away).
 */

type Db = Kysely<Database> | Transaction<Database>;

/** The narrowest live band: wide enough that a band holds more people than any small unit. */
export const LIVE_BAND_MIN = 10;

/** Live shares (of changed Delphi ratings) move in steps of this many percentage points. */
export const LIVE_SHARE_STEP = 5;

/** Band width for a round whose minimum reporting group is `k`. */
export function bandWidth(k: number): number {
	return Math.max(LIVE_BAND_MIN, k);
}

/** "Between `from` and `to` of `of` people": a count shown only as a band. */
export interface CountBand {
	from: number;
	to: number;
	of: number;
}

/**
 * The live band of `count` people out of `of`, or null when the population is too small for two
 * bands (then any band would say as much as the count). Bands are [0, w), [w, 2w), …, and the last
 * one runs up to `of` (width w to 2w − 1), so 0 and `of` each share a band with w − 1 other values.
 */
export function liveBand(count: number, of: number, k: number): CountBand | null {
	const w = bandWidth(k);
	const bands = Math.floor(of / w);
	if (bands < 2) return null;
	const i = Math.min(Math.floor(Math.max(0, count) / w), bands - 1);
	const from = i * w;
	return { from, to: i === bands - 1 ? of : from + w - 1, of };
}

/** A closed count may be shown exactly when at least k took part and at least k did not. */
export function finalCountShown(count: number, of: number, k: number): boolean {
	return count >= k && of - count >= k;
}

/**
 * Which units' closed counts may be shown, given that the round's total is shown elsewhere.
 * A unit passes `finalCountShown` on its own; then, while the hidden units together would fall
 * out by subtraction (one hidden unit alone, or a hidden sum that fails the rule itself), the
 * shown unit with the fewest participants is hidden too — hiding as few people as possible.
 */
export function shownUnitCounts(units: { count: number; of: number }[], k: number): boolean[] {
	const shown = units.map((u) => finalCountShown(u.count, u.of, k));
	for (;;) {
		const hidden = units.filter((_, i) => !shown[i]);
		if (hidden.length === 0) return shown;
		const count = hidden.reduce((s, u) => s + u.count, 0);
		const of = hidden.reduce((s, u) => s + u.of, 0);
		if (hidden.length >= 2 && finalCountShown(count, of, k)) return shown;
		let next = -1;
		for (let i = 0; i < units.length; i++) {
			if (shown[i] && (next < 0 || units[i].count < units[next].count)) next = i;
		}
		if (next < 0) return shown;
		shown[next] = false;
	}
}

/** A share that moves while an iteration is open, in steps of LIVE_SHARE_STEP points. */
export interface ShareBand {
	fromPct: number;
	toPct: number;
}

/**
 * The live band of `part` out of `whole` (e.g. Delphi ratings changed out of those compared), or
 * null until one step of LIVE_SHARE_STEP points is at least `bandWidth(k)` ratings: before that,
 * a step could be one person's change.
 */
export function liveShareBand(part: number, whole: number, k: number): ShareBand | null {
	if (whole * LIVE_SHARE_STEP < 100 * bandWidth(k)) return null;
	const pct = (100 * part) / whole;
	const fromPct = Math.min(
		Math.floor(pct / LIVE_SHARE_STEP) * LIVE_SHARE_STEP,
		100 - LIVE_SHARE_STEP
	);
	return { fromPct, toPct: fromPct + LIVE_SHARE_STEP };
}

/** Whether per-unit and per-indicator participation may be shown: not while an iteration is open. */
export function participationIsLive(round: Pick<Round, 'phase' | 'delphi_iteration'>): boolean {
	return openIteration(round) !== null;
}

/** Participation in one iteration, as far as it may be shown now. */
export interface IterationParticipation {
	iteration: number;
	/** True while this iteration is open: then only `band` is given. */
	live: boolean;
	/** Exact count of raters, once the iteration is closed and the count passes the k rule. */
	raters: number | null;
	/** While open: the round-wide band (null when the round's scope is too small for bands). */
	band: CountBand | null;
	eligible: number;
}

/**
 * How many people have rated in each iteration of a round, for facilitator and leader pages and
 * the API: the open iteration as a band, closed ones exactly when the k rule allows.
 */
export async function roundParticipation(db: Db, round: Round): Promise<IterationParticipation[]> {
	const k = round.min_group_size;
	const [rows, eligible] = await Promise.all([
		db
			.selectFrom('rating_participant')
			.select(['iteration', (eb) => eb.fn.countAll<number>().as('raters')])
			.where('round_id', '=', round.id)
			.groupBy('iteration')
			.orderBy('iteration')
			.execute(),
		countEligible(db, parseScope(round.scope_json))
	]);
	const open = openIteration(round);
	const out: IterationParticipation[] = rows.map((r) => {
		const n = Number(r.raters);
		const live = r.iteration === open;
		return {
			iteration: r.iteration,
			live,
			raters: !live && finalCountShown(n, eligible, k) ? n : null,
			band: live ? liveBand(n, eligible, k) : null,
			eligible
		};
	});
	// An open iteration nobody has rated in yet still gets its (lowest) band: "none yet" would
	// otherwise be told apart from "a few", and the first ballot would show.
	if (open !== null && !out.some((p) => p.iteration === open)) {
		out.push({
			iteration: open,
			live: true,
			raters: null,
			band: liveBand(0, eligible, k),
			eligible
		});
	}
	return out;
}

/** How many have answered a survey, as far as it may be shown now. */
export interface SurveyParticipation {
	/** The survey is open: only `band` is given. */
	live: boolean;
	/** Exact, once the survey is closed (its results then report respondents anyway). */
	respondents: number | null;
	band: CountBand | null;
}

/**
 * Respondents of a survey for its manage and results pages: while it is open, a band of everyone
 * in scope — each answer would otherwise show as +1 the moment its author sent it.
 */
export async function surveyParticipation(
	db: Db,
	survey: Pick<Survey, 'id' | 'status' | 'opens_at' | 'closes_at' | 'min_group_size'>,
	eligible: number,
	now: Date = new Date()
): Promise<SurveyParticipation> {
	const row = await db
		.selectFrom('survey_participation')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('survey_id', '=', survey.id)
		.executeTakeFirstOrThrow();
	const n = Number(row.n);
	const live = surveyStatus(survey, now) !== 'closed';
	return {
		live,
		respondents: live ? null : n,
		band: live ? liveBand(n, eligible, survey.min_group_size) : null
	};
}
