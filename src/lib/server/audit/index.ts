import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';

export interface AuditEntry {
	actorId: number | null;
	action: string;
	objectType: string;
	objectId?: string | number | null;
	before?: unknown;
	after?: unknown;
}

// Secrets never reach the log, whatever a caller passes in.
const SECRET_KEY = /pass(word)?|secret|token|hash/i;

function redact(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(redact);
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : redact(v)])
		);
	}
	return value;
}

function toJson(value: unknown): string | null {
	return value === undefined || value === null ? null : JSON.stringify(redact(value));
}

function toRow(entry: AuditEntry, now: Date) {
	return {
		at: now.toISOString(),
		actor_id: entry.actorId,
		action: entry.action,
		object_type: entry.objectType,
		object_id:
			entry.objectId === undefined || entry.objectId === null ? null : String(entry.objectId),
		before_json: toJson(entry.before),
		after_json: toJson(entry.after)
	};
}

/** Writes many entries at once (an import touching thousands of people), in the caller's transaction. */
export async function recordAuditMany(
	db: Kysely<Database> | Transaction<Database>,
	entries: AuditEntry[],
	now: Date = new Date()
): Promise<void> {
	// 1,000 rows × 7 columns stays below SQLite's (32,766) and PostgreSQL's (65,535) bound-parameter
	// limits; fewer, larger statements matter on PostgreSQL, where each is a round trip (a
	// 6,000-person import writes 6,001 entries).
	for (let i = 0; i < entries.length; i += 1000) {
		await db
			.insertInto('audit_log')
			.values(entries.slice(i, i + 1000).map((e) => toRow(e, now)))
			.execute();
	}
}

/** Writes one audit entry; call it with the transaction that makes the change. */
export async function recordAudit(
	db: Kysely<Database> | Transaction<Database>,
	entry: AuditEntry,
	now: Date = new Date()
): Promise<void> {
	await db.insertInto('audit_log').values(toRow(entry, now)).execute();
}
