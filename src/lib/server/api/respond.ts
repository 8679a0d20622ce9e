import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { translate } from '$lib/server/forms';
import { authenticateApi, type ApiScope } from './tokens';

/**
 * Runs an /api/v1 handler for one scope: no valid token → 401, wrong scope → 403, over the
 * rate → 429, each with a localised message; machine clients are never redirected to a login.
 */
export async function withApiToken(
	request: Request,
	scope: ApiScope,
	fn: () => Promise<unknown>
): Promise<Response> {
	const auth = await authenticateApi(db, request.headers.get('authorization'), scope);
	if (!auth.ok) {
		const headers: Record<string, string> = { 'cache-control': 'no-store' };
		if (auth.status === 401) headers['www-authenticate'] = 'Bearer realm="mufakat"';
		if (auth.retryAfter) headers['retry-after'] = String(auth.retryAfter);
		return json(
			{ error: auth.key, message: translate(auth.key) },
			{ status: auth.status, headers }
		);
	}
	return json(await fn(), { headers: { 'cache-control': 'no-store' } });
}
