import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Comment, Stance } from '$lib/server/db/schema/rounds';
import { recordAudit } from '$lib/server/audit';
import { isUniqueViolation } from '$lib/server/db/errors';
import { RuleError } from '$lib/server/rounds/errors';
import { requireFacilitator, type Actor } from '$lib/server/rounds';
import { authorizeRound, type RoundTarget } from '$lib/server/rounds/access';
import { ACTIVE_STATUSES, indicatorTarget, type IndicatorRef } from '$lib/server/proposals';
import { notify, type NotificationInput } from '$lib/server/notifications';
import { renderComment } from './markdown';

type Db = Kysely<Database> | Transaction<Database>;

/** Replies nest up to this depth (0 = a comment on the proposal, 1 = a reply, 2 = a reply to it…). */
export const MAX_DEPTH = 3;
/** How long the author may still correct a comment; the earlier text is kept. */
export const EDIT_WINDOW_MS = 15 * 60_000;

export async function getComment(db: Db, id: number): Promise<Comment> {
	const row = await db.selectFrom('comment').selectAll().where('id', '=', id).executeTakeFirst();
	if (!row) throw new RuleError('comment_error_not_found', 404);
	return row;
}

/**
 * A comment named by a request. A route passes its URL's round and proposal with it: a comment
 * they do not own is "not found". A bare id (seed, CLI, tests) takes the comment's own round.
 */
export type CommentRef = number | { roundId: number; indicatorId?: number; commentId: number };

function commentTarget(ref: CommentRef): RoundTarget {
	return typeof ref === 'number' ? { commentId: ref } : ref;
}

export type AddResult = { kind: 'created' | 'duplicate'; id: number };

/**
 * A comment or reply on an active proposal, while proposing or discussing, by someone in scope.
 * Notifies the proposal's author and the author of the comment replied to.
 */
export async function addComment(
	db: Kysely<Database>,
	actor: Actor,
	ref: IndicatorRef,
	input: { body: string; stance: Stance; parentId: number | null; clientToken: string },
	now: Date = new Date()
): Promise<AddResult> {
	const earlier = await db
		.selectFrom('comment')
		.select('id')
		.where('author_id', '=', actor.id)
		.where('client_token', '=', input.clientToken)
		.executeTakeFirst();
	if (earlier) return { kind: 'duplicate', id: earlier.id };
	const { indicator } = await authorizeRound(db, actor, 'comment', indicatorTarget(ref), now);
	if (!indicator) throw new RuleError('proposal_error_not_found', 404);
	const indicatorId = indicator.id;
	if (!ACTIVE_STATUSES.includes(indicator.status)) {
		throw new RuleError(
			indicator.status === 'merged' ? 'proposal_error_merged' : 'proposal_error_withdrawn',
			409
		);
	}
	let depth = 0;
	let parent: Comment | null = null;
	if (input.parentId !== null) {
		parent = await getComment(db, input.parentId);
		if (parent.indicator_id !== indicatorId) throw new RuleError('comment_error_parent', 400);
		if (parent.depth + 1 > MAX_DEPTH) throw new RuleError('comment_error_depth', 400);
		depth = parent.depth + 1;
	}
	const at = now.toISOString();
	try {
		const id = await db.transaction().execute(async (trx) => {
			const row = await trx
				.insertInto('comment')
				.values({
					indicator_id: indicatorId,
					round_id: indicator.round_id,
					author_id: actor.id,
					parent_id: parent?.id ?? null,
					depth,
					stance: input.stance,
					body: input.body,
					client_token: input.clientToken,
					created_at: at
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await trx
				.updateTable('indicator')
				.set((eb) => ({ comment_count: eb('comment_count', '+', 1) }))
				.where('id', '=', indicatorId)
				.execute();
			const notes: NotificationInput[] = [
				{
					personId: indicator.author_id,
					kind: 'notif_reply_proposal',
					roundId: indicator.round_id,
					indicatorId,
					commentId: row.id,
					params: { name: indicator.name }
				}
			];
			if (parent && parent.author_id !== indicator.author_id) {
				notes.push({
					personId: parent.author_id,
					kind: 'notif_reply_comment',
					roundId: indicator.round_id,
					indicatorId,
					commentId: row.id,
					params: { name: indicator.name }
				});
			}
			await notify(trx, notes, now, actor.id);
			return row.id;
		});
		return { kind: 'created', id };
	} catch (e) {
		if (!isUniqueViolation(e)) throw e;
		const row = await db
			.selectFrom('comment')
			.select('id')
			.where('author_id', '=', actor.id)
			.where('client_token', '=', input.clientToken)
			.executeTakeFirstOrThrow();
		return { kind: 'duplicate', id: row.id };
	}
}

/** The author corrects their comment within the edit window; the previous text is kept. */
export async function editComment(
	db: Kysely<Database>,
	actor: Actor,
	ref: CommentRef,
	input: { body: string; stance: Stance },
	now: Date = new Date()
): Promise<void> {
	const { comment } = await authorizeRound(db, actor, 'edit_comment', commentTarget(ref), now);
	if (!comment) throw new RuleError('comment_error_not_found', 404);
	const commentId = comment.id;
	if (comment.hidden_at) throw new RuleError('comment_error_hidden', 409);
	if (now.getTime() - new Date(comment.created_at).getTime() > EDIT_WINDOW_MS) {
		throw new RuleError('comment_error_edit_window', 409);
	}
	if (comment.body === input.body && comment.stance === input.stance) return;
	const at = now.toISOString();
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('comment_edit')
			.values({
				comment_id: commentId,
				previous_body: comment.body,
				previous_stance: comment.stance,
				edited_at: at
			})
			.execute();
		await trx
			.updateTable('comment')
			.set({ body: input.body, stance: input.stance, edited_at: at })
			.where('id', '=', commentId)
			.execute();
	});
}

