import { hash, verify } from '@node-rs/argon2';
import { randomInt } from 'node:crypto';

// OWASP's argon2id floor, spelled out so a library default change cannot weaken it.
const OPTIONS = {
	algorithm: 2 /* Algorithm.Argon2id: a const enum, not importable under verbatimModuleSyntax */,
	memoryCost: 19456,
	timeCost: 2,
	parallelism: 1
};

// 12 characters of a 55-letter alphabet ≈ 69 bits: the reason the light hash below is safe.
const TEMPORARY_MIN_LENGTH = 12;

/**
 * For machine-generated temporary passwords only. Hashing cost exists to slow down guessing of
 * passwords people choose; a temporary password is ~69 random bits from the CSPRNG, which no
 * amount of guessing reaches at any cost setting (2^69 guesses even at a million a second is
 * ~18 million years). A light argon2id lets an import of 6,000 staff hash in a couple of seconds
 * instead of minutes. A temporary password only opens the "choose your password" page, and the
 * password the person then chooses is hashed with the full OPTIONS above.
 */
const TEMPORARY_OPTIONS = {
	algorithm: 2,
	memoryCost: 512,
	timeCost: 1,
	parallelism: 1
};

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

/** Hash for a password from generateTemporaryPassword(); never for one a person chose. */
export function hashTemporaryPassword(password: string): Promise<string> {
	if (password.length < TEMPORARY_MIN_LENGTH) {
		throw new Error('hashTemporaryPassword is only for generated temporary passwords');
	}
	return hash(password, TEMPORARY_OPTIONS);
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

/** How long a temporary password works: a lost paper slip must not stay an account forever. */
export function temporaryPasswordExpiry(now: Date = new Date()): string {
	const hours = Number(process.env.TEMP_PASSWORD_HOURS ?? 72);
	const valid = Number.isFinite(hours) && hours > 0 ? hours : 72;
	return new Date(now.getTime() + valid * 3_600_000).toISOString();
}

// No 0/O, 1/l/I: temporary passwords are read off paper and typed by hand.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A one-time temporary password: 12 characters ≈ 69 bits. */
export function generateTemporaryPassword(length = TEMPORARY_MIN_LENGTH): string {
	let out = '';
	for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
	return out;
}
