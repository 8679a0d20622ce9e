import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { enqueue } from '$lib/server/notify/outbox';
import { isOutboundKind, linkFor } from '$lib/server/notify/kinds';

type Db = Kysely<Database> | Transaction<Database>;

/** Catalogue keys of notification kinds; the text is rendered in the reader's language. */
export type NotificationKind =
	| 'notif_phase'
	| 'notif_reply_proposal'
	| 'notif_reply_comment'
	| 'notif_status'
	| 'notif_merged'
	| 'notif_official_response'
	| 'notif_comment_hidden'
	| 'notif_round_open';

export interface NotificationInput {
	personId: number;
	kind: NotificationKind;
	roundId?: number | null;
	indicatorId?: number | null;
	commentId?: number | null;
	params?: Record<string, string | number>;
}

const BATCH = 200;

/**
 * Stores notifications (one row each); the actor is never notified of their own action. Kinds that
 * also go out by email or WhatsApp/SMS are queued in the outbox in the same transaction, keyed by
 * the notification's id, so they are sent exactly when this change commits.
 */
export async function notify(
	db: Db,
	items: NotificationInput[],
	now: Date = new Date(),
	actorId: number | null = null
): Promise<void> {
	const rows = items
		.filter((i) => i.personId !== actorId)
		.map((i) => ({
			person_id: i.personId,
			kind: i.kind,
			round_id: i.roundId ?? null,
			indicator_id: i.indicatorId ?? null,
			comment_id: i.commentId ?? null,
			params_json: JSON.stringify(i.params ?? {}),
			created_at: now.toISOString(),
			read_at: null
		}));
	for (let i = 0; i < rows.length; i += BATCH) {
		// RETURNING gives rows in no promised order, so each outbox item is built from its own row.
		const inserted = await db
			.insertInto('notification')
			.values(rows.slice(i, i + BATCH))
			.returning([
				'id',
				'person_id',
				'kind',
				'round_id',
				'indicator_id',
				'comment_id',
				'params_json'
			])
			.execute();
		await enqueue(
			db,
			inserted.flatMap((row) =>
				isOutboundKind(row.kind)
					? [
							{
								sourceKey: `notification:${row.id}`,
								personId: row.person_id,
								kind: row.kind,
								roundId: row.round_id,
								link: linkFor({
									roundId: row.round_id,
									indicatorId: row.indicator_id,
									commentId: row.comment_id
								}),
								params: JSON.parse(row.params_json)
							}
						]
					: []
			),
			now
		);
	}
}

/** Everyone who has taken part in a round so far: proposers, supporters, commenters. */
export async function roundParticipantIds(db: Db, roundId: number): Promise<number[]> {
	const rows = await db
		.selectFrom('indicator')
		.select('author_id as id')
		.where('round_id', '=', roundId)
		.union(db.selectFrom('comment').select('author_id as id').where('round_id', '=', roundId))
		.union(
			db
				.selectFrom('indicator_supporter')
				.innerJoin('indicator', 'indicator.id', 'indicator_supporter.indicator_id')
				.select('indicator_supporter.person_id as id')
				.where('indicator.round_id', '=', roundId)
		)
		.execute();
	return [...new Set(rows.map((r) => Number(r.id)))];
}

export async function notifyRoundParticipants(
	db: Db,
	roundId: number,
	kind: NotificationKind,
	params: Record<string, string | number>,
	now: Date = new Date()
): Promise<void> {
	const ids = await roundParticipantIds(db, roundId);
	await notify(
		db,
		ids.map((personId) => ({ personId, kind, roundId, params })),
		now
	);
}

export async function unreadCount(db: Db, personId: number): Promise<number> {
	const row = await db
		.selectFrom('notification')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('person_id', '=', personId)
		.where('read_at', 'is', null)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function listNotifications(db: Db, personId: number, limit = 50) {
	const rows = await db
		.selectFrom('notification')
		.selectAll()
		.where('person_id', '=', personId)
		.orderBy('created_at', 'desc')
		.orderBy('id', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({
		...r,
		params: JSON.parse(r.params_json) as Record<string, string | number>
	}));
}

/** Marks one (or, without an id, all) of a person's notifications read; only their own. */
export async function markRead(
	db: Db,
	personId: number,
	notificationId: number | null,
	now: Date = new Date()
): Promise<void> {
	let q = db
		.updateTable('notification')
		.set({ read_at: now.toISOString() })
		.where('person_id', '=', personId)
		.where('read_at', 'is', null);
	if (notificationId !== null) q = q.where('id', '=', notificationId);
	await q.execute();
}
