import { fail } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import { parseForm, translate } from '$lib/server/forms';
import { changePasswordSchema, newPasswordSchema } from '$lib/validation/auth';
import type { Database } from '$lib/server/db/schema';
import { inTransaction } from '$lib/server/db/errors';
import { recordAudit } from '$lib/server/audit';
import { checkNewPassword, type PasswordProblem } from '$lib/validation/password';
import { hashPassword, verifyPassword } from './password';
import { invalidatePersonSessions } from './session';
import { releaseAttempt, reserveAttempt, throttleKeys, type ThrottleKey } from './throttle';

export type PasswordChangeProblem =
	PasswordProblem | 'password_current_wrong' | 'password_same_as_old' | 'login_throttled';

/**
 * Sets a person's own password. `current` is required except when replacing a temporary one at
 * first login. Ends the person's other sessions: whoever knew the old password is logged out.
 */
export async function changeOwnPassword(
	db: Kysely<Database>,
	input: {
		personId: number;
		sessionId: string;
		current?: string;
		next: string;
		firstLogin?: boolean;
		/** The client's address, throttled together with the NIP as at login. */
		address?: string;
	},
	now: Date = new Date()
): Promise<
	| { ok: true }
	| { ok: false; field: 'current' | 'password'; problem: PasswordChangeProblem; seconds?: number }
> {
	const person = await db
		.selectFrom('person')
		.select(['nip', 'full_name', 'password_hash', 'must_change_password'])
		.where('id', '=', input.personId)
		.executeTakeFirstOrThrow();
	if (!input.firstLogin || person.must_change_password !== 1) {
		// A stolen session must not become a password oracle: the same reservation as at login,
		// on the same NIP key, so guesses here and at the login form share one allowance.
		const keys: ThrottleKey[] = input.address
			? throttleKeys(person.nip, input.address)
			: [`nip:${person.nip}`];
		const reservation = await reserveAttempt(db, keys, now);
		if (!reservation.ok) {
			return {
				ok: false,
				field: 'current',
				problem: 'login_throttled',
				seconds: reservation.seconds
			};
		}
		if (
			!person.password_hash ||
			!(await verifyPassword(person.password_hash, input.current ?? ''))
		) {
			return { ok: false, field: 'current', problem: 'password_current_wrong' };
		}
		await releaseAttempt(db, keys);
	}
	const problem = checkNewPassword(input.next, { nip: person.nip, fullName: person.full_name });
	if (problem) return { ok: false, field: 'password', problem };
	if (person.password_hash && (await verifyPassword(person.password_hash, input.next))) {
		return { ok: false, field: 'password', problem: 'password_same_as_old' };
	}
	const passwordHash = await hashPassword(input.next);
	await inTransaction(db, async (trx) => {
		await trx
			.updateTable('person')
			.set({
				password_hash: passwordHash,
				must_change_password: 0,
				temporary_password_expires_at: null,
				updated_at: new Date().toISOString()
			})
			.where('id', '=', input.personId)
			.execute();
		await invalidatePersonSessions(trx, input.personId, input.sessionId);
		await recordAudit(trx, {
			actorId: input.personId,
			action: input.firstLogin ? 'person.password_set_first_login' : 'person.password_change',
			objectType: 'person',
			objectId: input.personId
		});
	});
	return { ok: true };
}

export async function setOwnLocale(db: Kysely<Database>, personId: number, locale: 'id' | 'en') {
	await db.updateTable('person').set({ locale }).where('id', '=', personId).execute();
}

/** The shared body of the two password forms (first login, and change): validate, change, report. */
export async function passwordFormAction(
	db: Kysely<Database>,
	form: FormData,
	who: { personId: number; sessionId: string; address: string },
	firstLogin: boolean
) {
	const parsed = parseForm(firstLogin ? newPasswordSchema : changePasswordSchema, form);
	if (!parsed.ok) return fail(400, { errors: parsed.errors });
	const result = await changeOwnPassword(db, {
		...who,
		current: 'current' in parsed.data ? String(parsed.data.current) : undefined,
		next: parsed.data.password,
		firstLogin
	});
	if (!result.ok) {
		const message = translate(result.problem, { seconds: String(result.seconds ?? 0) });
		return fail(result.problem === 'login_throttled' ? 429 : 400, {
			errors: { [result.field]: message }
		});
	}
	return null;
}
