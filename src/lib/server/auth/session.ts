import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { prepared } from '$lib/server/db/prepared';
import type { Database } from '$lib/server/db/schema';
import { ROLES, type Role } from '$lib/roles';

/** Idle and absolute lifetimes (OWASP ASVS L2 defaults), configurable per deployment. */
export const sessionConfig = {
	idleMs: Number(process.env.SESSION_IDLE_MINUTES ?? 30) * 60_000,
	absoluteMs: Number(process.env.SESSION_ABSOLUTE_HOURS ?? 12) * 3_600_000
};

// last_active_at is refreshed at most this often, so reading a page is not a write every time.
const TOUCH_INTERVAL_MS = 60_000;

export interface SessionUser {
	id: number;
	nip: string;
	fullName: string;
	orgUnitId: number;
	/** JPT, administrator, …: with orgUnitId, what decides whether a round's scope includes them. */
	positionType: string;
	roles: Role[];
	mustChangePassword: boolean;
	locale: string | null;
}

export interface ValidSession {
	sessionId: string;
	user: SessionUser;
}

function hashSecret(secret: string): string {
	return createHash('sha256').update(secret).digest('hex');
}

function randomPart(): string {
	// 24 bytes = 192 bits per part, well above the 128 asked for.
	return randomBytes(24).toString('base64url');
}

/** Creates a session and returns the token `id.secret`; only the secret's hash is stored. */
export async function createSession(
	db: Kysely<Database>,
	personId: number,
	now: Date = new Date()
): Promise<string> {
	const id = randomPart();
	const secret = randomPart();
	await db
		.insertInto('session')
		.values({
			id,
			secret_hash: hashSecret(secret),
			person_id: personId,
			created_at: now.toISOString(),
			last_active_at: now.toISOString()
		})
		.execute();
	return `${id}.${secret}`;
}

/** The person's roles as one comma-separated string (role names never contain a comma). */
function rolesOf(db: Kysely<Database>) {
	return db.getExecutor().adapter instanceof PostgresAdapter
		? sql<
				string | null
			>`(select string_agg(role, ',') from person_role where person_id = person.id)`
		: sql<
				string | null
			>`(select group_concat(role, ',') from person_role where person_id = person.id)`;
}

function rolesIn(list: string | null): Role[] {
	const held = new Set((list ?? '').split(','));
	return ROLES.filter((r) => held.has(r));
}

// Runs on every request: compiled once (see prepared()).
const sessionQuery = prepared((db, p: { id: string }) =>
	db
		.selectFrom('session')
		.innerJoin('person', 'person.id', 'session.person_id')
		.select([
			'session.id as sessionId',
			'session.secret_hash',
			'session.created_at',
			'session.last_active_at',
			'person.id',
			'person.nip',
			'person.full_name',
			'person.org_unit_id',
			'person.position_type',
			'person.must_change_password',
			'person.active',
			'person.locale',
			// Roles in the same query: a second round trip for them cost as much as the rest of
			// the session check.
			rolesOf(db).as('roles')
		])
		.where('session.id', '=', p.id)
);

/** Returns the session's user, or null for a malformed, forged, expired or disabled session. */
export async function validateSessionToken(
	db: Kysely<Database>,
	token: string,
	now: Date = new Date()
): Promise<ValidSession | null> {
	const [id, secret, extra] = token.split('.');
	if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return null;
	const row = await sessionQuery.executeTakeFirst(db, { id });
	if (!row) return null;
	const expected = Buffer.from(row.secret_hash, 'hex');
	const actual = Buffer.from(hashSecret(secret), 'hex');
	if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;

	const t = now.getTime();
	const idleExpired = Date.parse(row.last_active_at) + sessionConfig.idleMs <= t;
	const absoluteExpired = Date.parse(row.created_at) + sessionConfig.absoluteMs <= t;
	if (idleExpired || absoluteExpired || !row.active) {
		await db.deleteFrom('session').where('id', '=', id).execute();
		return null;
	}
	if (t - Date.parse(row.last_active_at) >= TOUCH_INTERVAL_MS) {
		await db
			.updateTable('session')
			.set({ last_active_at: now.toISOString() })
			.where('id', '=', id)
			.execute();
	}
	return {
		sessionId: row.sessionId,
		user: {
			id: row.id,
			nip: row.nip,
			fullName: row.full_name,
			orgUnitId: row.org_unit_id,
			positionType: row.position_type,
			roles: rolesIn(row.roles),
			mustChangePassword: row.must_change_password === 1,
			locale: row.locale
		}
	};
}

export async function invalidateSession(db: Kysely<Database>, sessionId: string): Promise<void> {
	await db.deleteFrom('session').where('id', '=', sessionId).execute();
}

/** Ends every session of a person, optionally keeping the one they are using. */
export async function invalidatePersonSessions(
	db: Kysely<Database>,
	personId: number,
	exceptSessionId?: string
): Promise<void> {
	let q = db.deleteFrom('session').where('person_id', '=', personId);
	if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
	await q.execute();
}

/** Removes sessions that can no longer be valid, so the table does not grow forever. */
export async function purgeExpiredSessions(db: Kysely<Database>, now: Date = new Date()) {
	const idleCutoff = new Date(now.getTime() - sessionConfig.idleMs).toISOString();
	const absoluteCutoff = new Date(now.getTime() - sessionConfig.absoluteMs).toISOString();
	await db
		.deleteFrom('session')
		.where((eb) =>
			eb.or([eb('last_active_at', '<=', idleCutoff), eb('created_at', '<=', absoluteCutoff)])
		)
		.execute();
}
