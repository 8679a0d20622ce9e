import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { unsubscribe } from './unsubscribe';

const ONE_CLICK = Symbol.for('mufakat.oneClickUnsubscribe');
const PATH = /^\/unsubscribe\/([A-Za-z0-9_-]{1,200}\.[A-Za-z0-9_-]{43})$/;

/**
 * RFC 8058 one-click unsubscribe: a mail client POSTs `List-Unsubscribe=One-Click` to the address
 * in the List-Unsubscribe header, from no page of ours and with no Origin. SvelteKit refuses such
 * a form post before any hook runs, so scripts/start.js offers it here first. Only a bare POST to
 * /unsubscribe/<token> is taken (the page's own button posts to `?/confirm` and stays Kit's); the
 * signed token is all the authority it needs, and all it can do is turn one kind off.
 */
export function oneClickHandler(db: Kysely<Database>) {
	return (req: IncomingMessage, res: ServerResponse): boolean => {
		if (req.method !== 'POST' || !req.url) return false;
		const match = PATH.exec(req.url);
		if (!match) return false;
		req.resume(); // the body says only "List-Unsubscribe=One-Click"
		unsubscribe(db, match[1]).then(
			(target) => {
				res.statusCode = target ? 200 : 400;
				res.setHeader('content-type', 'text/plain; charset=utf-8');
				res.end(target ? 'Unsubscribed.' : 'Invalid unsubscribe link.');
			},
			() => {
				res.statusCode = 503;
				res.end();
			}
		);
		return true;
	};
}

export function registerOneClick(db: Kysely<Database>): void {
	(globalThis as Record<symbol, unknown>)[ONE_CLICK] = oneClickHandler(db);
}
