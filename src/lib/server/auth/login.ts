import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { normalizeNip } from '$lib/nip';
import { burnPasswordCheck, verifyPassword } from './password';
import { createSession } from './session';
import { clearFailures, recordFailure, secondsBlocked, throttleKeys } from './throttle';

export type LoginResult =
	| {
			ok: true;
			token: string;
			personId: number;
			mustChangePassword: boolean;
			locale: string | null;
	  }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; seconds: number };

/**
 * Checks a NIP and password. Every failure — unknown NIP, wrong password, disabled account —
 * looks the same to the caller and costs the same time, so a NIP's existence never leaks.
 */
export async function login(
	db: Kysely<Database>,
	input: { nip: string; password: string; address: string },
	now: Date = new Date()
): Promise<LoginResult> {
	const nip = normalizeNip(input.nip);
	const keys = throttleKeys(nip, input.address);
	const wait = await secondsBlocked(db, keys, now);
	if (wait > 0) return { ok: false, reason: 'throttled', seconds: wait };

	const person = await db
		.selectFrom('person')
		.select(['id', 'password_hash', 'active', 'must_change_password', 'locale'])
		.where('nip', '=', nip)
		.executeTakeFirst();
	let valid = false;
	if (person?.password_hash) {
		valid = await verifyPassword(person.password_hash, input.password);
	} else {
		await burnPasswordCheck(input.password);
	}
	if (!person || !valid || !person.active) {
		await recordFailure(db, keys, now);
		return { ok: false, reason: 'invalid' };
	}
	await clearFailures(db, keys[0]);
	const token = await createSession(db, person.id, now);
	return {
		ok: true,
		token,
		personId: person.id,
		mustChangePassword: person.must_change_password === 1,
		locale: person.locale
	};
}
