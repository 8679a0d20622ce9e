import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { passwordFormAction } from '$lib/server/auth/account';

export const load = (() => {
	requireUser();
	return {};
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, locals, getClientAddress }) => {
		const user = requireUser();
		const failure = await passwordFormAction(
			db,
			await request.formData(),
			{ personId: user.id, sessionId: locals.sessionId!, address: getClientAddress() },
			false
		);
		return failure ?? { success: m.password_changed() };
	}
} satisfies Actions;
