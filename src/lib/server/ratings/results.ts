import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Round } from '$lib/server/db/schema/rounds';
import { isAtOrAfter } from '$lib/rounds/phases';
import { parseConsensusRule, parseCriteria, type ConsensusRule } from '$lib/rounds/criteria';
import {
	addCounts,
	combineCriteria,
	compareStrength,
	decide,
	decideGroupAware,
	emptyCounts,
	stability,
	summarise,
	type Decision,
	type Distribution,
	type ScoreCounts,
	type Stability
} from '$lib/stats/consensus';
import { participation as participationOf } from './ballots';
import {
	countReleasable,
	freeTextReleasable,
	releaseRatings,
	type CrossRelease
} from '$lib/server/disclosure';

type Db = Kysely<Database> | Transaction<Database>;

/** Breakdowns, in the order of the disclosure release's groups. */
export const BREAKDOWNS = ['opd', 'position_type'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export interface CriterionResult {
	key: string;
	dist: Distribution;
	decision: Decision;
}

/**
 * A group whose figures may be shown. Groups the disclosure gate hides are not listed at all:
 * naming a group as "too small" would say that its few members took part.
 */
export interface GroupResult {
	id: string;
	criteria: CriterionResult[];
	decision: Decision;
}

export interface IterationResult {
	iteration: number;
	/** False when fewer than k people rated: no figure of that iteration is shown. */
	shown: boolean;
	raters: number | null;
	/**
	 * Of `raters`, how many did not re-rate in this Delphi iteration and kept their previous
	 * rating (carry-forward, $lib/server/ratings/counts.ts); 0 in the first rating, null when
	 * not shown. Absent from results cached before carry-forward existed.
	 */
	carried?: number | null;
	decision: Decision | null;
	pooled: Distribution | null;
	criteria: CriterionResult[];
	/** Change from the previous iteration, per criterion (Delphi iterations only; only where at
	 * least k people rated in both). */
	stability: (Stability & { key: string })[];
}

export interface IndicatorResult {
	id: number;
	name: string;
	/** The latest iteration that rated this indicator decides. */
	final: IterationResult;
	history: IterationResult[];
	groups: Record<Breakdown, GroupResult[]>;
}

export interface RoundResults {
	roundId: number;
	k: number;
	rule: ConsensusRule;
	criteria: string[];
	iterations: number[];
	participation: { iteration: number; raters: number }[];
	/** Ranked by consensus strength. */
	indicators: IndicatorResult[];
	/** Names of the OPDs that appear (ids as strings, as in the groups). */
	opdNames: Record<string, string>;
	computedAt: string;
}

interface CountRow {
	iteration: number;
	indicator_id: number;
	criterion: string;
	opd_id: number;
	position_type: string;
	/** 0 = "cannot judge". */
	score: number;
	n: number;
}

/**
 * Computes a round's full results from counts per score. One GROUP BY query does the heavy
 * lifting in the database; everything else is the pure statistics of $lib/stats.
 */
export async function computeResults(db: Db, round: Round): Promise<RoundResults> {
	const criteriaKeys = parseCriteria(round.criteria_json).map((c) => c.key);
	const rule = parseConsensusRule(round.consensus_rule_json);
	const k = round.min_group_size;

	const [rows, pairs, carriedRows, indicators] = await Promise.all([
		db
			.selectFrom('rating_count')
			.select(['iteration', 'indicator_id', 'criterion', 'opd_id', 'position_type', 'score', 'n'])
			.where('round_id', '=', round.id)
			.where('n', '>', 0)
			.execute() as Promise<CountRow[]>,
		db
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
				'b.iteration',
				'b.indicator_id',
				'b.criterion',
				(eb) => eb.fn.countAll<number>().as('paired'),
				sql<number>`sum(case when coalesce(a.score, 0) <> coalesce(b.score, 0) then 1 else 0 end)`.as(
					'changed'
				)
			])
			.where('b.round_id', '=', round.id)
			.where('b.iteration', '>', 0)
			.groupBy(['b.iteration', 'b.indicator_id', 'b.criterion'])
			.execute(),
		// Carried ballots per iteration and indicator: every carried person has one per criterion.
		db
			.selectFrom('rating_ballot')
			.select(['iteration', 'indicator_id', (eb) => eb.fn.countAll<number>().as('n')])
			.where('round_id', '=', round.id)
			.where('carried', '=', 1)
			.where('criterion', '=', criteriaKeys[0] ?? '')
			.groupBy(['iteration', 'indicator_id'])
			.execute(),
		db
			.selectFrom('indicator')
			.select(['id', 'name'])
			.where('round_id', '=', round.id)
			.where('status', '=', 'shortlisted')
			.execute()
	]);

	// iteration → indicator → cell "opd|position" → criterion → counts
	const tree = new Map<number, Map<number, Map<string, Map<string, ScoreCounts>>>>();
	for (const r of rows) {
		let byInd = tree.get(r.iteration);
		if (!byInd) tree.set(r.iteration, (byInd = new Map()));
		let byCell = byInd.get(r.indicator_id);
		if (!byCell) byInd.set(r.indicator_id, (byCell = new Map()));
		const cellKey = `${r.opd_id}|${r.position_type}`;
		let byCrit = byCell.get(cellKey);
		if (!byCrit) byCell.set(cellKey, (byCrit = new Map()));
		let c = byCrit.get(r.criterion);
		if (!c) byCrit.set(r.criterion, (c = { counts: [0, 0, 0, 0, 0], cannotJudge: 0 }));
		const n = Number(r.n);
		if (r.score === 0) c.cannotJudge += n;
		else (c.counts as unknown as number[])[r.score - 1] += n;
	}
	const pairMap = new Map(
		pairs.map((p) => [
			`${p.iteration}|${p.indicator_id}|${p.criterion}`,
			{ paired: Number(p.paired), changed: Number(p.changed) }
		])
	);

	const carriedMap = new Map(
		carriedRows.map((c) => [`${c.iteration}|${c.indicator_id}`, Number(c.n)])
	);

	const iterationResult = (
		iteration: number,
		indicatorId: number,
		cells: Map<string, Map<string, ScoreCounts>>,
		release: CrossRelease,
		prev: IterationResult | undefined
	): IterationResult => {
		const totals = new Map<string, ScoreCounts>(criteriaKeys.map((c) => [c, emptyCounts()]));
		for (const byCrit of cells.values()) {
			for (const key of criteriaKeys) {
				const c = byCrit.get(key);
				if (c) totals.set(key, addCounts(totals.get(key)!, c));
			}
		}
		if (!release.total) {
			return {
				iteration,
				shown: false,
				raters: null,
				carried: null,
				decision: null,
				pooled: null,
				criteria: [],
				stability: []
			};
		}
		const awareDim = rule.groupAware === 'opd' ? 0 : rule.groupAware === 'position_type' ? 1 : null;
		const criteria = criteriaKeys.map((key) => {
			const dist = summarise(totals.get(key)!);
			let decision = decide(dist, rule);
			if (awareDim !== null) {
				// Only groups the gate releases take part: a hidden group's veto would show through.
				const groupCounts = new Map<string, ScoreCounts>();
				for (const [cellKey, byCrit] of cells) {
					const g = cellKey.split('|')[awareDim];
					if (!release.shown[awareDim].has(g)) continue;
					groupCounts.set(
						g,
						addCounts(groupCounts.get(g) ?? emptyCounts(), byCrit.get(key) ?? emptyCounts())
					);
				}
				decision = decideGroupAware(totals.get(key)!, [...groupCounts.values()], rule, k);
			}
			return { key, dist, decision };
		});
		const pooled = summarise([...totals.values()].reduce(addCounts, emptyCounts()));
		const stab: IterationResult['stability'] = [];
		if (prev && prev.shown) {
			for (const c of criteria) {
				const p = pairMap.get(`${iteration}|${indicatorId}|${c.key}`) ?? { paired: 0, changed: 0 };
				if (!countReleasable(p.paired, k)) continue;
				const before = prev.criteria.find((x) => x.key === c.key);
				if (before)
					stab.push({ key: c.key, ...stability(before.dist, c.dist, p.paired, p.changed) });
			}
		}
		return {
			iteration,
			shown: true,
			raters: ratersOf(cells),
			carried: carriedMap.get(`${iteration}|${indicatorId}`) ?? 0,
			decision: combineCriteria(criteria.map((c) => c.decision)),
			pooled,
			criteria,
			stability: stab
		};
	};

	const iterations = [...tree.keys()].sort((a, b) => a - b);
	const results: IndicatorResult[] = [];
	for (const ind of indicators) {
		const history: IterationResult[] = [];
		let lastCells: Map<string, Map<string, ScoreCounts>> | undefined;
		let lastRelease: CrossRelease | undefined;
		for (const it of iterations) {
			const cells = tree.get(it)?.get(ind.id);
			if (!cells) continue;
			// Every iteration is checked with its groups, though only the last one's groups are
			// listed: showing less than a checked release can only be safer.
			const release = releaseRatings(cells, criteriaKeys, k);
			history.push(iterationResult(it, ind.id, cells, release, history[history.length - 1]));
			lastCells = cells;
			lastRelease = release;
		}
		if (!lastCells || !lastRelease) {
			const empty: IterationResult = {
				iteration: 0,
				shown: false,
				raters: null,
				decision: null,
				pooled: null,
				criteria: [],
				stability: []
			};
			results.push({
				id: ind.id,
				name: ind.name,
				final: empty,
				history: [],
				groups: { opd: [], position_type: [] }
			});
			continue;
		}
		// Counts per breakdown group and criterion, summed in one pass over the cells (looping over
		// the cells once per group and criterion made this the slowest part of the whole run).
		const byGroup = BREAKDOWNS.map(() => new Map<string, Map<string, ScoreCounts>>());
		for (const [cellKey, byCrit] of lastCells) {
			const parts = cellKey.split('|');
			byGroup.forEach((groupsOfDim, d) => {
				let sums = groupsOfDim.get(parts[d]);
				if (!sums) groupsOfDim.set(parts[d], (sums = new Map()));
				for (const [key, c] of byCrit) sums.set(key, addCounts(sums.get(key) ?? emptyCounts(), c));
			});
		}
		const groups = {} as Record<Breakdown, GroupResult[]>;
		BREAKDOWNS.forEach((dim, d) => {
			const list: GroupResult[] = [];
			for (const id of lastRelease.shown[d]) {
				const criteria = criteriaKeys.map((key) => {
					const c = byGroup[d].get(id)?.get(key) ?? emptyCounts();
					const dist = summarise(c);
					return { key, dist, decision: decide(dist, rule) };
				});
				list.push({
					id,
					criteria,
					decision: combineCriteria(criteria.map((c) => c.decision))
				});
			}
			groups[dim] = list.sort((a, b) => a.id.localeCompare(b.id));
		});
		results.push({
			id: ind.id,
			name: ind.name,
			final: history[history.length - 1],
			history,
			groups
		});
	}

	results.sort((a, b) => {
		if (!a.final.shown || !b.final.shown)
			return Number(b.final.shown) - Number(a.final.shown) || a.id - b.id;
		return (
			compareStrength(
				{ decision: a.final.decision!, dist: a.final.pooled! },
				{ decision: b.final.decision!, dist: b.final.pooled! }
			) || a.id - b.id
		);
	});

	// Names only of OPDs shown somewhere: a list naming the others would say they took part.
	const opdIds = [...new Set(results.flatMap((r) => r.groups.opd.map((g) => Number(g.id))))];
	const opdRows = opdIds.length
		? await db.selectFrom('org_unit').select(['id', 'name']).where('id', 'in', opdIds).execute()
		: [];
	const participation = await participationOf(db, round.id);

	return {
		roundId: round.id,
		k,
		rule,
		criteria: criteriaKeys,
		iterations,
		participation,
		indicators: results,
		opdNames: Object.fromEntries(opdRows.map((o) => [String(o.id), o.name])),
		computedAt: new Date().toISOString()
	};
}

