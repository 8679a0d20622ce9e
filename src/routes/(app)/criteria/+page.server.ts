import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { listCriteriaSets } from '$lib/server/criteria/catalogue';
import { filterQuery, filterUnitIds, readFilter } from '$lib/server/criteria/filter';
import { unitOptions } from '$lib/server/adoption/page';

export const load = (async ({ url }) => {
	requireUser();
	const filter = readFilter(url);
	const unitIds = await filterUnitIds(db, filter);
	const sets = await listCriteriaSets(db, {
		unitIds,
		positionType: filter.positionType ?? undefined,
		inForceOn: filter.history ? undefined : filter.on,
		includeSuperseded: filter.history
	});
	return { filter, query: filterQuery(filter), sets, units: await unitOptions(db) };
}) satisfies PageServerLoad;
