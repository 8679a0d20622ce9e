/**
 * One-time credential lists, held only in this process's memory and never written to disk or to
 * the database. A list can be downloaded once, by the admin who applied the import, within
 * CREDENTIAL_TTL_MS; then it is gone. A restart loses it too — the people concerned then get a
 * password reset from their person page. This keeps plaintext temporary passwords out of
 * backups, replicas and the audit log.
 */
export const CREDENTIAL_TTL_MS = 30 * 60_000;

export interface Credential {
	nip: string;
	fullName: string;
	unitCode: string;
	password: string;
}

interface Held {
	actorId: number;
	credentials: Credential[];
	expiresAt: number;
}

const held = new Map<number, Held>();

function sweep(now: number) {
	for (const [id, h] of held) if (h.expiresAt <= now) held.delete(id);
}

export function holdCredentials(
	batchId: number,
	actorId: number,
	credentials: Credential[],
	now = Date.now()
): void {
	sweep(now);
	if (credentials.length)
		held.set(batchId, { actorId, credentials, expiresAt: now + CREDENTIAL_TTL_MS });
}

/** Whether `actorId` can still download the list of this batch. */
export function credentialsWaiting(batchId: number, actorId: number, now = Date.now()): number {
	sweep(now);
	const h = held.get(batchId);
	return h && h.actorId === actorId ? h.credentials.length : 0;
}

/** Hands the list over and forgets it. Null when already taken, expired, or not this admin's. */
export function takeCredentials(
	batchId: number,
	actorId: number,
	now = Date.now()
): Credential[] | null {
	sweep(now);
	const h = held.get(batchId);
	if (!h || h.actorId !== actorId) return null;
	held.delete(batchId);
	return h.credentials;
}
