import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import * as devalue from 'devalue';
import { isHttpError } from '@sveltejs/kit';
// The parser SvelteKit's own `cookies` uses: the same names, decoding and malformed-value rules.
import { parse as parseCookies } from 'cookie';
import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { validateSessionToken } from '$lib/server/auth/session';
import { sessionCookieName } from '$lib/server/auth/cookie';
import { rateFromForm, type RateOutcome } from '$lib/server/ratings/rateForm';
import { m } from '$lib/paraglide/messages';
import { localeFromCookies, withLocale } from './locale';
import { securityHeaders } from './headers';
import { RETRY_AFTER_SECONDS } from '$lib/server/db/unavailable';

/**
 * Serves `req` and returns true, or returns false and leaves it to SvelteKit. A request it took
 * may still be handed over later with `fallback()`, as long as its body has not been read.
 */
export type FastLane = (req: IncomingMessage, res: ServerResponse, fallback: () => void) => boolean;

// The enhanced rating form posts here (`<form action="?/rate" use:enhance>`).
const RATE_URL = /^\/ratings\/([1-9]\d{0,8})\/([1-9]\d{0,8})\?\/rate$/;
// A rating form is a few hundred bytes; the longest is a 1,000-character Delphi reason.
const MAX_BODY = 64 * 1024;
const FAST_LANE = Symbol.for('mufakat.ratingFastLane');

/**
 * The rating fast lane: the one request that arrives in bursts (a whole regency rating when a
 * round opens), served beside SvelteKit rather than through it. Through SvelteKit a submission
 * cost about 2 ms of CPU, three quarters of it in the framework (a WHATWG Request per request,
 * two AsyncLocalStorage scopes, routing, the action protocol); this answers the same enhanced
 * form post, with the same session check and the same `rateFromForm` decision, in a fraction.
 *
 * It takes only the happy shape of the request: a form post from our own origin (SvelteKit's
 * CSRF rule) by a signed-in person with no pending password change. Anything else — no session,
 * another origin, a no-JavaScript post that expects a 303 — goes to SvelteKit untouched, so every
 * refusal keeps exactly one implementation. The answer is SvelteKit's ActionResult JSON, which
 * `use:enhance` reads as if the page's own action had answered.
 */
export function createRatingFastLane(db: Kysely<Database>, origin: string): FastLane {
	const site = new URL(origin);
	const https = site.protocol === 'https:';
	const cookieName = sessionCookieName(site);
	const headers = Object.fromEntries([
		...securityHeaders(https, true),
		['Content-Type', 'application/json']
	]);
	return (req, res, fallback) => {
		if (req.method !== 'POST' || req.headers['x-sveltekit-action'] !== 'true') return false;
		const match = RATE_URL.exec(req.url ?? '');
		if (!match) return false;
		const type = req.headers['content-type']?.split(';')[0].trim().toLowerCase();
		if (type !== 'application/x-www-form-urlencoded') return false;
		if (req.headers.origin !== site.origin) return false;
		const cookies = parseCookies(req.headers.cookie ?? '');
		const token = cookies[cookieName];
		if (!token) return false;
		const locale = localeFromCookies((name) => cookies[name]);
		void withLocale(locale, site.origin, async () => {
			try {
				const session = await validateSessionToken(db, token);
				if (!session || session.user.mustChangePassword) return fallback();
				const body = await readBody(req);
				if (body === null) {
					res.setHeader('Connection', 'close');
					return send(res, headers, 413, { type: 'error', error: { message: m.error_invalid() } });
				}
				const outcome = await rateFromForm(
					db,
					session.user,
					Number(match[1]),
					Number(match[2]),
					new URLSearchParams(body)
				);
				send(res, headers, 200, actionResult(outcome));
			} catch (e) {
				// An expected HTTP error (the database busy: 503 "try again") keeps its status and
				// its localised message, as SvelteKit would answer it.
				if (isHttpError(e) && !res.headersSent) {
					const extra: Record<string, string> =
						e.status === 503 ? { 'Retry-After': RETRY_AFTER_SECONDS } : {};
					return send(res, { ...headers, ...extra }, e.status, { type: 'error', error: e.body });
				}
				// As handleError does: the details go to the log under an id, the reader gets the id.
				const errorId = randomUUID();
				console.error(`[${errorId}] POST ${req.url} (rating fast lane)`, e);
				if (!res.headersSent) {
					send(res, headers, 500, {
						type: 'error',
						error: { message: m.error_unexpected(), errorId }
					});
				} else res.destroy();
			}
		});
		return true;
	};
}

/** Makes the fast lane available to the server entry (scripts/start.js), which routes to it. */
export function registerRatingFastLane(db: Kysely<Database>, origin: string | undefined): void {
	if (!origin || process.env.RATING_FAST_LANE === '0') return;
	(globalThis as Record<symbol, unknown>)[FAST_LANE] = createRatingFastLane(db, origin);
}

function actionResult(outcome: RateOutcome) {
	return outcome.type === 'redirect'
		? { type: 'redirect', status: 303, location: outcome.location }
		: { type: 'failure', status: outcome.status, data: devalue.stringify(outcome.data) };
}

function send(
	res: ServerResponse,
	headers: Record<string, string>,
	status: number,
	body: unknown
): void {
	const text = JSON.stringify(body);
	// One writeHead with the headers built once, rather than a setHeader call per header.
	res.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(text) });
	res.end(text);
}

/** The request body as text, or null when it is larger than any rating form can be. */
function readBody(req: IncomingMessage): Promise<string | null> {
	return new Promise((resolve, reject) => {
		const declared = Number(req.headers['content-length'] ?? 0);
		if (declared > MAX_BODY) return resolve(null);
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY) {
				// Stop reading: the answer goes out with `Connection: close`, which ends the rest.
				req.removeAllListeners('data');
				req.pause();
				resolve(null);
			} else chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}
