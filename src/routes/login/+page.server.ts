import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { cookieName as localeCookie, cookieMaxAge } from '$lib/paraglide/runtime';
import { db } from '$lib/server/db';
import { login } from '$lib/server/auth/login';
import { setSessionCookie } from '$lib/server/auth/cookie';
import { safeNext } from '$lib/server/auth/guard';
import { parseForm } from '$lib/server/forms';
import { loginSchema } from '$lib/validation/auth';

export const load = (({ locals, url }) => {
	// Public page: anyone may see the login form; a signed-in person has nothing to do here.
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	return { loggedOut: url.searchParams.has('logged_out') };
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const parsed = parseForm(loginSchema, await request.formData(), ['nip']);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const values = { nip: parsed.data.nip };
		const result = await login(db, { ...parsed.data, address: getClientAddress() });
		if (!result.ok) {
			if (result.reason === 'throttled') {
				return fail(429, {
					message: m.login_throttled({ seconds: String(result.seconds) }),
					values
				});
			}
			if (result.reason === 'temporary_expired') {
				return fail(400, { message: m.security_temporary_expired(), values });
			}
			return fail(400, { message: m.login_invalid(), values });
		}
		setSessionCookie(cookies, url, result.token);
		if (result.locale) {
			cookies.set(localeCookie, result.locale, {
				path: '/',
				httpOnly: false,
				maxAge: cookieMaxAge
			});
		}
		redirect(
			303,
			result.mustChangePassword ? '/password/new' : safeNext(url.searchParams.get('next'))
		);
	}
} satisfies Actions;
