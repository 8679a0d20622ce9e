import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { normalizeNip } from '$lib/nip';
import { burnPasswordCheck, verifyPassword } from './password';
import { createSession } from './session';
import { clearFailures, releaseAttempt, reserveAttempt, throttleKeys } from './throttle';

export type LoginResult =
	| {
			ok: true;
			token: string;
			personId: number;
			mustChangePassword: boolean;
			locale: string | null;
	  }
	| { ok: false; reason: 'invalid' }
	/** The right temporary password, past TEMP_PASSWORD_HOURS: only an admin can issue a new one. */
	| { ok: false; reason: 'temporary_expired' }
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
	// Reserved before argon2 runs, so parallel guesses cannot all slip past the count.
	const reservation = await reserveAttempt(db, keys, now);
	if (!reservation.ok) return { ok: false, reason: 'throttled', seconds: reservation.seconds };

	const person = await db
		.selectFrom('person')
		.select([
			'id',
			'password_hash',
			'active',
			'must_change_password',
			'temporary_password_expires_at',
			'locale'
		])
		.where('nip', '=', nip)
		.executeTakeFirst();
	let valid = false;
	if (person?.password_hash) {
		valid = await verifyPassword(person.password_hash, input.password);
	} else {
		await burnPasswordCheck(input.password);
	}
	// A failure has already been counted by the reservation.
	if (!person || !valid || !person.active) return { ok: false, reason: 'invalid' };
	await clearFailures(db, keys[0]);
	await releaseAttempt(db, keys.slice(1));
	const expiresAt = person.temporary_password_expires_at;
	if (person.must_change_password === 1 && expiresAt && Date.parse(expiresAt) <= now.getTime()) {
		// Said plainly: whoever typed this already knows the temporary password, so nothing leaks.
		return { ok: false, reason: 'temporary_expired' };
	}
	const token = await createSession(db, person.id, now);
	return {
		ok: true,
		token,
		personId: person.id,
		mustChangePassword: person.must_change_password === 1,
		locale: person.locale
	};
}
