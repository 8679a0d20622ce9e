import type { LayoutServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { db } from '$lib/server/db';
import { unreadCount } from '$lib/server/notifications';

// Presentation data only: every page guards itself in its own load.
export const load = (async ({ locals, url }) => ({
	user: locals.user ? { fullName: locals.user.fullName, roles: locals.user.roles } : null,
	locale: getLocale(),
	path: url.pathname + url.search,
	unread: locals.user ? await unreadCount(db, locals.user.id) : 0
})) satisfies LayoutServerLoad;
