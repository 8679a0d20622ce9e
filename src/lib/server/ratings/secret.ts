import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DEFAULT_DATABASE_URL, dialectOf, sqlitePath } from '$lib/server/db/connect';

let cached: Buffer | undefined;

/**
 * Where the ballot secret is kept when BALLOT_SECRET is not set: beside the app, in its own
 * folder, not in `data/` with the database. Whoever has a copy of the database and the secret can
 * recompute every person's key and read their ballots, and the database folder is exactly what
 * gets copied, zipped and backed up.
 */
export const DEFAULT_BALLOT_SECRET_FILE = 'secrets/ballot.key';

/** Where installs before 0008 created the secret; still used if present, with a warning. */
export const LEGACY_BALLOT_SECRET_FILE = 'data/ballot.key';

/**
 * The secret file to use, and a warning when it sits with the database: BALLOT_SECRET_FILE if
 * set; else an existing legacy `data/ballot.key` (an install keeps its keys, or every open
 * round's voters would lose their ballots); else DEFAULT_BALLOT_SECRET_FILE.
 */
export function ballotSecretLocation(
	env: Record<string, string | undefined> = process.env,
	cwd: string = process.cwd()
): { file: string; warning: string | null } {
	const legacy = resolve(cwd, LEGACY_BALLOT_SECRET_FILE);
	const file = env.BALLOT_SECRET_FILE
		? resolve(cwd, env.BALLOT_SECRET_FILE)
		: existsSync(legacy)
			? legacy
			: resolve(cwd, DEFAULT_BALLOT_SECRET_FILE);
	const url = env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
	const databaseFolder =
		dialectOf(url) === 'sqlite' && url !== ':memory:' ? dirname(sqlitePath(url, cwd)) : null;
	const withDatabase = file === legacy || dirname(file) === databaseFolder;
	return {
		file,
		warning: withDatabase
			? `The ballot secret ${file} is in the database folder, so a copy or backup of that ` +
				`folder carries both the ballots and the key to them. Move it (between rounds) to ` +
				`${resolve(cwd, DEFAULT_BALLOT_SECRET_FILE)} or set BALLOT_SECRET_FILE or BALLOT_SECRET.`
			: null
	};
}

/**
 * The server secret that keys ballots. It must NOT live in the database: with it, an operator
 * could recompute every person's key and read their ballots. Set BALLOT_SECRET (≥ 32 characters,
 * the same on every app server); otherwise a random one is created once at ballotSecretLocation()
 * (mode 0600, in a folder of mode 0700). A secret kept with the database is warned about once.
 */
export function ballotSecret(): Buffer {
	if (cached) return cached;
	const fromEnv = process.env.BALLOT_SECRET;
	if (fromEnv) {
		if (fromEnv.length < 32) throw new Error('BALLOT_SECRET must be at least 32 characters');
		cached = Buffer.from(fromEnv, 'utf8');
		return cached;
	}
	const { file, warning } = ballotSecretLocation();
	if (warning) console.warn(warning);
	if (!existsSync(file)) {
		mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
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
