import { normalizeNip } from '$lib/nip';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

export type PasswordProblem =
	'password_too_short' | 'password_too_long' | 'password_contains_nip' | 'password_contains_name';

/** Checks a new password against the policy; returns the first problem, or null when it is fine. */
export function checkNewPassword(
	password: string,
	person: { nip: string; fullName: string }
): PasswordProblem | null {
	if (password.length < PASSWORD_MIN) return 'password_too_short';
	if (password.length > PASSWORD_MAX) return 'password_too_long';
	const lower = password.toLowerCase();
	const nip = normalizeNip(person.nip);
	// Any 8-digit run of the NIP is the birth date or appointment: easy to guess.
	for (let i = 0; i + 8 <= nip.length; i++) {
		if (lower.includes(nip.slice(i, i + 8))) return 'password_contains_nip';
	}
	const nameParts = person.fullName
		.toLowerCase()
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.split(/[^a-z]+/)
		.filter((p) => p.length >= 4);
	const plain = lower.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
	if (nameParts.some((p) => plain.includes(p))) return 'password_contains_name';
	return null;
}
