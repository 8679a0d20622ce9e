import { error } from '@sveltejs/kit';
import { parseId } from '$lib/ids';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { dashboardCsv } from '$lib/server/dashboard/csv';
import { ruleError } from '$lib/server/rounds/errors';
import { indicatorFairnessCsv } from '$lib/server/surveys/indicator-fairness';

export const GET: RequestHandler = async ({ params, url }) => {
	const user = requireRole('leader', 'facilitator');
	const num = (name: string) => parseId(url.searchParams.get(name));
	const roundId = num('round');
	const body = await ruleError(() =>
		params.table === 'indicator-fairness'
			? roundId === null
				? Promise.resolve(null)
				: indicatorFairnessCsv(db, roundId, user)
			: dashboardCsv(db, params.table, { roundId, opdId: num('opd') })
	);
	if (body === null) error(404, { message: m.error_not_found() });
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="dasbor-${params.table}.csv"`
		}
	});
};
