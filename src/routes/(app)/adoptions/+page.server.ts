import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { listAdoptions, ADOPTABLE_PHASES } from '$lib/server/adoption';

export const load = (async () => {
	const user = requireRole('facilitator', 'leader');
	const rounds = await db
		.selectFrom('round')
		.select(['id', 'title', 'phase', 'phase_changed_at'])
		.where('phase', 'in', [...ADOPTABLE_PHASES])
		.orderBy('phase_changed_at', 'desc')
		.execute();
	return {
		adoptions: await listAdoptions(db),
		rounds,
		canDraft: user.roles.includes('facilitator')
	};
}) satisfies PageServerLoad;