/** Anyone in scope flags a comment for the facilitator; reporting twice changes nothing. */
export async function reportComment(
	db: Kysely<Database>,
	actor: Actor,
	ref: CommentRef,
	reason: string,
	now: Date = new Date()
): Promise<void> {
	const { comment } = await authorizeRound(db, actor, 'report', commentTarget(ref), now);
	if (!comment) throw new RuleError('comment_error_not_found', 404);
	const commentId = comment.id;
	if (comment.author_id === actor.id) throw new RuleError('comment_error_own', 409);
	if (comment.hidden_at) return;
	await db
		.insertInto('comment_report')
		.values({
			comment_id: commentId,
			round_id: comment.round_id,
			reporter_id: actor.id,
			reason,
			created_at: now.toISOString(),
			resolution: null,
			resolved_by: null,
			resolved_at: null
		})
		.onConflict((oc) => oc.columns(['comment_id', 'reporter_id']).doNothing())
		.execute();
}

/**
 * Facilitator hides a comment with a reason shown in its place. The text stays in the database
 * (nothing is deleted) but is no longer sent to anyone. Open reports are resolved; audited.
 */
export async function hideComment(
	db: Kysely<Database>,
	actor: Actor,
	ref: CommentRef,
	reason: string,
	now: Date = new Date()
): Promise<void> {
	const { comment } = await authorizeRound(db, actor, 'moderate', commentTarget(ref), now);
	if (!comment) throw new RuleError('comment_error_not_found', 404);
	const commentId = comment.id;
	if (comment.hidden_at) throw new RuleError('comment_error_hidden', 409);
	const at = now.toISOString();
	await db.transaction().execute(async (trx) => {
		await trx
			.updateTable('comment')
			.set({ hidden_at: at, hidden_by: actor.id, hidden_reason: reason })
			.where('id', '=', commentId)
			.execute();
		await trx
			.updateTable('comment_report')
			.set({ resolution: 'hidden', resolved_by: actor.id, resolved_at: at })
			.where('comment_id', '=', commentId)
			.where('resolution', 'is', null)
			.execute();
		await recordAudit(
			trx,
			{
				actorId: actor.id,
				action: 'comment.hide',
				objectType: 'comment',
				objectId: commentId,
				before: { hidden: false },
				after: { hidden: true, reason }
			},
			now
		);
		await notify(
			trx,
			[
				{
					personId: comment.author_id,
					kind: 'notif_comment_hidden',
					roundId: comment.round_id,
					indicatorId: comment.indicator_id,
					commentId,
					params: { reason }
				}
			],
			now,
			actor.id
		);
	});
}

/** Facilitator closes the reports on a comment without hiding it. Audited. */
export async function dismissReports(
	db: Kysely<Database>,
	actor: Actor,
	ref: CommentRef,
	now: Date = new Date()
): Promise<void> {
	const { comment } = await authorizeRound(db, actor, 'moderate', commentTarget(ref), now);
	if (!comment) throw new RuleError('comment_error_not_found', 404);
	const commentId = comment.id;
	const at = now.toISOString();
	await db.transaction().execute(async (trx) => {
		const r = await trx
			.updateTable('comment_report')
			.set({ resolution: 'dismissed', resolved_by: actor.id, resolved_at: at })
			.where('comment_id', '=', commentId)
			.where('resolution', 'is', null)
			.executeTakeFirst();
		await recordAudit(
			trx,
			{
				actorId: actor.id,
				action: 'comment.reports.dismiss',
				objectType: 'comment',
				objectId: commentId,
				after: { dismissed: Number(r.numUpdatedRows) }
			},
			now
		);
	});
}

