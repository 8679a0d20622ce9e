import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { canViewCriterion, getCriterion } from '$lib/server/criteria/catalogue';
import { criterionProvenance } from '$lib/server/criteria/provenance';
import { ruleError } from '$lib/server/rounds/errors';

export const load = (async ({ params }) => {
	const user = requireUser();
	const id = Number(params.id);
	if (!Number.isInteger(id) || id <= 0) error(404, { message: m.error_not_found() });
	const criterion = await ruleError(() => getCriterion(db, id));
	if (!(await canViewCriterion(db, user, criterion))) {
		error(403, { message: m.provenance_forbidden() });
	}
	return { p: await criterionProvenance(db, id) };
}) satisfies PageServerLoad;
