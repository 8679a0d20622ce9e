import { availableParallelism } from 'node:os';
import { generateTemporaryPassword, hashPassword } from '$lib/server/auth/password';

/**
 * How many argon2id hashes run at once. Each runs on a libuv threadpool thread (4 by default),
 * never on the event loop; keeping this below the pool size leaves threads for the logins and
 * file reads of everyone else while an import hashes thousands of passwords.
 */
export const HASH_CONCURRENCY = Math.max(
	1,
	Number(process.env.IMPORT_HASH_CONCURRENCY ?? Math.min(availableParallelism(), 3))
);

export interface IssuedPassword {
	password: string;
	hash: string;
}

/** Generates and hashes `count` temporary passwords, at most HASH_CONCURRENCY at a time. */
export async function issueTemporaryPasswords(
	count: number,
	concurrency = HASH_CONCURRENCY
): Promise<IssuedPassword[]> {
	const out: IssuedPassword[] = new Array(count);
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const i = next++;
			const password = generateTemporaryPassword();
			out[i] = { password, hash: await hashPassword(password) };
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
	return out;
}
