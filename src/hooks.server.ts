import { json, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import {
	extractLocaleFromRequest,
	getServerAsyncLocalStorage,
	overwriteServerAsyncLocalStorage
} from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { migrateOrThrow } from '$lib/server/db/migrate';
import { validateSessionToken } from '$lib/server/auth/session';
import { clearSessionCookie, readSessionToken } from '$lib/server/auth/cookie';
import { seedDemoIfEmpty } from '$lib/server/seed';

export const init: ServerInit = async () => {
	try {
		const applied = await migrateOrThrow(db);
		if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`);
	} catch (e) {
		// A half-started server would serve errors for every page; stop with one clear line instead.
		console.error(`Mufakat cannot start: ${(e as Error).message}`);
		process.exit(1);
	}
	if (process.env.MUFAKAT_DEMO_IF_EMPTY === '1') {
		const seeded = await seedDemoIfEmpty(db);
		if (seeded) console.log(`Loaded demo data: ${seeded.people} people in ${seeded.units} units.`);
	}
};

// Paraglide's paraglideMiddleware() clones every request so it can strip a locale prefix from the
// URL; our strategy (cookie, then the base locale) never puts one there, and cloning a request
// with its body costs more than the database work of a rating submission. The per-request
// locale store it would set up is set up here directly, with the runtime's own exports.
type LocaleStore = NonNullable<ReturnType<typeof getServerAsyncLocalStorage>>;
const localeStorage: LocaleStore =
	getServerAsyncLocalStorage() ?? (new AsyncLocalStorage() as unknown as LocaleStore);
overwriteServerAsyncLocalStorage(localeStorage);

const handleLocale: Handle = ({ event, resolve }) => {
	const locale = extractLocaleFromRequest(event.request);
	return localeStorage.run({ locale, origin: event.url.origin, messageCalls: new Set() }, () =>
		resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		})
	);
};

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Kit's CSRF check covers form posts only. Any other state-changing request (JSON bodies,
 * fetch with no body) must come from this origin, or carry no Origin at all and be refused.
 */
const handleCrossOrigin: Handle = async ({ event, resolve }) => {
	const { request, url } = event;
	if (!SAFE_METHODS.has(request.method)) {
		const type = request.headers.get('content-type')?.split(';')[0].trim().toLowerCase() ?? '';
		const isForm = FORM_TYPES.includes(type);
		const origin = request.headers.get('origin');
		if (!isForm && origin !== url.origin) {
			return json({ message: m.error_cross_origin() }, { status: 403 });
		}
	}
	return resolve(event);
};

const handleSession: Handle = async ({ event, resolve }) => {
	const token = readSessionToken(event.cookies, event.url);
	event.locals.user = null;
	event.locals.sessionId = null;
	if (token) {
		const session = await validateSessionToken(db, token);
		if (session) {
			event.locals.user = session.user;
			event.locals.sessionId = session.sessionId;
		} else {
			clearSessionCookie(event.cookies, event.url);
		}
	}
	return resolve(event);
};

const handleHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const h = response.headers;
	h.set('X-Content-Type-Options', 'nosniff');
	h.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	h.set('X-Frame-Options', 'DENY');
	h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
	if (event.url.protocol === 'https:') {
		h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
	}
	// Pages show personal data: never let a shared proxy or the back button of a shared PC keep them.
	if (event.locals.user && !h.has('Cache-Control')) h.set('Cache-Control', 'private, no-store');
	return response;
};

export const handle = sequence(handleHeaders, handleCrossOrigin, handleLocale, handleSession);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status === 404) return { message: m.error_not_found() };
	const errorId = randomUUID();
	console.error(`[${errorId}] ${event.request.method} ${event.url.pathname}`, error);
	return { message: status >= 500 ? m.error_unexpected() : message, errorId };
};
