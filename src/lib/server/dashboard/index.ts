import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { PHASES } from '$lib/rounds/phases';
import { eligiblePeople, parseScope } from '$lib/server/scope';
import { getRound } from '$lib/server/rounds/phase';
import {
	bandWidth,
	participationIsLive,
	roundParticipation,
	shownUnitCounts,
	type CountBand
} from '$lib/server/disclosure/participation';
import { roundConsensus } from '$lib/server/criteria/consensus';
import { DIMENSIONS } from '$lib/server/surveys/instrument';
import {
	computeResults,
	periodComparison,
	type DimensionScores
} from '$lib/server/surveys/results';

export interface ParticipationRow {
	unitId: number;
	code: string;
	name: string;
	eligible: number;
	/**
	 * People who rated (OPD level only: a ballot records its OPD, never a finer unit). Null below
	 * OPD level, while rating is open, and where the participation rule hides it.
	 */
	raters: number | null;
	/** People who proposed, supported or commented. Null when suppressed. */
	contributors: number | null;
	/** 0–100, raters (or contributors below OPD level) over eligible; null when not shown. */
	rate: number | null;
	suppressed: boolean;
	hasChildren: boolean;
}

export interface Participation {
	k: number;
	/** Rating (or a Delphi iteration) is open: raters are given only round-wide, as `liveRaters`. */
	live: boolean;
	/** While live: how many have rated in the open iteration, as a band of the whole scope. */
	liveRaters: CountBand | null;
	/** The narrowest band live counts are shown in. */
	bandWidth: number;
	rows: ParticipationRow[];
	parent: { id: number; name: string } | null;
}

/**
 * Participation of one round by OPD, or by the sub-units of one OPD (`parentId`). A unit with
 * fewer than k eligible people shows no counts: with so few people, "2 of 3 took part" points at
 * individuals. Raters exist only per OPD because ballots never record a finer unit, and only once
 * rating has closed, by the participation rule ($lib/server/disclosure/participation).
 */
export async function participationByOpd(
	db: Kysely<Database>,
	roundId: number,
	parentId: number | null = null
): Promise<Participation> {
	const round = await getRound(db, roundId);
	const k = round.min_group_size;
	const units = await db
		.selectFrom('org_unit')
		.select(['id', 'code', 'name', 'parent_id'])
		.execute();
	const parentOf = new Map(units.map((u) => [u.id, u.parent_id]));
	const roots = units.filter((u) => u.parent_id === null).map((u) => u.id);
	// The level shown: OPDs (children of the root), or the children of the chosen OPD.
	const levelParents = parentId === null ? new Set(roots) : new Set([parentId]);
	const groupOf = (unitId: number): number | null => {
		let u: number | null = unitId;
		for (let guard = 0; u !== null && guard < 64; guard++) {
			const p: number | null = parentOf.get(u) ?? null;
			if (p !== null && levelParents.has(p)) return u;
			u = p;
		}
		return null;
	};
	const eligibleQ = await eligiblePeople(db, parseScope(round.scope_json));
	const eligibleRows = await eligibleQ
		.select(['person.org_unit_id', (eb) => eb.fn.countAll<number>().as('n')])
		.groupBy('person.org_unit_id')
		.execute();
	const contributorRows = await db
		.selectFrom('person')
		.select(['person.org_unit_id', (eb) => eb.fn.countAll<number>().as('n')])
		.where('person.id', 'in', (eb) =>
			eb
				.selectFrom('indicator')
				.select('author_id as id')
				.where('round_id', '=', roundId)
				.union(eb.selectFrom('comment').select('author_id as id').where('round_id', '=', roundId))
				.union(
					eb
						.selectFrom('indicator_supporter')
						.innerJoin('indicator', 'indicator.id', 'indicator_supporter.indicator_id')
						.select('indicator_supporter.person_id as id')
						.where('indicator.round_id', '=', roundId)
				)
		)
		.groupBy('person.org_unit_id')
		.execute();
	const live = participationIsLive(round);
	const raterRows =
		parentId === null && !live
			? await db
					.selectFrom('rating_ballot')
					.select(['opd_id', (eb) => eb.fn.count<number>('rater_key').distinct().as('n')])
					.where('round_id', '=', roundId)
					.groupBy('opd_id')
					.execute()
			: [];
	const tally = new Map<number, { eligible: number; contributors: number; raters: number }>();
	const bucket = (id: number) => {
		let t = tally.get(id);
		if (!t) tally.set(id, (t = { eligible: 0, contributors: 0, raters: 0 }));
		return t;
	};
	for (const r of eligibleRows) {
		const g = groupOf(r.org_unit_id);
		if (g !== null) bucket(g).eligible += Number(r.n);
	}
	for (const r of contributorRows) {
		const g = groupOf(r.org_unit_id);
		if (g !== null) bucket(g).contributors += Number(r.n);
	}
	for (const r of raterRows) {
		const g = groupOf(r.opd_id) ?? r.opd_id;
		bucket(g).raters += Number(r.n);
	}
	const byId = new Map(units.map((u) => [u.id, u]));
	const counted = [...tally.entries()].filter(([, t]) => t.eligible > 0);
	const ratersShown =
		parentId === null && !live
			? shownUnitCounts(
					counted.map(([, t]) => ({ count: Math.min(t.raters, t.eligible), of: t.eligible })),
					k
				)
			: counted.map(() => false);
	const rows: ParticipationRow[] = counted
		.map(([id, t], i) => {
			const u = byId.get(id)!;
			const suppressed = t.eligible < k;
			const rateOf = (taking: number) =>
				Math.round((Math.min(taking, t.eligible) / t.eligible) * 100);
			return {
				unitId: id,
				code: u.code,
				name: u.name,
				eligible: t.eligible,
				raters: ratersShown[i] ? t.raters : null,
				contributors: suppressed ? null : t.contributors,
				rate:
					parentId === null
						? ratersShown[i]
							? rateOf(t.raters)
							: null
						: suppressed
							? null
							: rateOf(t.contributors),
				suppressed,
				hasChildren: units.some((c) => c.parent_id === id)
			};
		})
		.sort((a, b) => a.code.localeCompare(b.code));
	const parent = parentId === null ? null : byId.get(parentId);
	const liveRaters = live
		? ((await roundParticipation(db, round)).find((p) => p.live)?.band ?? null)
		: null;
	return {
		k,
		live,
		liveRaters,
		bandWidth: bandWidth(k),
		rows,
		parent: parent ? { id: parent.id, name: parent.name } : null
	};
}

