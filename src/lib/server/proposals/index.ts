import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Indicator } from '$lib/server/db/schema/rounds';
import { recordAudit } from '$lib/server/audit';
import { isUniqueViolation } from '$lib/server/db/errors';
import { searchable } from '$lib/text';
import { smartCheck } from '$lib/proposals/smart';
import {
	features,
	mostSimilar,
	SIMILARITY_THRESHOLD,
	type Features
} from '$lib/proposals/similarity';
import type { IndicatorStatus } from '$lib/proposals/fields';
import { PROPOSAL_FIELD_NAMES, type ProposalFields } from '$lib/validation/proposal';
import { RuleError } from '$lib/server/rounds/errors';
import { getRound } from '$lib/server/rounds/phase';
import { requireViewer, type Actor } from '$lib/server/rounds';
import { authorizeRound, type RoundTarget } from '$lib/server/rounds/access';
import { resolveCitation, type CitationChoice } from '$lib/server/rhk/citation';
import { notify } from '$lib/server/notifications';

type Db = Kysely<Database> | Transaction<Database>;

/** Proposals still in play: neither withdrawn nor merged into another. */
export const ACTIVE_STATUSES: IndicatorStatus[] = ['submitted', 'shortlisted', 'not_shortlisted'];

function snapshot(fields: ProposalFields | Indicator): ProposalFields {
	return Object.fromEntries(
		PROPOSAL_FIELD_NAMES.map((k) => [k, (fields as Record<string, unknown>)[k] ?? null])
	) as ProposalFields;
}

function searchText(fields: Pick<ProposalFields, 'name' | 'definition'>): string {
	return searchable(`${fields.name} ${fields.definition}`);
}

/**
 * A proposal named by a request. A route passes its URL's round with it, and a round that does not
 * own the proposal makes it "not found"; a bare id (seed, CLI, tests) takes the proposal's round.
 */
export type IndicatorRef = number | { roundId: number; indicatorId: number };

export function indicatorTarget(ref: IndicatorRef): RoundTarget {
	return typeof ref === 'number' ? { indicatorId: ref } : ref;
}

export async function getIndicator(db: Db, id: number): Promise<Indicator> {
	const row = await db.selectFrom('indicator').selectAll().where('id', '=', id).executeTakeFirst();
	if (!row) throw new RuleError('proposal_error_not_found', 404);
	return row;
}

// Tokenising and stemming 1,000 proposals on every keystroke-driven request is the cost of the
// similar-proposal check; features depend only on the text, so they are cached by it.
const FEATURE_CACHE_MAX = 20_000;
const featureCache = new Map<string, Features>();

function cachedFeatures(row: { name: string; definition: string }) {
	const key = `${row.name}\u0000${row.definition}`;
	let f = featureCache.get(key);
	if (!f) {
		if (featureCache.size >= FEATURE_CACHE_MAX) featureCache.clear();
		f = features(row);
		featureCache.set(key, f);
	}
	return f;
}

/** Active proposals of the round that resemble `doc` (name/definition), best first. */
export async function findSimilar(
	db: Db,
	roundId: number,
	doc: { name: string; definition: string },
	excludeId: number | null = null,
	limit = 5
) {
	let q = db
		.selectFrom('indicator')
		.select(['id', 'name', 'definition', 'status', 'supporter_count', 'comment_count'])
		.where('round_id', '=', roundId)
		.where('status', 'in', ACTIVE_STATUSES);
	if (excludeId !== null) q = q.where('id', '!=', excludeId);
	const rows = await q.execute();
	return mostSimilar(doc, rows, limit, SIMILARITY_THRESHOLD, cachedFeatures).map((r) => ({
		id: r.id,
		name: r.name,
		status: r.status,
		supporters: r.supporter_count,
		comments: r.comment_count,
		similarity: Math.round(r.similarity * 100)
	}));
}

export type CreateResult =
	| { kind: 'created'; id: number }
	| { kind: 'duplicate'; id: number }
	| { kind: 'similar'; similar: Awaited<ReturnType<typeof findSimilar>> };

/**
 * Submits a proposal. Refused outside `proposing` or the round's scope, or below the round's
 * minimum SMART score. Unless confirmed, similar proposals are returned first so the person can
 * join one instead. A second POST of the same form (same client token) returns the first row.
 */
