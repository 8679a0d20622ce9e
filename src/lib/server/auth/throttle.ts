import type { Kysely } from 'kysely';
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

export type ThrottleKey = `nip:${string}` | `addr:${string}`;

export function throttleKeys(nip: string, address: string): ThrottleKey[] {
	return [`nip:${nip}`, `addr:${address}`];
}

function freeFailures(key: ThrottleKey): number {
	return key.startsWith('nip:')
		? throttleConfig.nipFreeFailures
		: throttleConfig.addressFreeFailures;
}

/** Seconds the caller must still wait, or 0 when a login attempt may go ahead. */
export async function secondsBlocked(
	db: Kysely<Database>,
	keys: ThrottleKey[],
	now: Date = new Date()
): Promise<number> {
	const rows = await db
		.selectFrom('login_throttle')
		.select(['blocked_until'])
		.where('key', 'in', keys)
		.execute();
	let wait = 0;
	for (const row of rows) {
		if (!row.blocked_until) continue;
		wait = Math.max(wait, Math.ceil((Date.parse(row.blocked_until) - now.getTime()) / 1000));
	}
	return Math.max(0, wait);
}

/** Records one failed attempt for each key; past the free allowance the delay doubles each time. */
export async function recordFailure(
	db: Kysely<Database>,
	keys: ThrottleKey[],
	now: Date = new Date()
): Promise<void> {
	for (const key of keys) {
		const row = await db
			.selectFrom('login_throttle')
			.selectAll()
			.where('key', '=', key)
			.executeTakeFirst();
		const stale = row && Date.parse(row.last_failure_at) + throttleConfig.windowMs < now.getTime();
		const failures = row && !stale ? row.failures + 1 : 1;
		const over = failures - freeFailures(key);
		const blockedUntil =
			over >= 0
				? new Date(
						now.getTime() +
							Math.min(throttleConfig.baseDelayMs * 2 ** over, throttleConfig.maxDelayMs)
					).toISOString()
				: null;
		await db
			.insertInto('login_throttle')
			.values({ key, failures, last_failure_at: now.toISOString(), blocked_until: blockedUntil })
			.onConflict((oc) =>
				oc.column('key').doUpdateSet({
					failures,
					last_failure_at: now.toISOString(),
					blocked_until: blockedUntil
				})
			)
			.execute();
	}
}

/** A successful login clears the NIP's record (the address keeps its history). */
export async function clearFailures(db: Kysely<Database>, key: ThrottleKey): Promise<void> {
	await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
