import { describe, expect, it } from 'vitest';
import {
	generateTemporaryPassword,
	hashPassword,
	hashTemporaryPassword,
	verifyPassword
} from '$lib/server/auth/password';

// The PHC string carries the parameters each hash was made with; verify() reads them from it.
const params = (phc: string) => /\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(phc)?.slice(1).map(Number);

describe('password hashing', () => {
	it('hashes chosen passwords at the OWASP argon2id floor', async () => {
		const phc = await hashPassword('kopi-tubruk-pagi');
		expect(phc.startsWith('$argon2id$')).toBe(true);
		expect(params(phc)).toEqual([19456, 2, 1]);
		expect(await verifyPassword(phc, 'kopi-tubruk-pagi')).toBe(true);
		expect(await verifyPassword(phc, 'kopi-tubruk-sore')).toBe(false);
	});

	it('hashes generated temporary passwords lightly, and they still verify', async () => {
		const temporary = generateTemporaryPassword();
		const phc = await hashTemporaryPassword(temporary);
		expect(phc.startsWith('$argon2id$')).toBe(true);
		expect(params(phc)).toEqual([512, 1, 1]);
		expect(await verifyPassword(phc, temporary)).toBe(true);
		expect(await verifyPassword(phc, temporary.slice(1))).toBe(false);
	});

	it('refuses the light hash for anything shorter than a generated password', async () => {
		expect(() => hashTemporaryPassword('kopi-tubru')).toThrow();
	});

	it('generates temporary passwords of ≥ 69 bits without look-alike characters', () => {
		const seen = new Set<string>();
		for (let i = 0; i < 200; i++) {
			const p = generateTemporaryPassword();
			expect(p).toMatch(/^[a-km-np-zA-HJ-NP-Z2-9]{12}$/);
			seen.add(p);
		}
		expect(seen.size).toBe(200);
	});
});
