import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { OutboxChannel } from '$lib/server/db/schema/notify';
import { CHANNELS, OUTBOUND_KINDS, type OutboundKind } from './kinds';

type Db = Kysely<Database> | Transaction<Database>;

export interface NotifySettings {
	email: string | null;
	phone: string | null;
	phoneConsentAt: string | null;
	digest: boolean;
	/** `${kind}:${channel}` → on/off, for every outbound kind and channel. */
	enabled: Record<string, boolean>;
}

export async function getNotifySettings(db: Db, personId: number): Promise<NotifySettings> {
	const contact = await db
		.selectFrom('notify_contact')
		.selectAll()
		.where('person_id', '=', personId)
		.executeTakeFirst();
	const prefs = await db
		.selectFrom('notify_preference')
		.select(['kind', 'channel', 'enabled'])
		.where('person_id', '=', personId)
		.execute();
	const enabled: Record<string, boolean> = {};
	for (const kind of OUTBOUND_KINDS) for (const ch of CHANNELS) enabled[`${kind}:${ch}`] = true;
	for (const p of prefs) enabled[`${p.kind}:${p.channel}`] = p.enabled === 1;
	return {
		email: contact?.email ?? null,
		phone: contact?.phone ?? null,
		phoneConsentAt: contact?.phone_consent_at ?? null,
		digest: contact?.digest === 1,
		enabled
	};
}

/** Turns one kind on one channel on or off for a person. */
export async function setPreference(
	db: Db,
	personId: number,
	kind: OutboundKind,
	channel: OutboxChannel,
	enabled: boolean,
	now: Date = new Date()
): Promise<void> {
	await db
		.insertInto('notify_preference')
		.values({
			person_id: personId,
			kind,
			channel,
			enabled: enabled ? 1 : 0,
			updated_at: now.toISOString()
		})
		.onConflict((oc) =>
			oc.columns(['person_id', 'kind', 'channel']).doUpdateSet({
				enabled: enabled ? 1 : 0,
				updated_at: now.toISOString()
			})
		)
		.execute();
}

/** Whether a person still wants this kind on this channel (checked again at send time). */
export async function wants(
	db: Db,
	personId: number,
	kind: string,
	channel: OutboxChannel
): Promise<boolean> {
	const row = await db
		.selectFrom('notify_preference')
		.select('enabled')
		.where('person_id', '=', personId)
		.where('kind', '=', kind)
		.where('channel', '=', channel)
		.executeTakeFirst();
	return row ? row.enabled === 1 : true;
}

export interface ContactInput {
	email: string | null;
	phone: string | null;
	/** The person ticked the consent box for WhatsApp/SMS. */
	phoneConsent: boolean;
	digest: boolean;
}

/**
 * Saves a person's contact details. Consent to WhatsApp/SMS is recorded with its time when first
 * given, kept while it stands, and cleared (with the number) when withdrawn.
 */
export async function saveContact(
	db: Db,
	personId: number,
	input: ContactInput,
	now: Date = new Date()
): Promise<void> {
	const at = now.toISOString();
	const current = await db
		.selectFrom('notify_contact')
		.select(['phone', 'phone_consent_at'])
		.where('person_id', '=', personId)
		.executeTakeFirst();
	const phone = input.phoneConsent ? input.phone : null;
	const consentAt =
		phone === null
			? null
			: current?.phone_consent_at && current.phone === phone
				? current.phone_consent_at
				: at;
	const values = {
		email: input.email,
		phone,
		phone_consent_at: consentAt,
		digest: input.digest ? 1 : 0,
		updated_at: at
	};
	await db
		.insertInto('notify_contact')
		.values({ person_id: personId, ...values })
		.onConflict((oc) => oc.column('person_id').doUpdateSet(values))
		.execute();
}

/**
 * Saves the profile page's notification section in one transaction: contact details, and every
 * kind/channel pair on or off (a pair not in `enabled` is off; unknown pairs are ignored).
 */
export async function saveNotifySettings(
	db: Kysely<Database>,
	personId: number,
	input: { contact: ContactInput; enabled: string[] },
	now: Date = new Date()
): Promise<void> {
	const on = new Set(input.enabled);
	await db.transaction().execute(async (trx) => {
		await saveContact(trx, personId, input.contact, now);
		for (const kind of OUTBOUND_KINDS) {
			for (const channel of CHANNELS) {
				await setPreference(trx, personId, kind, channel, on.has(`${kind}:${channel}`), now);
			}
		}
	});
}