/** How many rounds are in each phase. */
export async function roundsByPhase(db: Kysely<Database>) {
	const rows = await db
		.selectFrom('round')
		.select(['phase', (eb) => eb.fn.countAll<number>().as('n')])
		.groupBy('phase')
		.execute();
	return PHASES.map((phase) => ({
		phase,
		rounds: Number(rows.find((r) => r.phase === phase)?.n ?? 0)
	}));
}

/** For each round with published results: indicators rated and how many reached consensus. */
export async function consensusPerRound(db: Kysely<Database>) {
	const rounds = await db
		.selectFrom('round')
		.select(['id', 'title'])
		.where('phase', 'in', ['closed', 'published', 'adopted'])
		.orderBy('id')
		.execute();
	const out = [];
	for (const r of rounds) {
		const consensus = await roundConsensus(db, await getRound(db, r.id));
		const decisions = [...consensus.values()].map((c) => c.decision);
		out.push({
			roundId: r.id,
			title: r.title,
			indicators: decisions.length,
			reached: decisions.filter((d) => d === 'reached').length,
			notReached: decisions.filter((d) => d === 'not_reached').length,
			rejected: decisions.filter((d) => d === 'rejected').length,
			unknown: decisions.filter((d) => d === 'unknown').length
		});
	}
	return out;
}

function round2(x: number): number {
	return Math.round(x * 100) / 100;
}

/** The fairness index of a result: the mean of its four dimension means, or null if any is hidden. */
function fairnessIndex(scores: DimensionScores | null): number | null {
	if (!scores) return null;
	const means = DIMENSIONS.map((d) => scores[d]?.mean ?? null);
	if (means.some((v) => v === null)) return null;
	return round2((means as number[]).reduce((a, b) => a + b, 0) / means.length);
}

/**
 * Fairness by dimension over the closed survey periods, and the OPDs where the latest survey
 * found fairness lowest. Figures come from the surveys module, already hidden for groups below k.
 */
export async function fairnessOverview(db: Kysely<Database>, now: Date = new Date()) {
	const periods = await periodComparison(db, now);
	const points = periods.map((p) => ({
		surveyId: p.survey.id,
		title: p.survey.title,
		period: `${p.survey.opens_at.slice(0, 10)} – ${p.survey.closes_at.slice(0, 10)}`,
		respondents: p.total,
		dimensions: DIMENSIONS.map((d) => {
			const v = p.scores?.[d]?.mean;
			return v === undefined || v === null ? null : round2(v);
		}),
		index: fairnessIndex(p.scores)
	}));
	const latest = periods.at(-1);
	let lowest: { key: string; name: string; respondents: number | null; index: number }[] = [];
	if (latest) {
		const r = await computeResults(db, latest.survey.id, now);
		lowest = r.byOpd
			.map((g) => ({
				key: g.key,
				name: g.name ?? g.key,
				respondents: g.n,
				index: fairnessIndex(g.scores)
			}))
			.filter((g): g is typeof g & { index: number } => g.index !== null)
			.sort((a, b) => a.index - b.index)
			.slice(0, 5);
	}
	return { dimensions: [...DIMENSIONS], points, latest: latest?.survey.title ?? null, lowest };
}
