// Foundation scenarios: the login page, an authenticated home page, and the login POST itself.
import { DEMO_ACCOUNTS_FOR_BENCH } from './demo-accounts.js';

async function login(origin, nip) {
	const r = await fetch(`${origin}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ nip, password: DEMO_ACCOUNTS_FOR_BENCH.password })
	});
	const cookie = r.headers.get('set-cookie')?.split(';')[0];
	if (r.status !== 303 || !cookie) throw new Error(`bench login failed: ${r.status}`);
	return cookie;
}

export { login };

export async function scenarios() {
	const body = new URLSearchParams({
		nip: DEMO_ACCOUNTS_FOR_BENCH.asn,
		password: DEMO_ACCOUNTS_FOR_BENCH.password
	}).toString();
	return [
		{ name: 'GET /login (anonymous page)', path: '/login' },
		{
			name: 'GET / (authenticated home page)',
			path: '/',
			setup: async (ctx) => ({
				headers: { cookie: await login(ctx.origin, DEMO_ACCOUNTS_FOR_BENCH.asn) }
			})
		},
		{
			name: 'POST /login (argon2id verify + session)',
			path: '/login',
			method: 'POST',
			connections: 8,
			setup: async (ctx) => ({
				headers: {
					origin: ctx.origin,
					accept: 'text/html',
					'content-type': 'application/x-www-form-urlencoded'
				}
			}),
			body
		}
	];
}
