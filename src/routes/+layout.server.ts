import type { LayoutServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';

// Presentation data only: every page guards itself in its own load.
export const load = (({ locals, url }) => ({
	user: locals.user ? { fullName: locals.user.fullName, roles: locals.user.roles } : null,
	locale: getLocale(),
	path: url.pathname + url.search
})) satisfies LayoutServerLoad;
