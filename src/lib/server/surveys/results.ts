import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Survey, SurveyItem } from '$lib/server/db/schema/surveys';
import { recordAudit } from '$lib/server/audit';
import { inTransaction } from '$lib/server/db/errors';
import { countEligible } from '$lib/server/scope';
import { summariseLikert, type LikertSummary } from '$lib/stats/fairness';
import { countReleasable, freeTextReleasable, releaseSurvey } from '$lib/server/disclosure';
import { cronbachAlpha } from '$lib/stats/reliability';
import { DIMENSIONS, isDimension, type Dimension } from './instrument';
import type { Answers } from './responses';
import { getItems, getSurvey, surveyScope, surveyStatus, SurveyError } from './surveys';

type Db = Kysely<Database> | Transaction<Database>;

/** The key of the group that collects respondents whose OPD or position type was not kept. */
export const OTHER_GROUP = 'other';

export type DimensionScores = Record<Dimension, LikertSummary | null>;

/**
 * A group the disclosure gate releases. Hidden groups are not listed at all: naming a group as
 * "too small" would say that its few members answered.
 */
export interface GroupResult {
	key: string;
	/** OPD name (by OPD) or position type code; the 'other' group has none. */
	name: string | null;
	n: number;
	scores: DimensionScores;
}

export interface ItemDistribution {
	item: SurveyItem;
	n: number;
	counts: number[];
}

export interface SurveyResults {
	survey: Survey;
	total: number;
	eligible: number;
	k: number;
	overall: { shown: boolean; scores: DimensionScores | null };
	byOpd: GroupResult[];
	byPositionType: GroupResult[];
	/** Cronbach's alpha per dimension (null where undefined); null when fewer than k responded. */
	alpha: Record<Dimension, { alpha: number | null; items: number }> | null;
	/** Facilitators' own Likert and choice items, overall only. */
	customItems: ItemDistribution[];
}

interface StoredResponse {
	id: string;
	opd: string;
	positionType: string;
	answers: Answers;
}

async function loadResponses(db: Db, surveyId: number): Promise<StoredResponse[]> {
	const rows = await db
		.selectFrom('survey_response')
		.select(['id', 'opd_unit_id', 'position_type', 'answers_json'])
		.where('survey_id', '=', surveyId)
		.orderBy('id')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		opd: r.opd_unit_id === null ? OTHER_GROUP : String(r.opd_unit_id),
		positionType: r.position_type ?? OTHER_GROUP,
		answers: JSON.parse(r.answers_json) as Answers
	}));
}

function dimensionItems(items: SurveyItem[]): Record<Dimension, SurveyItem[]> {
	const out = Object.fromEntries(DIMENSIONS.map((d) => [d, [] as SurveyItem[]])) as Record<
		Dimension,
		SurveyItem[]
	>;
	for (const item of items) {
		if (item.kind === 'likert' && isDimension(item.dimension)) out[item.dimension].push(item);
	}
	return out;
}

function scoresOf(responses: StoredResponse[], byDim: Record<Dimension, SurveyItem[]>) {
	const scores = {} as DimensionScores;
	for (const d of DIMENSIONS) {
		scores[d] = summariseLikert(
			responses.map((r) =>
				byDim[d].map((it) => r.answers[it.id]).filter((v): v is number => typeof v === 'number')
			)
		);
	}
	return scores;
}

/** Results are published only once the survey has closed: live figures would let anyone who
 * watched them change after a colleague answered read that colleague's answers. */
export function resultsAvailable(survey: Survey, now: Date = new Date()): boolean {
	return surveyStatus(survey, now) === 'closed';
}

