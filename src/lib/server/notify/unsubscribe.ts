import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { OutboxChannel } from '$lib/server/db/schema/notify';
import { isOutboundKind, type OutboundKind } from './kinds';
import { setPreference } from './preferences';

const SETTING = 'notify.link_secret';
let cached: Buffer | undefined;

/**
 * The key that signs unsubscribe links. NOTIFY_LINK_SECRET if set; otherwise one random key kept
 * in the `setting` table, so every app server signs and checks with the same one. (Unlike the
 * ballot secret it may live in the database: it only lets someone turn a notification off.)
 */
export async function linkSecret(db: Kysely<Database>): Promise<Buffer> {
	if (cached) return cached;
	if (process.env.NOTIFY_LINK_SECRET) {
		cached = Buffer.from(process.env.NOTIFY_LINK_SECRET, 'utf8');
		return cached;
	}
	await db
		.insertInto('setting')
		.values({
			key: SETTING,
			value: randomBytes(32).toString('hex'),
			updated_at: new Date().toISOString()
		})
		.onConflict((oc) => oc.column('key').doNothing())
		.execute();
	const row = await db
		.selectFrom('setting')
		.select('value')
		.where('key', '=', SETTING)
		.executeTakeFirstOrThrow();
	cached = Buffer.from(row.value, 'utf8');
	return cached;
}

export interface UnsubscribeTarget {
	personId: number;
	kind: OutboundKind;
	channel: OutboxChannel;
}

const sign = (secret: Buffer, payload: string) =>
	createHmac('sha256', secret).update(`unsubscribe:${payload}`).digest('base64url');

/** A token naming one person, kind and channel, signed so it cannot be altered or made up. */
export function unsubscribeToken(secret: Buffer, t: UnsubscribeTarget): string {
	const payload = `${t.personId}.${t.kind}.${t.channel}`;
	return `${Buffer.from(payload).toString('base64url')}.${sign(secret, payload)}`;
}

/** The target of a genuine token, or null for anything else. */
export function readUnsubscribeToken(secret: Buffer, token: string): UnsubscribeTarget | null {
	const [encoded, mac, extra] = token.split('.');
	if (!encoded || !mac || extra !== undefined) return null;
	const payload = Buffer.from(encoded, 'base64url').toString('utf8');
	const expected = Buffer.from(sign(secret, payload));
	const given = Buffer.from(mac);
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
	const [id, kind, channel] = payload.split('.');
	const personId = Number(id);
	if (!Number.isSafeInteger(personId) || personId <= 0) return null;
	if (!isOutboundKind(kind) || (channel !== 'email' && channel !== 'webhook')) return null;
	return { personId, kind, channel };
}

/** Turns off what a genuine token names; false (and nothing changed) for any other token. */
export async function unsubscribe(
	db: Kysely<Database>,
	token: string,
	now: Date = new Date()
): Promise<UnsubscribeTarget | null> {
	const target = readUnsubscribeToken(await linkSecret(db), token);
	if (!target) return null;
	const person = await db
		.selectFrom('person')
		.select('id')
		.where('id', '=', target.personId)
		.executeTakeFirst();
	if (!person) return null;
	await setPreference(db, target.personId, target.kind, target.channel, false, now);
	return target;
}
