import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { linkSecret, readUnsubscribeToken, unsubscribe } from '$lib/server/notify/unsubscribe';

// Public on purpose: the link in an email must work without signing in. The token is signed and
// only turns one kind of notification off for the person it names. A GET changes nothing (link
// scanners follow links); the button posts. Mail clients' RFC 8058 one-click POST is answered in
// $lib/server/notify/oneClick.ts, beside SvelteKit, whose CSRF check refuses cross-site posts.
export const load = (async ({ params }) => {
	const target = readUnsubscribeToken(await linkSecret(db), params.token);
	return { target, done: false };
}) satisfies PageServerLoad;

export const actions = {
	confirm: async ({ params }) => {
		const target = await unsubscribe(db, params.token);
		if (!target) return fail(400, { message: m.notify_unsub_invalid() });
		return { done: true };
	}
} satisfies Actions;
