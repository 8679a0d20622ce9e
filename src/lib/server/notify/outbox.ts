import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { OutboxChannel, OutboxMessage } from '$lib/server/db/schema/notify';
import { isPostgresDb } from './dialect';
import { isReminder, REMINDER_KINDS } from './kinds';

type Db = Kysely<Database> | Transaction<Database>;

export interface OutboxItem {
	/** Names the cause (e.g. `notification:42`); the channel is appended to make the key. */
	sourceKey: string;
	personId: number;
	kind: string;
	roundId?: number | null;
	link: string;
	params?: Record<string, string | number>;
	/** Not before (digest time); now by default. */
	availableAt?: Date;
}

const BATCH = 200;
export const MAX_ATTEMPTS = 8;

const randomSortKey = () => randomBytes(12).toString('hex');

/**
 * Queues messages on the channels each person can be reached on and has not turned off, in the
 * caller's transaction: the message exists exactly when the change that caused it commits. A
 * message already queued under the same key is left as it is.
 */
export async function enqueue(
	db: Db,
	items: OutboxItem[],
	now: Date = new Date()
): Promise<number> {
	if (items.length === 0) return 0;
	const ids = [...new Set(items.map((i) => i.personId))];
	const reach = new Map<number, { email: boolean; phone: boolean; digest: boolean }>();
	const off = new Set<string>();
	for (let i = 0; i < ids.length; i += BATCH) {
		const slice = ids.slice(i, i + BATCH);
		const contacts = await db
			.selectFrom('notify_contact')
			.select(['person_id', 'email', 'phone', 'phone_consent_at', 'digest'])
			.where('person_id', 'in', slice)
			.execute();
		for (const c of contacts) {
			reach.set(c.person_id, {
				email: !!c.email,
				phone: !!c.phone && !!c.phone_consent_at,
				digest: c.digest === 1
			});
		}
		const prefs = await db
			.selectFrom('notify_preference')
			.select(['person_id', 'kind', 'channel'])
			.where('person_id', 'in', slice)
			.where('enabled', '=', 0)
			.execute();
		for (const p of prefs) off.add(`${p.person_id}:${p.kind}:${p.channel}`);
	}
	const at = now.toISOString();
	const rows = [];
	for (const item of items) {
		const r = reach.get(item.personId);
		if (!r) continue;
		for (const channel of ['email', 'webhook'] as OutboxChannel[]) {
			if (channel === 'email' ? !r.email : !r.phone) continue;
			if (off.has(`${item.personId}:${item.kind}:${channel}`)) continue;
			// A digest gathers the day's emails; a reminder is time-bound and never waits for one.
			const digest = channel === 'email' && r.digest && !isReminder(item.kind);
			rows.push({
				idempotency_key: `${item.sourceKey}:${channel}`,
				channel,
				person_id: item.personId,
				kind: item.kind,
				round_id: item.roundId ?? null,
				link: item.link,
				params_json: JSON.stringify(item.params ?? {}),
				available_at: (digest ? nextDigestTime(now) : (item.availableAt ?? now)).toISOString(),
				sort_key: randomSortKey(),
				created_at: at
			});
		}
	}
	for (let i = 0; i < rows.length; i += BATCH) {
		await db
			.insertInto('outbox_message')
			.values(rows.slice(i, i + BATCH))
			.onConflict((oc) => oc.column('idempotency_key').doNothing())
			.execute();
	}
	return rows.length;
}

/** The next daily digest time: DIGEST_HOUR_UTC (default 0 = 07:00 WIB) after `now`. */
export function nextDigestTime(now: Date): Date {
	const hour = Number(process.env.DIGEST_HOUR_UTC ?? 0);
	const t = new Date(now);
	t.setUTCHours(hour, 0, 0, 0);
	if (t <= now) t.setUTCDate(t.getUTCDate() + 1);
	return t;
}

/** Waiting time before attempt `attempts + 1`: 30 s, 1 min, 2 min, … capped at 1 h, ±20 %. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
	const base = Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
	return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * Takes up to `limit` due messages for `owner` until `leaseMs` from now. A message whose lease ran
 * out (its worker died) is due again. PostgreSQL: `FOR UPDATE SKIP LOCKED` lets several workers
 * claim at once without waiting for or taking each other's rows. SQLite has one writer at a time,
 * so the select-and-update in one transaction is already exclusive.
 */
