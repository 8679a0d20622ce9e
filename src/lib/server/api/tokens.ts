import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { recordAudit } from '$lib/server/audit';
import { RuleError } from '$lib/server/rounds/errors';

/** What a token may read. Each /api/v1 endpoint needs one scope. */
export const API_SCOPES = ['criteria', 'results', 'participation'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** Requests per token per minute; other systems poll, they do not stream. */
export const API_RATE_PER_MINUTE = Number(process.env.API_RATE_PER_MINUTE ?? 120);

function hashSecret(secret: string): string {
	return createHash('sha256').update(secret).digest('hex');
}

/**
 * Issues a token. Returns the full token once: only its prefix and a SHA-256 of its secret are
 * kept, so it cannot be shown again (like sessions).
 */
export async function issueApiToken(
	db: Kysely<Database>,
	adminId: number,
	input: { name: string; scopes: ApiScope[] },
	now: Date = new Date()
): Promise<{ id: number; token: string }> {
	const prefix = randomBytes(6).toString('hex');
	const secret = randomBytes(24).toString('base64url');
	return db.transaction().execute(async (trx) => {
		const row = await trx
			.insertInto('api_token')
			.values({
				name: input.name,
				prefix,
				secret_hash: hashSecret(secret),
				scopes_json: JSON.stringify([...new Set(input.scopes)]),
				created_by: adminId,
				created_at: now.toISOString(),
				last_used_at: null,
				revoked_at: null,
				revoked_by: null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(
			trx,
			{
				actorId: adminId,
				action: 'api_token.issue',
				objectType: 'api_token',
				objectId: row.id,
				after: { name: input.name, prefix, scopes: input.scopes }
			},
			now
		);
		return { id: row.id, token: `mfk_${prefix}_${secret}` };
	});
}

export async function revokeApiToken(
	db: Kysely<Database>,
	adminId: number,
	tokenId: number,
	now: Date = new Date()
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const done = await trx
			.updateTable('api_token')
			.set({ revoked_at: now.toISOString(), revoked_by: adminId })
			.where('id', '=', tokenId)
			.where('revoked_at', 'is', null)
			.executeTakeFirst();
		if (Number(done.numUpdatedRows) !== 1) throw new RuleError('api_error_token_not_found', 404);
		await recordAudit(
			trx,
			{
				actorId: adminId,
				action: 'api_token.revoke',
				objectType: 'api_token',
				objectId: tokenId,
				after: { revoked: true }
			},
			now
		);
	});
}

export async function listApiTokens(db: Kysely<Database>) {
	const rows = await db
		.selectFrom('api_token')
		.innerJoin('person', 'person.id', 'api_token.created_by')
		.select([
			'api_token.id',
			'api_token.name',
			'api_token.prefix',
			'api_token.scopes_json',
			'api_token.created_at',
			'api_token.last_used_at',
			'api_token.revoked_at',
			'person.full_name as created_by'
		])
		.orderBy('api_token.id', 'desc')
		.execute();
	return rows.map(({ scopes_json, ...r }) => ({
		...r,
		scopes: JSON.parse(scopes_json) as ApiScope[]
	}));
}

export type ApiAuth =
	| { ok: true; tokenId: number; scopes: ApiScope[] }
	| { ok: false; status: 401 | 403 | 429; key: string; retryAfter?: number };

const TOKEN = /^mfk_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/;

/**
 * Checks `Authorization: Bearer mfk_…` for one scope, and counts the request against the
 * token's per-minute limit (in the database, so every app server shares it).
 */
export async function authenticateApi(
	db: Kysely<Database>,
	authorization: string | null,
	scope: ApiScope,
	now: Date = new Date()
): Promise<ApiAuth> {
	const match = TOKEN.exec(authorization?.replace(/^Bearer\s+/i, '').trim() ?? '');
	if (!match) return { ok: false, status: 401, key: 'api_error_token_missing' };
	const row = await db
		.selectFrom('api_token')
		.select(['id', 'secret_hash', 'scopes_json', 'revoked_at'])
		.where('prefix', '=', match[1])
		.executeTakeFirst();
	const given = Buffer.from(hashSecret(match[2]), 'hex');
	if (!row || !timingSafeEqual(given, Buffer.from(row.secret_hash, 'hex'))) {
		return { ok: false, status: 401, key: 'api_error_token_invalid' };
	}
	if (row.revoked_at) return { ok: false, status: 401, key: 'api_error_token_revoked' };
	const scopes = JSON.parse(row.scopes_json) as ApiScope[];
	if (!scopes.includes(scope)) return { ok: false, status: 403, key: 'api_error_scope' };
	const minute = now.toISOString().slice(0, 16);
	const counted = await db
		.insertInto('api_rate')
		.values({ token_id: row.id, minute, requests: 1 })
		.onConflict((oc) =>
			oc.columns(['token_id', 'minute']).doUpdateSet({ requests: sql`api_rate.requests + 1` })
		)
		.returning('requests')
		.executeTakeFirstOrThrow();
	if (Number(counted.requests) === 1) {
		// Once a minute is enough for "last used", and keeps writes per request to one.
		await db
			.updateTable('api_token')
			.set({ last_used_at: now.toISOString() })
			.where('id', '=', row.id)
			.execute();
		await db
			.deleteFrom('api_rate')
			.where('token_id', '=', row.id)
			.where('minute', '<', minute)
			.execute();
	}
	if (Number(counted.requests) > API_RATE_PER_MINUTE) {
		return { ok: false, status: 429, key: 'api_error_rate', retryAfter: 60 - now.getUTCSeconds() };
	}
	return { ok: true, tokenId: row.id, scopes };
}
