import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { searchPeople } from '$lib/server/people/admin';
import { listUnits } from '$lib/server/org/manage';
import { peopleQuerySchema } from '$lib/validation/people';

export const load = (async ({ url }) => {
	requireRole('admin');
	const query = peopleQuerySchema.parse(Object.fromEntries(url.searchParams));
	const result = await searchPeople(db, {
		q: query.q,
		unitId: query.unit,
		descendants: query.sub !== '0',
		positionType: query.type,
		status: query.status ?? 'active',
		page: query.page
	});
	const units = (await listUnits(db)).map((u) => ({
		id: u.id,
		code: u.code,
		name: u.name,
		depth: u.depth
	}));
	return {
		query: {
			q: query.q,
			unit: query.unit ?? null,
			sub: query.sub !== '0',
			type: query.type ?? '',
			status: query.status ?? 'active'
		},
		result,
		units
	};
}) satisfies PageServerLoad;
