import { describe, expect, it } from 'vitest';
import { checkNewPassword } from '$lib/validation/password';

const person = { nip: '199001122015031001', fullName: 'Andi Saputra, S.Kom.' };

describe('new password policy', () => {
	it('accepts a long password unrelated to the person', () => {
		expect(checkNewPassword('kopi-tubruk-pagi-hari', person)).toBeNull();
	});
	it.each([
		['pendek', 'password_too_short'],
		['x'.repeat(129), 'password_too_long'],
		['aku19900112!', 'password_contains_nip'],
		['kode201503100', 'password_contains_nip'],
		['saputra-2026!', 'password_contains_name'],
		['ANDI-sangat-rahasia', 'password_contains_name']
	])('refuses %s (%s)', (pw, problem) => {
		expect(checkNewPassword(pw, person)).toBe(problem);
	});
	it('ignores short name parts and degrees', () => {
		// "S.Kom." and short words are not names to avoid.
		expect(
			checkNewPassword('skom-kopi-tubruk', { ...person, fullName: 'Al Bo, S.Kom.' })
		).toBeNull();
	});
});