export async function computeResults(
	db: Db,
	surveyId: number,
	now: Date = new Date()
): Promise<SurveyResults> {
	const survey = await getSurvey(db, surveyId);
	if (!survey) throw new SurveyError('survey_not_found');
	if (!resultsAvailable(survey, now)) throw new SurveyError('survey_results_not_yet');
	const items = await getItems(db, surveyId);
	const byDim = dimensionItems(items);
	const responses = await loadResponses(db, surveyId);
	const k = survey.min_group_size;
	const total = responses.length;

	const groupsOf = (key: (r: StoredResponse) => string) => {
		const map = new Map<string, StoredResponse[]>();
		for (const r of responses) {
			const list = map.get(key(r));
			if (list) list.push(r);
			else map.set(key(r), [r]);
		}
		return map;
	};
	const opdGroups = groupsOf((r) => r.opd);
	const typeGroups = groupsOf((r) => r.positionType);
	const answeredOf = (r: StoredResponse) =>
		DIMENSIONS.map((d) => byDim[d].some((it) => typeof r.answers[it.id] === 'number'));
	const release = releaseSurvey(
		responses.map((r) => ({ opd: r.opd, positionType: r.positionType, answered: answeredOf(r) })),
		k
	);
	const [shownOpd, shownType] = release.shown;

	// Names only of OPDs shown: a list naming the others would say they answered.
	const opdIds = [...shownOpd].filter((key) => key !== OTHER_GROUP).map(Number);
	const names = new Map(
		opdIds.length
			? (
					await db.selectFrom('org_unit').select(['id', 'name']).where('id', 'in', opdIds).execute()
				).map((u) => [String(u.id), u.name])
			: []
	);
	const build = (
		groups: Map<string, StoredResponse[]>,
		shown: Set<string>,
		name: (key: string) => string | null
	): GroupResult[] =>
		[...groups]
			.filter(([key]) => shown.has(key))
			.map(([key, rs]) => ({
				key,
				name: key === OTHER_GROUP ? null : name(key),
				n: rs.length,
				scores: scoresOf(rs, byDim)
			}))
			.sort((a, b) =>
				a.key === OTHER_GROUP
					? 1
					: b.key === OTHER_GROUP
						? -1
						: (a.name ?? '').localeCompare(b.name ?? '')
			);

	let alpha: SurveyResults['alpha'] = null;
	if (release.total) {
		alpha = {} as NonNullable<SurveyResults['alpha']>;
		for (const d of DIMENSIONS) {
			const rows = responses
				.map((r) => byDim[d].map((it) => r.answers[it.id]))
				.filter((row): row is number[] => row.every((v) => typeof v === 'number'));
			alpha[d] = { alpha: cronbachAlpha(rows), items: byDim[d].length };
		}
	}

	const customItems: ItemDistribution[] = [];
	if (release.total) {
		for (const item of items) {
			if (item.builtin_key || item.kind === 'text') continue;
			const size = item.kind === 'likert' ? 5 : JSON.parse(item.options_json ?? '[]').length;
			const counts = Array.from({ length: size }, () => 0);
			let n = 0;
			for (const r of responses) {
				const v = r.answers[item.id];
				if (typeof v !== 'number') continue;
				counts[item.kind === 'likert' ? v - 1 : v]++;
				n++;
			}
			// An item of its own, shown only overall: its answerers are one group on their own.
			if (countReleasable(n, k)) customItems.push({ item, n, counts });
		}
	}

	return {
		survey,
		total,
		eligible: await countEligible(db as Kysely<Database>, surveyScope(survey)),
		k,
		overall: {
			shown: release.total,
			scores: release.total ? scoresOf(responses, byDim) : null
		},
		byOpd: build(opdGroups, shownOpd, (key) => names.get(key) ?? key),
		byPositionType: build(typeGroups, shownType, (key) => key),
		alpha,
		customItems
	};
}

export interface TextAnswer {
	responseId: string;
	itemId: number;
	text: string;
	hiddenReason: string | null;
}

/**
 * Free-text answers of a closed survey, only when at least `min_text_group_size` people
 * answered (null otherwise). Ordered by the random response id, never by submission.
 */
export async function textAnswers(
	db: Db,
	surveyId: number,
	options: { includeHidden: boolean },
	now: Date = new Date()
): Promise<TextAnswer[] | null> {
	const survey = await getSurvey(db, surveyId);
	if (!survey) throw new SurveyError('survey_not_found');
	if (!resultsAvailable(survey, now)) throw new SurveyError('survey_results_not_yet');
	const responses = await loadResponses(db, surveyId);
	const textK = Math.max(survey.min_text_group_size, survey.min_group_size);
	if (!freeTextReleasable(responses.length, textK)) return null;
	const textItems = (await getItems(db, surveyId)).filter((i) => i.kind === 'text');
	const hidden = new Map(
		(
			await db
				.selectFrom('survey_text_moderation')
				.select(['response_id', 'item_id', 'reason'])
				.where('survey_id', '=', surveyId)
				.execute()
		).map((h) => [`${h.response_id}|${h.item_id}`, h.reason])
	);
	const out: TextAnswer[] = [];
	for (const item of textItems) {
		for (const r of responses) {
			const text = r.answers[item.id];
			if (typeof text !== 'string') continue;
			const reason = hidden.get(`${r.id}|${item.id}`) ?? null;
			if (reason && !options.includeHidden) continue;
			out.push({ responseId: r.id, itemId: item.id, text, hiddenReason: reason });
		}
	}
	return out;
}

