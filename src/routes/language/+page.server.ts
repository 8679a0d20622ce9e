import { error, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';
import { cookieName, cookieMaxAge } from '$lib/paraglide/runtime';
import { db } from '$lib/server/db';
import { safeNext } from '$lib/server/auth/guard';
import { setOwnLocale } from '$lib/server/auth/account';
import { parseForm } from '$lib/server/forms';
import { localeSchema } from '$lib/validation/auth';

export const load = (() => redirect(303, '/')) satisfies PageServerLoad;

export const actions = {
	// Open to everyone, signed in or not; a signed-in person's choice is also kept on their account.
	default: async ({ request, cookies, locals }) => {
		const parsed = parseForm(localeSchema, await request.formData());
		// There is no form page to return to: an unknown language is an error page of its own.
		if (!parsed.ok) error(400, { message: m.error_invalid() });
		// The client runtime reads this cookie too, so it cannot be HttpOnly; it holds only "id"/"en".
		cookies.set(cookieName, parsed.data.locale, {
			path: '/',
			httpOnly: false,
			maxAge: cookieMaxAge
		});
		if (locals.user) await setOwnLocale(db, locals.user.id, parsed.data.locale);
		redirect(303, safeNext(parsed.data.redirectTo));
	}
} satisfies Actions;