export async function claim(
	db: Kysely<Database>,
	owner: string,
	limit: number,
	leaseMs: number,
	now: Date = new Date()
): Promise<OutboxMessage[]> {
	const at = now.toISOString();
	const until = new Date(now.getTime() + leaseMs).toISOString();
	return db.transaction().execute(async (trx) => {
		let due = trx
			.selectFrom('outbox_message')
			.select('id')
			.where('status', '=', 'pending')
			.where('available_at', '<=', at)
			.where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
			.orderBy('available_at')
			.orderBy('sort_key')
			.limit(limit);
		if (isPostgresDb(trx)) due = due.forUpdate().skipLocked();
		const ids = (await due.execute()).map((r) => r.id);
		if (ids.length === 0) return [];
		return trx
			.updateTable('outbox_message')
			.set({ lease_owner: owner, lease_until: until })
			.where('id', 'in', ids)
			.returningAll()
			.execute();
	});
}

/**
 * Done with a message. A reminder row is deleted whatever happened to it — sent, or skipped
 * because the person had taken part — so no trace tells the two apart; any other message keeps
 * its outcome for the delivery counts. Only the lease holder may finish a message.
 */
export async function finish(
	db: Db,
	message: Pick<OutboxMessage, 'id' | 'kind'>,
	owner: string,
	status: 'sent' | 'skipped',
	now: Date = new Date()
): Promise<boolean> {
	if (isReminder(message.kind)) {
		const r = await db
			.deleteFrom('outbox_message')
			.where('id', '=', message.id)
			.where('lease_owner', '=', owner)
			.executeTakeFirst();
		return Number(r.numDeletedRows) === 1;
	}
	const r = await db
		.updateTable('outbox_message')
		.set({ status, done_at: now.toISOString(), lease_owner: null, lease_until: null })
		.where('id', '=', message.id)
		.where('lease_owner', '=', owner)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

/**
 * A delivery attempt failed. Ordinary messages count the attempt, keep the reason for admins and
 * wait longer each time, giving up after MAX_ATTEMPTS. A reminder that failed must look like one
 * nobody has tried yet (only people who had not taken part are ever tried), so it records nothing
 * about the attempt: the channel's pending reminders all wait together and the failed one gets a
 * fresh random place in the queue. Reminders end by themselves when their phase closes.
 */
export async function retryLater(
	db: Kysely<Database>,
	message: Pick<OutboxMessage, 'id' | 'kind' | 'attempts' | 'channel'>,
	owner: string,
	reason: string,
	now: Date = new Date()
): Promise<void> {
	if (isReminder(message.kind)) {
		const wait = new Date(now.getTime() + backoffMs(1)).toISOString();
		await db.transaction().execute(async (trx) => {
			await trx
				.updateTable('outbox_message')
				.set({ lease_owner: null, lease_until: null, sort_key: randomSortKey() })
				.where('id', '=', message.id)
				.where('lease_owner', '=', owner)
				.execute();
			await trx
				.updateTable('outbox_message')
				.set({ available_at: wait })
				.where('status', '=', 'pending')
				.where('channel', '=', message.channel)
				.where('kind', 'in', REMINDER_KINDS)
				.where('available_at', '<', wait)
				.execute();
		});
		return;
	}
	const attempts = message.attempts + 1;
	const failed = attempts >= MAX_ATTEMPTS;
	await db
		.updateTable('outbox_message')
		.set({
			attempts,
			status: failed ? 'failed' : 'pending',
			available_at: new Date(now.getTime() + backoffMs(attempts)).toISOString(),
			last_error: reason.slice(0, 500),
			done_at: failed ? now.toISOString() : null,
			lease_owner: null,
			lease_until: null
		})
		.where('id', '=', message.id)
		.where('lease_owner', '=', owner)
		.execute();
}

/** Delivery counts of a round's messages by channel and outcome: numbers only, never people. */
export async function deliveryCounts(db: Db, roundId: number) {
	const rows = await db
		.selectFrom('outbox_message')
		.select(['channel', 'status', (eb) => eb.fn.countAll<number>().as('n')])
		.where('round_id', '=', roundId)
		.where('kind', 'not in', REMINDER_KINDS)
		.groupBy(['channel', 'status'])
		.execute();
	return rows.map((r) => ({ channel: r.channel, status: r.status, n: Number(r.n) }));
}

/** Messages that gave up, newest first, with their reason: for admins. */
export async function failedMessages(db: Db, limit = 100) {
	return db
		.selectFrom('outbox_message')
		.innerJoin('person', 'person.id', 'outbox_message.person_id')
		.select([
			'outbox_message.id',
			'outbox_message.channel',
			'outbox_message.kind',
			'outbox_message.attempts',
			'outbox_message.last_error',
			'outbox_message.done_at',
			'person.full_name'
		])
		.where('outbox_message.status', '=', 'failed')
		.orderBy('outbox_message.done_at', 'desc')
		.limit(limit)
		.execute();
}