/** Hides a free-text answer that identifies someone, with the reason. Audited. */
export async function hideText(
	db: Kysely<Database>,
	actorId: number,
	surveyId: number,
	input: { responseId: string; itemId: number; reason: string },
	now: Date = new Date()
): Promise<void> {
	await inTransaction(db, async (trx) => {
		const response = await trx
			.selectFrom('survey_response')
			.select(['id', 'answers_json'])
			.where('id', '=', input.responseId)
			.where('survey_id', '=', surveyId)
			.executeTakeFirst();
		const item = await trx
			.selectFrom('survey_item')
			.select(['id', 'kind'])
			.where('id', '=', input.itemId)
			.where('survey_id', '=', surveyId)
			.executeTakeFirst();
		const answers = response ? (JSON.parse(response.answers_json) as Answers) : {};
		if (!response || !item || item.kind !== 'text' || typeof answers[item.id] !== 'string') {
			throw new SurveyError('survey_text_not_found');
		}
		await trx
			.insertInto('survey_text_moderation')
			.values({
				response_id: input.responseId,
				item_id: input.itemId,
				survey_id: surveyId,
				reason: input.reason,
				hidden_by: actorId,
				hidden_at: now.toISOString()
			})
			.onConflict((oc) =>
				oc.columns(['response_id', 'item_id']).doUpdateSet({ reason: input.reason })
			)
			.execute();
		await recordAudit(
			trx,
			{
				actorId,
				action: 'survey.text.hide',
				objectType: 'survey',
				objectId: surveyId,
				after: { responseId: input.responseId, itemId: input.itemId, reason: input.reason }
			},
			now
		);
	});
}

/**
 * Shows a hidden free-text answer again (the hiding was a mistake, or the text was misread),
 * with the reason. The earlier hiding stays in the audit log. Audited.
 */
export async function unhideText(
	db: Kysely<Database>,
	actorId: number,
	surveyId: number,
	input: { responseId: string; itemId: number; reason: string },
	now: Date = new Date()
): Promise<void> {
	await inTransaction(db, async (trx) => {
		const hidden = await trx
			.selectFrom('survey_text_moderation')
			.select(['reason'])
			.where('response_id', '=', input.responseId)
			.where('item_id', '=', input.itemId)
			.where('survey_id', '=', surveyId)
			.executeTakeFirst();
		if (!hidden) throw new SurveyError('survey_text_not_hidden');
		await trx
			.deleteFrom('survey_text_moderation')
			.where('response_id', '=', input.responseId)
			.where('item_id', '=', input.itemId)
			.where('survey_id', '=', surveyId)
			.execute();
		await recordAudit(
			trx,
			{
				actorId,
				action: 'survey.text.unhide',
				objectType: 'survey',
				objectId: surveyId,
				before: { responseId: input.responseId, itemId: input.itemId, reason: hidden.reason },
				after: { responseId: input.responseId, itemId: input.itemId, reason: input.reason }
			},
			now
		);
	});
}

export interface PeriodPoint {
	survey: Survey;
	scores: DimensionScores | null;
	total: number;
}

/** Overall dimension scores of every closed survey, oldest first, for comparing periods. */
export async function periodComparison(
	db: Db,
	now: Date = new Date(),
	known?: SurveyResults
): Promise<PeriodPoint[]> {
	const surveys = await db
		.selectFrom('survey')
		.selectAll()
		.where('status', '=', 'scheduled')
		.where('closes_at', '<=', now.toISOString())
		.orderBy('opens_at')
		.execute();
	const out: PeriodPoint[] = [];
	for (const s of surveys) {
		const r = known?.survey.id === s.id ? known : await computeResults(db, s.id, now);
		out.push({ survey: s, scores: r.overall.scores, total: r.total });
	}
	return out;
}

/** Aggregates only — the rows of CSV/XLSX exports. Hidden groups do not appear at all. */
export function exportRows(results: SurveyResults, label: (g: GroupResult, by: string) => string) {
	const header = [
		'breakdown',
		'group',
		'dimension',
		'n',
		'mean',
		'favourable_pct',
		'score_1',
		'score_2',
		'score_3',
		'score_4',
		'score_5'
	];
	const rows: (string | number)[][] = [];
	const push = (by: string, group: string, n: number, scores: DimensionScores) => {
		for (const d of DIMENSIONS) {
			const s = scores[d];
			if (!s) continue;
			rows.push([
				by,
				group,
				d,
				n,
				Number(s.mean.toFixed(2)),
				Number((s.favourable * 100).toFixed(1)),
				...s.distribution
			]);
		}
	};
	if (results.overall.shown && results.overall.scores) {
		push('overall', '', results.total, results.overall.scores);
	}
	for (const g of results.byOpd) push('opd', label(g, 'opd'), g.n, g.scores);
	for (const g of results.byPositionType)
		push('position_type', label(g, 'positionType'), g.n, g.scores);
	return { header, rows };
}