/** Results are visible once rating has closed; from then on ballots cannot change. */
export function resultsFrozen(round: Pick<Round, 'phase'>): boolean {
	return isAtOrAfter(round.phase, 'closed');
}

// Frozen results per database and round: computing 1.4 M ballots takes a second, serving a
// cached object takes microseconds. Safe because a closed round's ballots never change.
const memory = new WeakMap<object, Map<number, RoundResults>>();

/**
 * The frozen results of a closed round: from memory, else from the cache table (another app
 * server may have computed them), else computed now and stored.
 */
export async function frozenResults(db: Kysely<Database>, round: Round): Promise<RoundResults> {
	if (!resultsFrozen(round)) throw new Error('results are not frozen before the round closes');
	let perDb = memory.get(db);
	if (!perDb) memory.set(db, (perDb = new Map()));
	const hit = perDb.get(round.id);
	if (hit) return hit;
	const row = await db
		.selectFrom('rating_result_cache')
		.select('results_json')
		.where('round_id', '=', round.id)
		.executeTakeFirst();
	let results: RoundResults;
	if (row) {
		results = JSON.parse(row.results_json) as RoundResults;
	} else {
		results = await computeResults(db, round);
		await db
			.insertInto('rating_result_cache')
			.values({
				round_id: round.id,
				results_json: JSON.stringify(results),
				computed_at: results.computedAt
			})
			.onConflict((oc) => oc.column('round_id').doNothing())
			.execute();
	}
	perDb.set(round.id, results);
	return results;
}

