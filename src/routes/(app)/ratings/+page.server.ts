import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { ratingRounds } from '$lib/server/ratings/access';

export const load = (async () => {
	const user = requireUser();
	return { rounds: await ratingRounds(db, user) };
}) satisfies PageServerLoad;
