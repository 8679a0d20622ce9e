import { availableParallelism } from 'node:os';
import { generateTemporaryPassword, hashTemporaryPassword } from '$lib/server/auth/password';

/**
 * How many argon2id hashes the whole server runs at once for imports. Each runs on a libuv
 * threadpool thread (4 by default), never on the event loop; keeping this below the pool size
 * leaves threads and cores for everyone else's logins while thousands of passwords are hashed.
 */
export const HASH_CONCURRENCY = Math.max(
	1,
	Number(process.env.IMPORT_HASH_CONCURRENCY ?? Math.min(availableParallelism(), 2))
);

let active = 0;
const waiting: (() => void)[] = [];

/** One server-wide queue: several uploads at once never hash more than HASH_CONCURRENCY at a time. */
async function inSlot<T>(fn: () => Promise<T>): Promise<T> {
	while (active >= HASH_CONCURRENCY) await new Promise<void>((r) => waiting.push(r));
	active++;
	try {
		return await fn();
	} finally {
		active--;
		waiting.shift()?.();
	}
}

export interface IssuedPassword {
	password: string;
	hash: string;
}

/**
 * Generates and hashes a temporary password for each key, through the shared queue.
 * `stop()` returning true ends the work early (the keys done so far are kept).
 */
export async function issueTemporaryPasswords(
	keys: string[],
	into: Map<string, IssuedPassword> = new Map(),
	options: { stop?: () => boolean; onHashed?: () => void } = {}
): Promise<Map<string, IssuedPassword>> {
	let next = 0;
	const worker = async () => {
		while (next < keys.length && !options.stop?.()) {
			const key = keys[next++];
			if (into.has(key)) continue;
			const password = generateTemporaryPassword();
			const hash = await inSlot(() => hashTemporaryPassword(password));
			into.set(key, { password, hash });
			options.onHashed?.();
		}
	};
	await Promise.all(Array.from({ length: Math.min(HASH_CONCURRENCY, keys.length) }, worker));
	return into;
}

interface Pool {
	byNip: Map<string, IssuedPassword>;
	total: number;
	stopped: boolean;
	settled: Promise<unknown>;
}

// Hashing starts as soon as a file is previewed, while the admin reads the preview; the apply
// step then finds most hashes ready. Plain passwords live only here, in memory, until applied.
const pools = new Map<number, Pool>();

export function startPrehash(batchId: number, nips: string[]): void {
	if (pools.has(batchId) || nips.length === 0) return;
	const pool: Pool = {
		byNip: new Map(),
		total: nips.length,
		stopped: false,
		settled: Promise.resolve()
	};
	pool.settled = issueTemporaryPasswords(nips, pool.byNip, { stop: () => pool.stopped }).catch(
		(e) => console.error('pre-hashing temporary passwords failed:', (e as Error).message)
	);
	pools.set(batchId, pool);
}

/** Stops pre-hashing for a batch and hands over what is ready (the caller hashes the rest). */
export async function takePrehashed(batchId: number): Promise<Map<string, IssuedPassword>> {
	const pool = pools.get(batchId);
	if (!pool) return new Map();
	pool.stopped = true;
	await pool.settled;
	pools.delete(batchId);
	return pool.byNip;
}

export function prehashProgress(batchId: number): { hashed: number; total: number } | null {
	const pool = pools.get(batchId);
	return pool ? { hashed: pool.byNip.size, total: pool.total } : null;
}

export function dropPrehash(batchId: number): void {
	const pool = pools.get(batchId);
	if (pool) pool.stopped = true;
	pools.delete(batchId);
}