/** Open reports, one entry per comment, oldest first: only of the rounds the actor facilitates. */
export async function moderationQueue(db: Kysely<Database>, actor: Actor, roundId?: number) {
	requireFacilitator(actor);
	let q = db
		.selectFrom('comment_report')
		.innerJoin('comment', 'comment.id', 'comment_report.comment_id')
		.innerJoin('indicator', 'indicator.id', 'comment.indicator_id')
		.innerJoin('round', 'round.id', 'comment.round_id')
		.innerJoin('person', 'person.id', 'comment.author_id')
		.select([
			'comment.id as comment_id',
			'comment.body',
			'comment.created_at',
			'person.full_name as author_name',
			'indicator.id as indicator_id',
			'indicator.name as indicator_name',
			'round.id as round_id',
			'round.title as round_title',
			'comment_report.reason',
			'comment_report.created_at as reported_at'
		])
		.where('comment_report.resolution', 'is', null)
		.where((eb) =>
			eb.or([
				eb('round.created_by', '=', actor.id),
				eb.exists(
					eb
						.selectFrom('round_facilitator')
						.select('round_facilitator.person_id')
						.whereRef('round_facilitator.round_id', '=', 'round.id')
						.where('round_facilitator.person_id', '=', actor.id)
				)
			])
		)
		.orderBy('comment_report.created_at');
	if (roundId) q = q.where('comment.round_id', '=', roundId);
	const rows = await q.execute();
	const byComment = new Map<
		number,
		Omit<(typeof rows)[number], 'reason' | 'reported_at'> & { reasons: string[]; html: string }
	>();
	for (const { reason, reported_at: _at, ...row } of rows) {
		const entry = byComment.get(row.comment_id);
		if (entry) entry.reasons.push(reason);
		else
			byComment.set(row.comment_id, { ...row, reasons: [reason], html: renderComment(row.body) });
	}
	return [...byComment.values()];
}

export interface ThreadComment {
	id: number;
	parentId: number | null;
	depth: number;
	/** Null when hidden: who wrote a withheld comment, and on which side, is withheld too. */
	authorId: number | null;
	authorName: string | null;
	stance: Stance | null;
	/** The reader wrote it (kept for a hidden comment, so its author still knows it is theirs). */
	mine: boolean;
	/** Rendered, safe HTML; null when hidden (the text never leaves the server then). */
	html: string | null;
	/** The raw text, only for its author while they may still edit it. */
	editableBody: string | null;
	createdAt: string;
	editedAt: string | null;
	previousVersions: { html: string; editedAt: string }[];
	hiddenReason: string | null;
	movedFromIndicatorId: number | null;
	reportedByMe: boolean;
	children: ThreadComment[];
}

/** The discussion of a proposal as a tree, oldest first at each level. */
export async function thread(
	db: Kysely<Database>,
	actor: Actor,
	indicatorId: number,
	now: Date = new Date()
): Promise<ThreadComment[]> {
	const rows = await db
		.selectFrom('comment')
		.innerJoin('person', 'person.id', 'comment.author_id')
		.select([
			'comment.id',
			'comment.parent_id',
			'comment.depth',
			'comment.author_id',
			'person.full_name',
			'comment.stance',
			'comment.body',
			'comment.created_at',
			'comment.edited_at',
			'comment.hidden_at',
			'comment.hidden_reason',
			'comment.moved_from_indicator_id'
		])
		.where('comment.indicator_id', '=', indicatorId)
		.orderBy('comment.created_at')
		.orderBy('comment.id')
		.execute();
	const ids = rows.map((r) => r.id);
	const edits = ids.length
		? await db
				.selectFrom('comment_edit')
				.select(['comment_id', 'previous_body', 'edited_at'])
				.where('comment_id', 'in', ids)
				.orderBy('id')
				.execute()
		: [];
	const mine = ids.length
		? await db
				.selectFrom('comment_report')
				.select('comment_id')
				.where('reporter_id', '=', actor.id)
				.where('comment_id', 'in', ids)
				.execute()
		: [];
	const reported = new Set(mine.map((r) => r.comment_id));
	const nodes = new Map<number, ThreadComment>();
	const roots: ThreadComment[] = [];
	for (const r of rows) {
		const hidden = !!r.hidden_at;
		const editable =
			!hidden &&
			r.author_id === actor.id &&
			now.getTime() - new Date(r.created_at).getTime() <= EDIT_WINDOW_MS;
		const node: ThreadComment = {
			id: r.id,
			parentId: r.parent_id,
			depth: r.depth,
			authorId: hidden ? null : r.author_id,
			authorName: hidden ? null : r.full_name,
			stance: hidden ? null : r.stance,
			mine: r.author_id === actor.id,
			html: hidden ? null : renderComment(r.body),
			editableBody: editable ? r.body : null,
			createdAt: r.created_at,
			editedAt: r.edited_at,
			previousVersions: hidden
				? []
				: edits
						.filter((e) => e.comment_id === r.id)
						.map((e) => ({ html: renderComment(e.previous_body), editedAt: e.edited_at })),
			hiddenReason: hidden ? r.hidden_reason : null,
			movedFromIndicatorId: r.moved_from_indicator_id,
			reportedByMe: reported.has(r.id),
			children: []
		};
		nodes.set(r.id, node);
		const parent = r.parent_id ? nodes.get(r.parent_id) : undefined;
		if (parent) parent.children.push(node);
		else roots.push(node);
	}
	return roots;
}
