import { json, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { randomUUID } from 'node:crypto';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { migrateOrThrow } from '$lib/server/db/migrate';
import { validateSessionToken } from '$lib/server/auth/session';
import { clearSessionCookie, readSessionToken } from '$lib/server/auth/cookie';
import { seedDemoIfEmpty } from '$lib/server/seed';
import { localeFromCookies, withLocale } from '$lib/server/http/locale';
import { securityHeaders } from '$lib/server/http/headers';
import { registerRatingFastLane } from '$lib/server/http/ratingFastLane';
import { startOutboxWorker } from '$lib/server/notify/start';
import { handleBody } from '$lib/server/http/body';
import { RETRY_AFTER_SECONDS } from '$lib/server/db/unavailable';
import { isRetryableDbError } from '$lib/server/db/errors';
import { registerOneClick } from '$lib/server/notify/oneClick';

export const init: ServerInit = async () => {
	try {
		const applied = await migrateOrThrow(db);
		if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`);
	} catch (e) {
		// A half-started server would serve errors for every page; stop with one clear line instead.
		console.error(`Mufakat cannot start: ${(e as Error).message}`);
		process.exit(1);
	}
	registerRatingFastLane(db, process.env.ORIGIN);
	registerOneClick(db);
	if (process.env.MUFAKAT_DEMO_IF_EMPTY === '1') {
		const seeded = await seedDemoIfEmpty(db);
		if (seeded) console.log(`Loaded demo data: ${seeded.people} people in ${seeded.units} units.`);
	}
	if (startOutboxWorker(db)) console.log('Outbox worker started (email / WhatsApp-SMS).');
};

const handleLocale: Handle = ({ event, resolve }) => {
	const locale = localeFromCookies((name) => event.cookies.get(name));
	return withLocale(locale, event.url.origin, () =>
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
	for (const [name, value] of securityHeaders(
		event.url.protocol === 'https:',
		!!event.locals.user
	)) {
		// A page that chose its own caching (e.g. a public, immutable file) keeps it.
		if (name === 'Cache-Control' && h.has(name)) continue;
		h.set(name, value);
	}
	// Every "try again" (database busy, full or unreachable) says when, whichever path answered it.
	if (response.status === 503 && !h.has('Retry-After')) h.set('Retry-After', RETRY_AFTER_SECONDS);
	return response;
};

export const handle = sequence(
	handleHeaders,
	handleCrossOrigin,
	handleLocale,
	handleBody,
	handleSession
);

/** The localised message for a request SvelteKit itself refused (no such action, wrong method…). */
function clientErrorMessage(status: number): string {
	switch (status) {
		case 404:
			return m.error_not_found();
		case 403:
			return m.error_forbidden();
		case 405:
			return m.input_method_not_allowed();
		case 413:
			return m.input_too_large();
		case 415:
			return m.input_unsupported_media_type();
		default:
			return m.input_bad_request();
	}
}

/**
 * Only real faults are logged, with a stack and an id: a client's mistake (a 4xx SvelteKit raised
 * itself) is answered and forgotten, and a database that cannot serve right now is one line.
 */
export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status < 500) return { message: clientErrorMessage(status) };
	if (isRetryableDbError(error)) {
		console.error(`database unavailable: ${(error as Error).message}`);
		return { message: m.error_db_unavailable() };
	}
	const errorId = randomUUID();
	console.error(`[${errorId}] ${event.request.method} ${event.url.pathname}`, error);
	return { message: m.error_unexpected(), errorId };
};
