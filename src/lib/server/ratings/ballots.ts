import { createHmac } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Round } from '$lib/server/db/schema/rounds';
import { parseCriteria, type Criterion } from '$lib/rounds/criteria';
import { RuleError } from '$lib/server/rounds/errors';
import { openIteration } from '$lib/server/rounds/phase';
import { authorizeRound } from '$lib/server/rounds/access';
import { ballotSecret, raterKey } from './secret';
import { writeBallot } from './ballotWriter';
import { buildCounts } from './counts';
import { prepared } from '$lib/server/db/prepared';

type Db = Kysely<Database> | Transaction<Database>;

export { openIteration };

// unit → its OPD (the ancestor just below the regency root). Units change rarely; 60 s is fine.
let opdCache: { at: number; map: Map<number, number> } | undefined;

/** Maps every unit to its OPD: the ancestor whose parent is a root (a root maps to itself). */
export async function opdOfUnits(db: Db): Promise<Map<number, number>> {
	if (opdCache && Date.now() - opdCache.at < 60_000) return opdCache.map;
	const rows = await db.selectFrom('org_unit').select(['id', 'parent_id']).execute();
	const parent = new Map(rows.map((r) => [r.id, r.parent_id]));
	const map = new Map<number, number>();
	for (const r of rows) {
		let u = r.id;
		for (let guard = 0; guard < 64; guard++) {
			const p = parent.get(u);
			if (p === null || p === undefined) break;
			if ((parent.get(p) ?? null) === null) break; // p is a root: u is the OPD
			u = p;
		}
		map.set(r.id, u);
	}
	opdCache = { at: Date.now(), map };
	return map;
}

export interface Rater {
	round: Round;
	iteration: number;
	criteria: Criterion[];
	raterKey: string;
	opdId: number;
	positionType: string;
}

/**
 * Who is rating: the `rate` rule of the round's permission table, through the one entry point
 * (`authorizeRound`), so the round's schedule is applied first — a ballot after the rating end is
 * refused even when nobody opened a round page since. Throws a RuleError: 404 unknown round,
 * 409 rating not open, 403 out of scope (or not active).
 */
export async function requireRater(
	db: Kysely<Database>,
	roundId: number,
	personId: number,
	/**
	 * The person's unit and position type as the session check read them from the person row in
	 * this same request (only active people have a session): saves reading the row again.
	 */
	known?: { orgUnitId: number; positionType: string },
	now: Date = new Date()
): Promise<Rater> {
	const { round, person } = await authorizeRound(
		db,
		{ id: personId, roles: [], ...(known ?? {}) },
		'rate',
		{ roundId },
		now
	);
	const iteration = openIteration(round);
	if (iteration === null || !person) throw new RuleError('rating_error_closed', 409);
	const opd = (await opdOfUnits(db)).get(person.orgUnitId) ?? person.orgUnitId;
	return {
		round,
		iteration,
		criteria: parseCriteria(round.criteria_json),
		raterKey: raterKey(round.id, personId),
		opdId: opd,
		positionType: person.positionType
	};
}

/** Whether a person may rate in the round right now (for showing the entry point). */
export async function canRate(db: Db, roundId: number, personId: number): Promise<boolean> {
	try {
		await requireRater(db, roundId, personId);
		return true;
	} catch (e) {
		if (e instanceof RuleError) return false;
		throw e;
	}
}

export interface RatableIndicator {
	id: number;
	name: string;
	definition: string;
	formula: string;
	unit_of_measure: string;
	target: string;
	data_source: string;
	version: number;
}

// The indicators open for rating in an iteration, before columns are chosen: in `rating` the
// shortlist, in a Delphi iteration its items (still shortlisted). One rule, two ways to read it.
const shortlist = (db: Db, roundId: number) =>
	db
		.selectFrom('indicator')
		.where('indicator.round_id', '=', roundId)
		.where('indicator.status', '=', 'shortlisted');
const delphiItems = (db: Db, roundId: number, iteration: number) =>
	db
		.selectFrom('delphi_item')
		.innerJoin('indicator', 'indicator.id', 'delphi_item.indicator_id')
		.where('delphi_item.round_id', '=', roundId)
		.where('delphi_item.iteration', '=', iteration)
		.where('indicator.status', '=', 'shortlisted');

