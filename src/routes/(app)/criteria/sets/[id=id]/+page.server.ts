import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { getCriteriaSet } from '$lib/server/criteria/catalogue';
import { ruleError } from '$lib/server/rounds/errors';

export const load = (async ({ params }) => {
	requireUser();
	const id = Number(params.id);
	if (!Number.isInteger(id) || id <= 0) error(404, { message: m.error_not_found() });
	return ruleError(() => getCriteriaSet(db, id));
}) satisfies PageServerLoad;
