import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '$lib/server/db/schema';

/** Failures before a delay starts, per NIP and per client address, and how the delay grows. */
export const throttleConfig = {
	nipFreeFailures: Number(process.env.LOGIN_NIP_FREE_FAILURES ?? 5),
	addressFreeFailures: Number(process.env.LOGIN_ADDRESS_FREE_FAILURES ?? 20),
	baseDelayMs: 30_000,
	maxDelayMs: 15 * 60_000,
	// Failures older than this are forgotten.
	windowMs: 60 * 60_000
};

export type ThrottleKey = `nip:${string}` | `addr:${string}` | `totp:${string}`;

export function throttleKeys(nip: string, address: string): ThrottleKey[] {
	return [`nip:${nip}`, `addr:${address}`];
}

function freeFailures(key: ThrottleKey): number {
	return key.startsWith('addr:')
		? throttleConfig.addressFreeFailures
		: throttleConfig.nipFreeFailures;
}

/** When a key that has just reached `failures` is blocked until, or null while still free. */
function blockedUntilAfter(key: ThrottleKey, failures: number, now: Date): string | null {
	const over = failures - freeFailures(key);
	if (over < 0) return null;
	const delay = Math.min(throttleConfig.baseDelayMs * 2 ** over, throttleConfig.maxDelayMs);
	return new Date(now.getTime() + delay).toISOString();
}

/**
 * `blocked_until` as a function of the new failure count, evaluated inside the UPDATE so that the
 * count and the block change in one atomic step. The delay stops growing at maxDelayMs, so a
 * short CASE over the counts where it still grows covers every value.
 */
function blockedUntilSql(
	key: ThrottleKey,
	failures: RawBuilder<number>,
	now: Date
): RawBuilder<string | null> {
	const free = freeFailures(key);
	const steps = Math.ceil(Math.log2(throttleConfig.maxDelayMs / throttleConfig.baseDelayMs));
	const arms = [];
	for (let n = free; n < free + steps; n++) {
		arms.push(sql`when ${failures} = ${n} then ${blockedUntilAfter(key, n, now)}`);
	}
	const max = blockedUntilAfter(key, free + steps, now);
	return sql<
		string | null
	>`case when ${failures} < ${free} then null ${sql.join(arms, sql` `)} else ${max} end`;
}

export type Reservation = { ok: true } | { ok: false; seconds: number };

/**
 * Reserves one attempt for `key` BEFORE the password (or code) is checked: the attempt counts
 * as a failure at once, in one atomic statement that refuses while the key is blocked. N guesses
 * sent at the same moment therefore see N different counts, and only the free ones go ahead; the
 * rest are refused without running argon2. A successful check gives the reservation back
 * (`releaseAttempt`, or `clearFailures`).
 */
async function reserveKey(db: Kysely<Database>, key: ThrottleKey, now: Date): Promise<Reservation> {
	const at = now.toISOString();
	const staleBefore = new Date(now.getTime() - throttleConfig.windowMs).toISOString();
	// Two tries: the row may appear between our UPDATE finding nothing and our INSERT.
	for (let attempt = 0; attempt < 2; attempt++) {
		const next = sql<number>`(case when ${sql.ref('last_failure_at')} < ${staleBefore} then 1 else ${sql.ref('failures')} + 1 end)`;
		const updated = await db
			.updateTable('login_throttle')
			.set({
				failures: next,
				last_failure_at: at,
				blocked_until: blockedUntilSql(key, next, now)
			})
			.where('key', '=', key)
			.where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<=', at)]))
			.returning('failures')
			.executeTakeFirst();
		if (updated) return { ok: true };
		const inserted = await db
			.insertInto('login_throttle')
			.values({
				key,
				failures: 1,
				last_failure_at: at,
				blocked_until: blockedUntilAfter(key, 1, now)
			})
			.onConflict((oc) => oc.column('key').doNothing())
			.returning('failures')
			.executeTakeFirst();
		if (inserted) return { ok: true };
	}
	const row = await db
		.selectFrom('login_throttle')
		.select('blocked_until')
		.where('key', '=', key)
		.executeTakeFirst();
	const until = row?.blocked_until ? Date.parse(row.blocked_until) : now.getTime() + 1000;
	return { ok: false, seconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)) };
}

/**
 * Reserves an attempt on every key (see reserveKey). When one key refuses, the reservations
 * already taken on the others are given back, so a refused attempt counts nowhere.
 */
export async function reserveAttempt(
	db: Kysely<Database>,
	keys: ThrottleKey[],
	now: Date = new Date()
): Promise<Reservation> {
	const taken: ThrottleKey[] = [];
	for (const key of keys) {
		const r = await reserveKey(db, key, now);
		if (!r.ok) {
			await releaseAttempt(db, taken);
			return r;
		}
		taken.push(key);
	}
	return { ok: true };
}

/**
 * Gives back one reserved attempt per key: the check succeeded, so it was no failure. A block
 * that this very reservation started is lifted with it.
 */
export async function releaseAttempt(db: Kysely<Database>, keys: ThrottleKey[]): Promise<void> {
	for (const key of keys) {
		const left = sql<number>`(case when ${sql.ref('failures')} > 0 then ${sql.ref('failures')} - 1 else 0 end)`;
		await db
			.updateTable('login_throttle')
			.set({
				failures: left,
				blocked_until: sql`case when ${left} < ${freeFailures(key)} then null else ${sql.ref('blocked_until')} end`
			})
			.where('key', '=', key)
			.execute();
	}
}

/** A successful login clears the NIP's record (the address keeps its history). */
export async function clearFailures(db: Kysely<Database>, key: ThrottleKey): Promise<void> {
	await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
