import type { Cookies } from '@sveltejs/kit';
import { sessionConfig } from './session';

export const SECURE_COOKIE = '__Host-mufakat_session';
export const PLAIN_COOKIE = 'mufakat_session';

/**
 * Secure + `__Host-` whenever the app is reached over HTTPS (set PROTOCOL_HEADER behind a TLS
 * proxy). Over plain HTTP — `npm run dev`, or a first try-out on a LAN address — a Secure cookie
 * would be dropped by the browser and nobody could log in, so the plain name is used there.
 * SESSION_COOKIE_SECURE=always forces the secure form.
 */
export function cookieIsSecure(url: URL): boolean {
	const mode = process.env.SESSION_COOKIE_SECURE ?? 'auto';
	if (mode === 'always') return true;
	if (mode === 'never') return false;
	return url.protocol === 'https:';
}

export function sessionCookieName(url: URL): string {
	return cookieIsSecure(url) ? SECURE_COOKIE : PLAIN_COOKIE;
}

export function readSessionToken(cookies: Cookies, url: URL): string | undefined {
	return cookies.get(sessionCookieName(url));
}

export function setSessionCookie(cookies: Cookies, url: URL, token: string): void {
	cookies.set(sessionCookieName(url), token, {
		path: '/',
		httpOnly: true,
		secure: cookieIsSecure(url),
		sameSite: 'lax',
		maxAge: Math.floor(sessionConfig.absoluteMs / 1000)
	});
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(sessionCookieName(url), { path: '/', secure: cookieIsSecure(url) });
}
