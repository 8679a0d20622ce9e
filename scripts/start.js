// Starts the built server. On an empty database it loads the demo regency first, so a newcomer's
// `npm start` shows a working Mufakat. Set MUFAKAT_DEMO_IF_EMPTY=0 for a real deployment.
import { existsSync } from 'node:fs';
import { applyOriginDefault } from './origin.js';

if (!existsSync(new URL('../build/index.js', import.meta.url))) {
	console.error('No build found. Run `npm run build` first (or `npm start`, which builds).');
	process.exit(1);
}
process.env.MUFAKAT_DEMO_IF_EMPTY ??= '1';
process.env.PORT ??= '3000';
process.env.HOST ??= '0.0.0.0';
process.env.BODY_SIZE_LIMIT ??= '25M';
// A real deployment sets ORIGIN to the address people use, or PROTOCOL_HEADER/HOST_HEADER
// behind a proxy (see origin.js).
applyOriginDefault(process.env);

// Our own server around SvelteKit's handler (adapter-node's build/handler.js) rather than its
// build/index.js: it sends the enhanced rating form's posts to the rating fast lane first
// (src/lib/server/http/ratingFastLane.ts, registered by the app's init hook, which has run once
// the handler module has loaded). Everything else — and anything the fast lane declines — is
// SvelteKit's. Listening and shutdown follow adapter-node's own entry.
const http = await import('node:http');
const { handler } = await import('../build/handler.js');
/** @type {undefined | ((req: any, res: any, fallback: () => void) => boolean)} */
const fastLane = globalThis[Symbol.for('mufakat.ratingFastLane')];
// RFC 8058 one-click unsubscribe posts come from mail clients, which Kit's CSRF check would refuse
// (src/lib/server/notify/oneClick.ts); it takes only POST /unsubscribe/<signed token>.
/** @type {undefined | ((req: any, res: any) => boolean)} */
const oneClick = globalThis[Symbol.for('mufakat.oneClickUnsubscribe')];
const kit = (req, res) =>
	handler(req, res, () => {
		res.statusCode = 404;
		res.end();
	});
const server = http.createServer((req, res) => {
	if (oneClick?.(req, res)) return;
	if (!fastLane?.(req, res, () => kit(req, res))) kit(req, res);
});
const seconds = (name) => (process.env[name] ? Number(process.env[name]) * 1000 : undefined);
server.keepAliveTimeout = seconds('KEEP_ALIVE_TIMEOUT') ?? server.keepAliveTimeout;
server.headersTimeout = seconds('HEADERS_TIMEOUT') ?? server.headersTimeout;
const socketPath = process.env.SOCKET_PATH;
await new Promise((resolve) =>
	socketPath
		? server.listen({ path: socketPath }, resolve)
		: server.listen({ host: process.env.HOST, port: Number(process.env.PORT) }, resolve)
);

let stopping = false;
function shutdown() {
	if (stopping) return;
	stopping = true;
	// Finish the requests in flight, then stop; keep-alive connections would otherwise hold on.
	server.close(() => process.exit(0));
	server.closeIdleConnections();
	setInterval(() => server.closeIdleConnections(), 100).unref();
	setTimeout(
		() => server.closeAllConnections(),
		Number(process.env.SHUTDOWN_TIMEOUT ?? 30) * 1000
	).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
console.log(
	`Mufakat is running: ${process.env.ORIGIN ?? `port ${process.env.PORT}, address from ${process.env.PROTOCOL_HEADER ?? 'https'}/${process.env.HOST_HEADER ?? 'host'} headers`}${fastLane ? '' : ' (rating fast lane off)'}`
);
