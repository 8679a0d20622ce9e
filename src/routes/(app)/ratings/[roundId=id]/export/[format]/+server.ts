import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { ruleError } from '$lib/server/rounds/errors';
import { requireResults } from '$lib/server/ratings/access';
import { frozenResults } from '$lib/server/ratings/results';
import { resultsCsv, resultsXlsx } from '$lib/server/ratings/export';

export const GET: RequestHandler = async ({ params }) => {
	const user = requireUser();
	const roundId = Number(params.roundId);
	if (!Number.isInteger(roundId) || roundId <= 0 || !['csv', 'xlsx'].includes(params.format)) {
		error(404, { message: m.error_not_found() });
	}
	const round = await ruleError(() => requireResults(db, roundId, user));
	const results = await frozenResults(db, round);
	const name = `mufakat-round-${round.id}-results.${params.format}`;
	const headers = {
		'content-disposition': `attachment; filename="${name}"`,
		'cache-control': 'private, no-store'
	};
	if (params.format === 'csv') {
		return new Response(resultsCsv(results), {
			headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' }
		});
	}
	const body = await resultsXlsx(results, round.title);
	return new Response(new Uint8Array(body), {
		headers: {
			...headers,
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
		}
	});
};
