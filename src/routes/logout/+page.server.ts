import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { invalidateSession } from '$lib/server/auth/session';
import { clearSessionCookie } from '$lib/server/auth/cookie';

// Logging out changes state, so only POST does it; a GET (a link, a prefetch) just goes home.
export const load = (() => redirect(303, '/')) satisfies PageServerLoad;

export const actions = {
	default: async ({ locals, cookies, url }) => {
		if (locals.sessionId) await invalidateSession(db, locals.sessionId);
		clearSessionCookie(cookies, url);
		redirect(303, '/login?logged_out=1');
	}
} satisfies Actions;
