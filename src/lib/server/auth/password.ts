import { hash, verify } from '@node-rs/argon2';
import { randomInt } from 'node:crypto';

// OWASP's argon2id floor, spelled out so a library default change cannot weaken it.
const OPTIONS = {
	algorithm: 2 /* Algorithm.Argon2id: a const enum, not importable under verbatimModuleSyntax */,
	memoryCost: 19456,
	timeCost: 2,
	parallelism: 1
};

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		// A malformed stored hash must read as "wrong password", never as a server error.
		return false;
	}
}

// Hashed once so that a login for an unknown NIP costs as much as one for a known NIP.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
	dummyHash ??= hashPassword('mufakat-timing-equaliser');
	await verifyPassword(await dummyHash, password);
}

// No 0/O, 1/l/I: temporary passwords are read off paper and typed by hand.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A one-time temporary password: 12 characters ≈ 69 bits. */
export function generateTemporaryPassword(length = 12): string {
	let out = '';
	for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
	return out;
}
