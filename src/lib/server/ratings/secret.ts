import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

let cached: Buffer | undefined;

/**
 * The server secret that keys ballots. It must NOT live in the database: with it, an operator
 * could recompute every person's key and read their ballots. Set BALLOT_SECRET (≥ 32 characters,
 * the same on every app server); otherwise a random one is created once in BALLOT_SECRET_FILE
 * (default data/ballot.key, mode 0600) beside, not inside, the SQLite file.
 */
export function ballotSecret(): Buffer {
	if (cached) return cached;
	const fromEnv = process.env.BALLOT_SECRET;
	if (fromEnv) {
		if (fromEnv.length < 32) throw new Error('BALLOT_SECRET must be at least 32 characters');
		cached = Buffer.from(fromEnv, 'utf8');
		return cached;
	}
	const file = resolve(process.env.BALLOT_SECRET_FILE ?? 'data/ballot.key');
	if (!existsSync(file)) {
		mkdirSync(dirname(file), { recursive: true });
		try {
			// 'wx': two processes starting at once must not each write a different secret.
			writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
		} catch (e) {
			if ((e as { code?: string }).code !== 'EEXIST') throw e;
		}
	}
	cached = Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
	return cached;
}

// Keys already computed, by round and person: a participant submits once per indicator, and the
// HMAC was a noticeable share of each submission. The process holds the secret anyway.
const keys = new Map<string, string>();
const MAX_KEYS = 50_000;

/** The key a person's ballots carry in one round: stable, but meaningless without the secret. */
export function raterKey(roundId: number, personId: number): string {
	const id = `${roundId}:${personId}`;
	let key = keys.get(id);
	if (key === undefined) {
		key = createHmac('sha256', ballotSecret()).update(`ballot:${id}`).digest('hex');
		if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value!);
		keys.set(id, key);
	}
	return key;
}