export async function createProposal(
	db: Kysely<Database>,
	actor: Actor,
	roundId: number,
	fields: ProposalFields,
	options: { clientToken: string; confirmUnique: boolean; citation?: CitationChoice },
	now: Date = new Date()
): Promise<CreateResult> {
	const earlier = await db
		.selectFrom('indicator')
		.select('id')
		.where('author_id', '=', actor.id)
		.where('client_token', '=', options.clientToken)
		.executeTakeFirst();
	if (earlier) return { kind: 'duplicate', id: earlier.id };

	const { round } = await authorizeRound(db, actor, 'propose', { roundId }, now);
	const smart = smartCheck(fields);
	if (smart.score < round.min_smart_score) {
		throw new RuleError('proposal_error_smart_min', 400, {
			score: String(smart.score),
			min: String(round.min_smart_score)
		});
	}
	const person = await db
		.selectFrom('person')
		.select('org_unit_id')
		.where('id', '=', actor.id)
		.executeTakeFirstOrThrow();
	// An RHK-based round: the head's RHK it supports, checked before anything else is offered.
	const cited = await resolveCitation(db, round, person.org_unit_id, options.citation);
	if (!options.confirmUnique) {
		const similar = await findSimilar(db, roundId, fields);
		if (similar.length) return { kind: 'similar', similar };
	}
	const at = now.toISOString();
	try {
		const id = await db.transaction().execute(async (trx) => {
			const row = await trx
				.insertInto('indicator')
				.values({
					...fields,
					...cited,
					round_id: roundId,
					author_id: actor.id,
					org_unit_id: person.org_unit_id,
					status: 'submitted',
					merged_into_id: null,
					smart_score: smart.score,
					search_text: searchText(fields),
					client_token: options.clientToken,
					created_at: at,
					updated_at: at
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await trx
				.insertInto('indicator_revision')
				.values({
					indicator_id: row.id,
					version: 1,
					editor_id: actor.id,
					reason: '',
					snapshot_json: JSON.stringify(snapshot(fields)),
					created_at: at
				})
				.execute();
			return row.id;
		});
		return { kind: 'created', id };
	} catch (e) {
		if (!isUniqueViolation(e)) throw e;
		// Two identical POSTs raced; the other one won — answer with its row.
		const row = await db
			.selectFrom('indicator')
			.select('id')
			.where('author_id', '=', actor.id)
			.where('client_token', '=', options.clientToken)
			.executeTakeFirstOrThrow();
		return { kind: 'duplicate', id: row.id };
	}
}

function requireActive(indicator: Indicator): void {
	if (!ACTIVE_STATUSES.includes(indicator.status)) {
		throw new RuleError(
			indicator.status === 'merged' ? 'proposal_error_merged' : 'proposal_error_withdrawn',
			409
		);
	}
}

/**
 * A new version by the author, with a reason, while proposing or discussing. Every version is
 * kept as a snapshot; an unchanged resubmission is refused so the history stays meaningful.
 */
export async function reviseProposal(
	db: Kysely<Database>,
	actor: Actor,
	ref: IndicatorRef,
	fields: ProposalFields,
	reason: string,
	now: Date = new Date()
): Promise<number> {
	const { indicator: current } = await authorizeRound(
		db,
		actor,
		'revise',
		indicatorTarget(ref),
		now
	);
	if (!current) throw new RuleError('proposal_error_not_found', 404);
	const indicatorId = current.id;
	requireActive(current);
	const before = snapshot(current);
	const after = snapshot(fields);
	if (JSON.stringify(before) === JSON.stringify(after)) {
		throw new RuleError('proposal_error_no_change', 400);
	}
	const at = now.toISOString();
	return db.transaction().execute(async (trx) => {
		// Only from the version the author saw: a concurrent second revision cannot skip one.
		const version = current.version + 1;
		const updated = await trx
			.updateTable('indicator')
			.set({
				...fields,
				version,
				smart_score: smartCheck(fields).score,
				search_text: searchText(fields),
				updated_at: at
			})
			.where('id', '=', indicatorId)
			.where('version', '=', current.version)
			.executeTakeFirst();
		if (Number(updated.numUpdatedRows) !== 1) throw new RuleError('proposal_error_stale', 409);
		await trx
			.insertInto('indicator_revision')
			.values({
				indicator_id: indicatorId,
				version,
				editor_id: actor.id,
				reason,
				snapshot_json: JSON.stringify(after),
				created_at: at
			})
			.execute();
		return version;
	});
}

export async function withdrawProposal(
	db: Kysely<Database>,
	actor: Actor,
	ref: IndicatorRef,
	now: Date = new Date()
): Promise<void> {
	const { indicator: current } = await authorizeRound(
		db,
		actor,
		'withdraw',
		indicatorTarget(ref),
		now
	);
	if (!current) throw new RuleError('proposal_error_not_found', 404);
	const indicatorId = current.id;
	if (current.status === 'withdrawn') return;
	requireActive(current);
	await db
		.updateTable('indicator')
		.set({ status: 'withdrawn', updated_at: now.toISOString() })
		.where('id', '=', indicatorId)
		.execute();
}

async function recountSupporters(trx: Db, indicatorId: number): Promise<void> {
	const row = await trx
		.selectFrom('indicator_supporter')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('indicator_id', '=', indicatorId)
		.executeTakeFirstOrThrow();
	await trx
		.updateTable('indicator')
		.set({ supporter_count: Number(row.n) })
		.where('id', '=', indicatorId)
		.execute();
}

/** Joins (or leaves) someone else's proposal instead of writing a duplicate. */
export async function setSupport(
	db: Kysely<Database>,
	actor: Actor,
	ref: IndicatorRef,
	support: boolean,
	now: Date = new Date()
): Promise<void> {
	const { indicator: current } = await authorizeRound(
		db,
		actor,
		'support',
		indicatorTarget(ref),
		now
	);
	if (!current) throw new RuleError('proposal_error_not_found', 404);
	const indicatorId = current.id;
	requireActive(current);
	if (current.author_id === actor.id) throw new RuleError('proposal_error_own', 409);
	await db.transaction().execute(async (trx) => {
		if (support) {
			await trx
				.insertInto('indicator_supporter')
				.values({ indicator_id: indicatorId, person_id: actor.id, created_at: now.toISOString() })
				.onConflict((oc) => oc.columns(['indicator_id', 'person_id']).doNothing())
				.execute();
		} else {
			await trx
				.deleteFrom('indicator_supporter')
				.where('indicator_id', '=', indicatorId)
				.where('person_id', '=', actor.id)
				.execute();
		}
		await recountSupporters(trx, indicatorId);
	});
}

/** Facilitator: shortlisted / not shortlisted, with a reason the author sees. Audited. */
export async function decideProposal(
	db: Kysely<Database>,
	actor: Actor,
	ref: IndicatorRef,
	decision: 'shortlisted' | 'not_shortlisted',
	reason: string,
	now: Date = new Date()
): Promise<void> {
	const { indicator: current } = await authorizeRound(
		db,
		actor,
		'decide',
		indicatorTarget(ref),
		now
	);
	if (!current) throw new RuleError('proposal_error_not_found', 404);
	const indicatorId = current.id;
	requireActive(current);
	const at = now.toISOString();
	await db.transaction().execute(async (trx) => {
		await trx
			.updateTable('indicator')
			.set({
				status: decision,
				status_reason: reason,
				status_changed_by: actor.id,
				status_changed_at: at,
				updated_at: at
			})
			.where('id', '=', indicatorId)
			.execute();
		await recordAudit(
			trx,
			{
				actorId: actor.id,
				action: 'indicator.status',
				objectType: 'indicator',
				objectId: indicatorId,
				before: { status: current.status, reason: current.status_reason },
				after: { status: decision, reason }
			},
			now
		);
		await notify(
			trx,
			[
				{
					personId: current.author_id,
					kind: 'notif_status',
					roundId: current.round_id,
					indicatorId,
					params: { name: current.name, status: decision }
				}
			],
			now,
			actor.id
		);
	});
}

/** Facilitator: the official response shown on the proposal. Audited. */
export async function respondOfficially(
	db: Kysely<Database>,
	actor: Actor,
	ref: IndicatorRef,
	response: string,
	now: Date = new Date()
): Promise<void> {
	const { indicator: current } = await authorizeRound(
		db,
		actor,
		'respond',
		indicatorTarget(ref),
		now
	);
	if (!current) throw new RuleError('proposal_error_not_found', 404);
	const indicatorId = current.id;
	const at = now.toISOString();
	await db.transaction().execute(async (trx) => {
		await trx
			.updateTable('indicator')
			.set({
				official_response: response,
				official_response_by: actor.id,
				official_response_at: at,
				updated_at: at
			})
			.where('id', '=', indicatorId)
			.execute();
		await recordAudit(
			trx,
			{
				actorId: actor.id,
				action: 'indicator.response',
				objectType: 'indicator',
				objectId: indicatorId,
				before: { response: current.official_response },
				after: { response }
			},
			now
		);
		await notify(
			trx,
			[
				{
					personId: current.author_id,
					kind: 'notif_official_response',
					roundId: current.round_id,
					indicatorId,
					params: { name: current.name }
				}
			],
			now,
			actor.id
		);
	});
}

/**
 * Facilitator: merges a duplicate into another proposal of the same round. The duplicate keeps
 * its text and history but points to the target; its comments, supporters (and its author, as a
 * supporter) and anything merged into it move to the target. Audited; nothing is deleted.
 */
export async function mergeProposal(
	db: Kysely<Database>,
	actor: Actor,
	sourceRef: IndicatorRef,
	targetId: number,
	reason: string,
	now: Date = new Date()
): Promise<void> {
	const { indicator: source } = await authorizeRound(
		db,
		actor,
		'merge',
		indicatorTarget(sourceRef),
		now
	);
	if (!source) throw new RuleError('proposal_error_not_found', 404);
	const sourceId = source.id;
	if (sourceId === targetId) throw new RuleError('proposal_error_merge_self', 400);
	const target = await getIndicator(db, targetId);
	if (source.round_id !== target.round_id) throw new RuleError('proposal_error_merge_round', 400);
	requireActive(source);
	requireActive(target);
	const at = now.toISOString();
	await db.transaction().execute(async (trx) => {
		const moved = await trx
			.updateTable('indicator')
			.set({
				status: 'merged',
				merged_into_id: targetId,
				status_reason: reason,
				status_changed_by: actor.id,
				status_changed_at: at,
				updated_at: at
			})
			.where('id', '=', sourceId)
			.where('status', 'in', ACTIVE_STATUSES)
			.executeTakeFirst();
		if (Number(moved.numUpdatedRows) !== 1) throw new RuleError('proposal_error_merged', 409);
		await trx
			.updateTable('indicator')
			.set({ merged_into_id: targetId })
			.where('merged_into_id', '=', sourceId)
			.execute();
		await trx
			.updateTable('comment')
			.set({ indicator_id: targetId, moved_from_indicator_id: sourceId })
			.where('indicator_id', '=', sourceId)
			.execute();
		const supporters = await trx
			.selectFrom('indicator_supporter')
			.select('person_id')
			.where('indicator_id', '=', sourceId)
			.execute();
		const people = new Set([source.author_id, ...supporters.map((s) => s.person_id)]);
		people.delete(target.author_id);
		for (const personId of people) {
			await trx
				.insertInto('indicator_supporter')
				.values({ indicator_id: targetId, person_id: personId, created_at: at })
				.onConflict((oc) => oc.columns(['indicator_id', 'person_id']).doNothing())
				.execute();
		}
		await trx.deleteFrom('indicator_supporter').where('indicator_id', '=', sourceId).execute();
		await recountSupporters(trx, sourceId);
		await recountSupporters(trx, targetId);
		const comments = await trx
			.selectFrom('comment')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('indicator_id', '=', targetId)
			.executeTakeFirstOrThrow();
		await trx
			.updateTable('indicator')
			.set({ comment_count: Number(comments.n) })
			.where('id', '=', targetId)
			.execute();
		await trx
			.updateTable('indicator')
			.set({ comment_count: 0 })
			.where('id', '=', sourceId)
			.execute();
		await recordAudit(
			trx,
			{
				actorId: actor.id,
				action: 'indicator.merge',
				objectType: 'indicator',
				objectId: sourceId,
				before: { status: source.status },
				after: { status: 'merged', mergedInto: targetId, reason, movedSupporters: [...people] }
			},
			now
		);
		await notify(
			trx,
			[...people].map((personId) => ({
				personId,
				kind: 'notif_merged' as const,
				roundId: source.round_id,
				indicatorId: targetId,
				params: { name: source.name, target: target.name }
			})),
			now,
			actor.id
		);
	});
}

export const SORTS = ['newest', 'oldest', 'most_discussed', 'most_supported', 'name'] as const;
export type ProposalSort = (typeof SORTS)[number];

export interface ProposalQuery {
	q?: string;
	perspective?: string;
	aspect?: string;
	kind?: string;
	status?: string;
	unitId?: number;
	/** An RHK id, or 'none' for additional results that cite none. */
	rhk?: number | 'none';
	sort?: ProposalSort;
	page?: number;
	pageSize?: number;
}

/** One page of a round's proposals with search, filters and sorting, and the total count. */
export async function listProposals(db: Db, roundId: number, query: ProposalQuery) {
	const pageSize = Math.min(Math.max(query.pageSize ?? 20, 1), 100);
	let q = db
		.selectFrom('indicator')
		.innerJoin('org_unit', 'org_unit.id', 'indicator.org_unit_id')
		.where('indicator.round_id', '=', roundId);
	const term = searchable(query.q ?? '');
	if (term) {
		// Escape LIKE wildcards: search text is already reduced to [a-z0-9 ].
		q = q.where('indicator.search_text', 'like', `%${term}%`);
	}
	if (query.perspective) q = q.where('indicator.perspective', '=', query.perspective);
	if (query.aspect) q = q.where('indicator.aspect', '=', query.aspect);
	if (query.kind) q = q.where('indicator.kind', '=', query.kind);
	if (query.status) q = q.where('indicator.status', '=', query.status as IndicatorStatus);
	else q = q.where('indicator.status', 'in', [...ACTIVE_STATUSES]);
	if (query.unitId) q = q.where('indicator.org_unit_id', '=', query.unitId);
	if (query.rhk === 'none') q = q.where('indicator.head_rhk_id', 'is', null);
	else if (query.rhk) q = q.where('indicator.head_rhk_id', '=', query.rhk);
	const total = Number(
		(await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n
	);
	const pages = Math.max(1, Math.ceil(total / pageSize));
	const page = Math.min(Math.max(query.page ?? 1, 1), pages);
	let sorted = q.select([
		'indicator.id',
		'indicator.name',
		'indicator.status',
		'indicator.perspective',
		'indicator.aspect',
		'indicator.kind',
		'indicator.smart_score',
		'indicator.comment_count',
		'indicator.supporter_count',
		'indicator.version',
		'indicator.created_at',
		'indicator.head_rhk_id',
		'org_unit.name as unit_name'
	]);
	switch (query.sort ?? 'newest') {
		case 'oldest':
			sorted = sorted.orderBy('indicator.created_at', 'asc');
			break;
		case 'most_discussed':
			sorted = sorted.orderBy('indicator.comment_count', 'desc');
			break;
		case 'most_supported':
			sorted = sorted.orderBy('indicator.supporter_count', 'desc');
			break;
		case 'name':
			sorted = sorted.orderBy('indicator.name', 'asc');
			break;
		default:
			sorted = sorted.orderBy('indicator.created_at', 'desc');
	}
	const items = await sorted
		.orderBy('indicator.id', 'desc')
		.limit(pageSize)
		.offset((page - 1) * pageSize)
		.execute();
	return { items, total, page, pages, pageSize };
}

/** The units proposals of a round came from, for the unit filter. */
export async function proposalUnits(db: Db, roundId: number) {
	return db
		.selectFrom('indicator')
		.innerJoin('org_unit', 'org_unit.id', 'indicator.org_unit_id')
		.select(['org_unit.id', 'org_unit.name'])
		.distinct()
		.where('indicator.round_id', '=', roundId)
		.orderBy('org_unit.name')
		.execute();
}

/** A proposal with names for display, after checking the viewer may see its round. */
export async function viewProposal(db: Kysely<Database>, actor: Actor, ref: IndicatorRef) {
	const { round, indicator } = await authorizeRound(db, actor, 'view', indicatorTarget(ref));
	if (!indicator) throw new RuleError('proposal_error_not_found', 404);
	const indicatorId = indicator.id;
	const names = await db
		.selectFrom('person')
		.innerJoin('org_unit', 'org_unit.id', 'person.org_unit_id')
		.select(['person.full_name', 'org_unit.name as unit_name'])
		.where('person.id', '=', indicator.author_id)
		.executeTakeFirstOrThrow();
	const mergedInto = indicator.merged_into_id
		? await db
				.selectFrom('indicator')
				.select(['id', 'name'])
				.where('id', '=', indicator.merged_into_id)
				.executeTakeFirst()
		: undefined;
	const mergedFrom = await db
		.selectFrom('indicator')
		.select(['id', 'name'])
		.where('merged_into_id', '=', indicatorId)
		.execute();
	const supporting = await db
		.selectFrom('indicator_supporter')
		.select('person_id')
		.where('indicator_id', '=', indicatorId)
		.where('person_id', '=', actor.id)
		.executeTakeFirst();
	return {
		round,
		indicator,
		authorName: names.full_name,
		unitName: names.unit_name,
		mergedInto: mergedInto ?? null,
		mergedFrom,
		supporting: !!supporting
	};
}

export { requireViewer };
export { getRound };
