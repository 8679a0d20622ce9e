import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { translate } from '$lib/server/forms';
import { withApiToken } from '$lib/server/api/respond';
import { apiRoundResults } from '$lib/server/api/data';
import { RuleError } from '$lib/server/rounds/errors';

/** The published results (aggregates only, small groups suppressed) of one round. */
export const GET: RequestHandler = async ({ request, params }) => {
	try {
		return await withApiToken(request, 'results', () => apiRoundResults(db, Number(params.id)));
	} catch (e) {
		if (e instanceof RuleError) {
			return json({ error: e.key, message: translate(e.key) }, { status: e.status });
		}
		throw e;
	}
};