/** The indicators open for rating in an iteration: the shortlist, or a Delphi iteration's items. */
export async function ratableIndicators(
	db: Db,
	roundId: number,
	iteration: number
): Promise<RatableIndicator[]> {
	const cols = [
		'indicator.id',
		'indicator.name',
		'indicator.definition',
		'indicator.formula',
		'indicator.unit_of_measure',
		'indicator.target',
		'indicator.data_source',
		'indicator.version'
	] as const;
	return iteration === 0
		? shortlist(db, roundId).select(cols).orderBy('indicator.id').execute()
		: delphiItems(db, roundId, iteration).select(cols).orderBy('indicator.id').execute();
}

/**
 * The ids of ratableIndicators(), in the same order: all a rating submission needs (is the
 * indicator on the list, which one comes next), without reading every definition again.
 */
export async function ratableIndicatorIds(
	db: Db,
	roundId: number,
	iteration: number
): Promise<{ id: number }[]> {
	return iteration === 0
		? shortlistIds.execute(db, { roundId })
		: delphiItemIds.execute(db, { roundId, iteration });
}

// The queries of every rating submission are compiled once (see prepared()).
const shortlistIds = prepared((db, p: { roundId: number }) =>
	shortlist(db, p.roundId).select('indicator.id').orderBy('indicator.id')
);
const delphiItemIds = prepared((db, p: { roundId: number; iteration: number }) =>
	delphiItems(db, p.roundId, p.iteration).select('indicator.id').orderBy('indicator.id')
);
const ratedIds = prepared((db, p: { roundId: number; raterKey: string; iteration: number }) =>
	db
		.selectFrom('rating_ballot')
		.select('indicator_id')
		.distinct()
		.where('round_id', '=', p.roundId)
		.where('rater_key', '=', p.raterKey)
		.where('iteration', '=', p.iteration)
);

/** The indicators the rater has rated in one iteration (ids only: for progress and "next"). */
export async function ratedIndicatorIds(
	db: Db,
	rater: Pick<Rater, 'round' | 'raterKey'>,
	iteration: number
): Promise<Set<number>> {
	const rows = await ratedIds.execute(db, {
		roundId: rater.round.id,
		raterKey: rater.raterKey,
		iteration
	});
	return new Set(rows.map((r) => r.indicator_id));
}

/** The rater's own ballots in one iteration, by indicator and criterion. */
export async function myBallots(
	db: Db,
	rater: Pick<Rater, 'round' | 'raterKey'>,
	iteration: number
): Promise<Map<number, Record<string, number | null>>> {
	const rows = await db
		.selectFrom('rating_ballot')
		.select(['indicator_id', 'criterion', 'score'])
		.where('round_id', '=', rater.round.id)
		.where('rater_key', '=', rater.raterKey)
		.where('iteration', '=', iteration)
		.execute();
	const out = new Map<number, Record<string, number | null>>();
	for (const r of rows) {
		const rec = out.get(r.indicator_id) ?? {};
		rec[r.criterion] = r.score;
		out.set(r.indicator_id, rec);
	}
	return out;
}

/** The rater's most recent earlier ballot per indicator (for Delphi: "your previous rating"). */
export async function myPreviousBallots(
	db: Db,
	rater: Pick<Rater, 'round' | 'raterKey'>,
	iteration: number
): Promise<Map<number, Record<string, number | null>>> {
	const rows = await db
		.selectFrom('rating_ballot')
		.select(['indicator_id', 'criterion', 'score', 'iteration'])
		.where('round_id', '=', rater.round.id)
		.where('rater_key', '=', rater.raterKey)
		.where('iteration', '<', iteration)
		.orderBy('iteration')
		.execute();
	const out = new Map<number, Record<string, number | null>>();
	for (const r of rows) {
		const rec = out.get(r.indicator_id) ?? {};
		rec[r.criterion] = r.score; // later iterations overwrite earlier ones
		out.set(r.indicator_id, rec);
	}
	return out;
}

export interface BallotInput {
	roundId: number;
	personId: number;
	indicatorId: number;
	/** The iteration the form was rendered for: a form replayed after the phase moved is refused. */
	iteration: number;
	/** Criterion key → 1…5, or null for "cannot judge". Every criterion of the round, no other. */
	scores: Record<string, number | null>;
	/** Optional reason, only in a Delphi iteration. */
	reason?: string | null;
}

