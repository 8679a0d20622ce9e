import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { OutboxMessage } from '$lib/server/db/schema/notify';
import { claim, finish, retryLater } from './outbox';
import { isReminder, type OutboundKind } from './kinds';
import { renderEmail, renderShortText, type RenderItem } from './render';
import { linkSecret, unsubscribeToken } from './unsubscribe';
import { sendWebhook, type EmailChannel, type WebhookConfig } from './channels';
import { reminderStillWanted, scheduleReminders } from './reminders';

export interface WorkerOptions {
	db: Kysely<Database>;
	/** ORIGIN: the address people open the app at; links are built on it. */
	origin: string;
	email: EmailChannel | null;
	webhook: WebhookConfig | null;
	owner?: string;
	leaseMs?: number;
	batch?: number;
	/** Wait between polls when nothing is due. */
	idleMs?: number;
	now?: () => Date;
}

/**
 * Delivers the outbox. Each pass schedules due reminders, claims a batch under a lease, and sends
 * each message; a message is marked done only after its channel accepted it. A worker killed
 * mid-send leaves its messages leased: when the lease runs out another pass takes them again.
 */
export class OutboxWorker {
	readonly owner: string;
	private readonly o: Required<Omit<WorkerOptions, 'email' | 'webhook'>> &
		Pick<WorkerOptions, 'email' | 'webhook'>;
	private running: Promise<void> | null = null;
	private stopping = false;
	private wake: (() => void) | null = null;

	constructor(options: WorkerOptions) {
		this.owner = options.owner ?? `worker-${randomUUID()}`;
		this.o = {
			...options,
			// `??`, not defaults spread under options: an option passed as undefined keeps its default.
			leaseMs: options.leaseMs ?? 120_000,
			batch: options.batch ?? 20,
			idleMs: options.idleMs ?? 2_000,
			now: options.now ?? (() => new Date()),
			owner: this.owner
		};
	}

	/** One pass: returns how many messages it dealt with. */
	async runOnce(): Promise<number> {
		const { db } = this.o;
		await scheduleReminders(db, this.o.now());
		const rows = await claim(db, this.owner, this.o.batch, this.o.leaseMs, this.o.now());
		const handled = new Set<number>();
		for (const row of rows) {
			if (this.stopping) break;
			if (handled.has(row.id)) continue;
			for (const id of await this.deliver(row)) handled.add(id);
		}
		return handled.size;
	}

	/** Delivers one message (or, for a digest, all of that person's due emails); returns the ids. */
	private async deliver(row: OutboxMessage): Promise<number[]> {
		const { db } = this.o;
		const now = this.o.now();
		const person = await db
			.selectFrom('person')
			.leftJoin('notify_contact', 'notify_contact.person_id', 'person.id')
			.select([
				'person.full_name',
				'person.locale',
				'person.active',
				'notify_contact.email',
				'notify_contact.phone',
				'notify_contact.phone_consent_at',
				'notify_contact.digest'
			])
			.where('person.id', '=', row.person_id)
			.executeTakeFirst();
		const wanted = await db
			.selectFrom('notify_preference')
			.select('enabled')
			.where('person_id', '=', row.person_id)
			.where('kind', '=', row.kind)
			.where('channel', '=', row.channel)
			.executeTakeFirst();
		const address =
			row.channel === 'email' ? person?.email : person?.phone_consent_at && person.phone;
		const channelOn = row.channel === 'email' ? !!this.o.email : !!this.o.webhook;
		if (!person || person.active !== 1 || !address || wanted?.enabled === 0) {
			await finish(db, row, this.owner, 'skipped', now);
			return [row.id];
		}
		// Whether the person has taken part is looked up here, used for this one decision, and
		// kept nowhere: the reminder row is deleted either way (see finish()).
		if (isReminder(row.kind) && !(await reminderStillWanted(db, row))) {
			await finish(db, row, this.owner, 'sent', now);
			return [row.id];
		}
		if (!channelOn) {
			await retryLater(db, row, this.owner, `${row.channel} is not configured`, now);
			return [row.id];
		}
		const recipient = { fullName: person.full_name, locale: person.locale };
		let rows = [row];
		if (row.channel === 'email' && person.digest === 1 && !isReminder(row.kind)) {
			rows = rows.concat(await this.takeDigest(row, now));
		}
		try {
			if (row.channel === 'email') {
				const secret = await linkSecret(db);
				const token = unsubscribeToken(secret, {
					personId: row.person_id,
					kind: row.kind as OutboundKind,
					channel: 'email'
				});
				const unsubscribeUrl = new URL(`/unsubscribe/${token}`, this.o.origin).toString();
				const items: RenderItem[] = rows.map((r) => ({
					kind: r.kind,
					link: r.link,
					params: JSON.parse(r.params_json)
				}));
				const mail = renderEmail(recipient, items, this.o.origin, unsubscribeUrl);
				await this.o.email!.send({
					...mail,
					to: address,
					key: rows.map((r) => r.idempotency_key).join(','),
					unsubscribeUrl
				});
			} else {
				const text = renderShortText(
					recipient,
					{ kind: row.kind, link: row.link, params: {} },
					this.o.origin
				);
				await sendWebhook(this.o.webhook!, address, text);
			}
		} catch (e) {
			const reason = e instanceof Error ? e.message : String(e);
			for (const r of rows) await retryLater(db, r, this.owner, reason, this.o.now());
			return rows.map((r) => r.id);
		}
		for (const r of rows) await finish(db, r, this.owner, 'sent', this.o.now());
		return rows.map((r) => r.id);
	}

	/** Takes the person's other due, unleased emails under this worker's lease, for a digest. */
	private async takeDigest(row: OutboxMessage, now: Date): Promise<OutboxMessage[]> {
		const at = now.toISOString();
		return this.o.db
			.updateTable('outbox_message')
			.set({
				lease_owner: this.owner,
				lease_until: new Date(now.getTime() + this.o.leaseMs).toISOString()
			})
			.where('person_id', '=', row.person_id)
			.where('channel', '=', 'email')
			.where('status', '=', 'pending')
			.where('id', '!=', row.id)
			.where('available_at', '<=', at)
			.where('kind', 'not in', ['reminder_rating'])
			.where((eb) =>
				eb.or([
					eb('lease_until', 'is', null),
					eb('lease_until', '<', at),
					eb('lease_owner', '=', this.owner)
				])
			)
			.returningAll()
			.execute();
	}

	/** Runs passes until stop(): straight on while there is work, else every idleMs. */
	start(): void {
		if (this.running) return;
		this.stopping = false;
		this.running = (async () => {
			while (!this.stopping) {
				let n = 0;
				try {
					n = await this.runOnce();
				} catch (e) {
					// A database hiccup must not end the loop; the next pass tries again.
					console.error('Outbox worker pass failed:', (e as Error).message);
				}
				if (n === 0 && !this.stopping) {
					await new Promise<void>((resolve) => {
						const t = setTimeout(resolve, this.o.idleMs);
						this.wake = () => {
							clearTimeout(t);
							resolve();
						};
					});
					this.wake = null;
				}
			}
		})();
	}

	/** Finishes the message in hand and stops; messages not yet taken stay queued. */
	async stop(): Promise<void> {
		this.stopping = true;
		this.wake?.();
		await this.running;
		this.running = null;
	}
}
