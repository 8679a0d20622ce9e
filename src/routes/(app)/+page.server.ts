import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guard';

export const load = (() => {
	const user = requireUser();
	return { fullName: user.fullName, roles: user.roles };
}) satisfies PageServerLoad;