/**
 * Records one person's rating of one indicator (all criteria at once), replacing their earlier
 * rating of it in the same iteration. Every rule is checked before the write; the phase is checked
 * again inside the committing transaction, so a rating racing the close is refused, not kept.
 */
export async function submitBallot(
	db: Kysely<Database>,
	input: BallotInput,
	/** The rater already checked for this request (saves the same three queries twice). */
	checked?: Rater,
	/** ratableIndicators() of the rater's iteration, when the caller has it already. */
	ratable?: readonly Pick<RatableIndicator, 'id'>[]
): Promise<void> {
	const rater =
		checked && checked.round.id === input.roundId
			? checked
			: await requireRater(db, input.roundId, input.personId);
	if (input.iteration !== rater.iteration) throw new RuleError('rating_error_stale_form', 409);
	// On the list: in this round, shortlisted, and in this iteration. Otherwise the checks below
	// find out which of those failed, for a precise message.
	const listed = ratable?.some((i) => i.id === input.indicatorId) ?? false;
	const indicator = listed
		? { id: input.indicatorId }
		: await db
				.selectFrom('indicator')
				.select(['id', 'round_id', 'status'])
				.where('id', '=', input.indicatorId)
				.executeTakeFirst();
	if (!indicator || ('round_id' in indicator && indicator.round_id !== rater.round.id)) {
		throw new RuleError('rating_error_indicator', 404);
	}
	if ('status' in indicator && indicator.status !== 'shortlisted') {
		throw new RuleError('rating_error_not_shortlisted', 409);
	}
	if (rater.iteration > 0 && !listed) {
		const item = await db
			.selectFrom('delphi_item')
			.select('indicator_id')
			.where('round_id', '=', rater.round.id)
			.where('iteration', '=', rater.iteration)
			.where('indicator_id', '=', indicator.id)
			.executeTakeFirst();
		if (!item) throw new RuleError('rating_error_not_in_iteration', 409);
	}
	const keys = rater.criteria.map((c) => c.key);
	const given = Object.keys(input.scores);
	if (given.length !== keys.length || !keys.every((k) => k in input.scores)) {
		throw new RuleError('rating_error_criteria', 400);
	}
	for (const k of keys) {
		const s = input.scores[k];
		if (s !== null && !(Number.isInteger(s) && s >= 1 && s <= 5)) {
			throw new RuleError('rating_error_score', 400);
		}
	}
	const body = input.reason?.trim() ?? '';
	if (body && rater.iteration === 0) throw new RuleError('rating_error_reason_phase', 400);
	await writeBallot(db, {
		roundId: rater.round.id,
		iteration: rater.iteration,
		rows: keys.map((k) => ({
			round_id: rater.round.id,
			iteration: rater.iteration,
			indicator_id: indicator.id,
			criterion: k,
			rater_key: rater.raterKey,
			score: input.scores[k],
			opd_id: rater.opdId,
			position_type: rater.positionType
		})),
		// Keyed by an HMAC too: a second reason replaces the first, and the id sorts at random.
		reason: body
			? {
					id: createHmac('sha256', ballotSecret())
						.update(`reason:${rater.round.id}:${rater.iteration}:${indicator.id}:${input.personId}`)
						.digest('hex')
						.slice(0, 32),
					body: body.slice(0, 1000)
				}
			: null
	});
}

/** How many people have rated, per iteration (counts only: who rated is never shown). */
export async function participation(
	db: Db,
	roundId: number
): Promise<{ iteration: number; raters: number }[]> {
	const rows = await db
		.selectFrom('rating_participant')
		.select(['iteration', (eb) => eb.fn.countAll<number>().as('raters')])
		.where('round_id', '=', roundId)
		.groupBy('iteration')
		.orderBy('iteration')
		.execute();
	return rows.map((r) => ({ iteration: r.iteration, raters: Number(r.raters) }));
}

/**
 * Rebuilds a round's counts and participants from its ballots, for ballots written in bulk
 * (demo data, imports) rather than through submitBallot.
 */
export async function rebuildCounts(trx: Transaction<Database>, roundId: number): Promise<void> {
	await buildCounts(trx, roundId);
	await trx.deleteFrom('rating_participant').where('round_id', '=', roundId).execute();
	await sql`insert into rating_participant (round_id, iteration, rater_key)
		select distinct round_id, iteration, rater_key from rating_ballot
		where round_id = ${roundId} and carried = 0`.execute(trx);
}
