import { error, redirect } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import { m } from '$lib/paraglide/messages';
import type { Role } from '$lib/roles';
import type { SessionUser } from './session';

export { safeNext } from './next';

/**
 * The signed-in person, or a redirect to the login page. People who still carry a temporary
 * password are sent to choose their own first.
 */
export function requireUser(options: { allowPendingPasswordChange?: boolean } = {}): SessionUser {
	const { locals, url } = getRequestEvent();
	if (!locals.user) {
		redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	}
	if (locals.user.mustChangePassword && !options.allowPendingPasswordChange) {
		redirect(303, '/password/new');
	}
	return locals.user;
}

/** The signed-in person if they hold at least one of `roles`; 403 otherwise. */
export function requireRole(...roles: Role[]): SessionUser {
	const user = requireUser();
	if (!roles.some((role) => user.roles.includes(role))) {
		error(403, { message: m.error_forbidden() });
	}
	return user;
}

export function hasRole(user: SessionUser | null, ...roles: Role[]): boolean {
	return !!user && roles.some((role) => user.roles.includes(role));
}
