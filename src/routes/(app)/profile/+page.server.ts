import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { getProfile } from '$lib/server/people/profile';

export const load = (async () => {
	const user = requireUser();
	return { profile: await getProfile(db, user.id) };
}) satisfies PageServerLoad;
