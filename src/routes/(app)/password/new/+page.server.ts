import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { passwordFormAction } from '$lib/server/auth/account';

export const load = (() => {
	const user = requireUser({ allowPendingPasswordChange: true });
	if (!user.mustChangePassword) redirect(303, '/account/password');
	return {};
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, locals, getClientAddress }) => {
		const user = requireUser({ allowPendingPasswordChange: true });
		const failure = await passwordFormAction(
			db,
			await request.formData(),
			{ personId: user.id, sessionId: locals.sessionId!, address: getClientAddress() },
			user.mustChangePassword
		);
		if (failure) return failure;
		redirect(303, '/');
	}
} satisfies Actions;