/** For tests and the benchmark: forget the in-memory copy (the table copy stays). */
export function forgetMemoryCache(db: Kysely<Database>): void {
	memory.delete(db);
}

/**
 * Overall median and IQR per criterion of one indicator in a past (hence frozen) iteration, for
 * the Delphi feedback. Shown only when the disclosure gate releases that iteration's overall
 * figures — the same release the published results use, so the two can never be combined.
 */
export async function iterationSummary(
	db: Db,
	round: Round,
	iteration: number,
	indicatorId: number
): Promise<{ raters: number; criteria: Record<string, Distribution> } | null> {
	const rows = await db
		.selectFrom('rating_count')
		.select(['criterion', 'opd_id', 'position_type', 'score', 'n'])
		.where('round_id', '=', round.id)
		.where('iteration', '=', iteration)
		.where('indicator_id', '=', indicatorId)
		.where('n', '>', 0)
		.execute();
	const cells = new Map<string, Map<string, ScoreCounts>>();
	const by = new Map<string, ScoreCounts>();
	for (const r of rows) {
		const cellKey = `${r.opd_id}|${r.position_type}`;
		let byCrit = cells.get(cellKey);
		if (!byCrit) cells.set(cellKey, (byCrit = new Map()));
		for (const target of [byCrit, by]) {
			const c = target.get(r.criterion) ?? { counts: [0, 0, 0, 0, 0], cannotJudge: 0 };
			if (r.score === 0) c.cannotJudge += Number(r.n);
			else (c.counts as unknown as number[])[r.score - 1] += Number(r.n);
			target.set(r.criterion, c);
		}
	}
	const criteriaKeys = parseCriteria(round.criteria_json).map((c) => c.key);
	if (cells.size === 0 || !releaseRatings(cells, criteriaKeys, round.min_group_size).total) {
		return null;
	}
	return {
		raters: ratersOf(cells),
		criteria: Object.fromEntries([...by].map(([key, c]) => [key, summarise(c)]))
	};
}

/** Everyone who rated, "cannot judge" included: each rates every criterion of an indicator. */
function ratersOf(cells: ReadonlyMap<string, ReadonlyMap<string, ScoreCounts>>): number {
	let raters = 0;
	for (const byCrit of cells.values()) {
		let most = 0;
		for (const c of byCrit.values())
			most = Math.max(most, c.counts.reduce((s, x) => s + x, 0) + c.cannotJudge);
		raters += most;
	}
	return raters;
}

/** Anonymous reasons given in an iteration, only when enough people rated (DESIGN.md). */
export async function iterationReasons(
	db: Db,
	round: Round,
	iteration: number,
	indicatorId: number,
	raters: number
): Promise<string[]> {
	if (!freeTextReleasable(raters, round.min_group_size)) return [];
	const rows = await db
		.selectFrom('rating_reason')
		.select('body')
		.where('round_id', '=', round.id)
		.where('iteration', '=', iteration)
		.where('indicator_id', '=', indicatorId)
		// The id is an HMAC: ordering by it is a stable order unrelated to who wrote what, or when.
		.orderBy('id')
		.execute();
	return rows.map((r) => r.body);
}
