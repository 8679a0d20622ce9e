import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { ROUTE_POLICY, type Access } from './route-policy';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './helpers';

/**
 * Property fuzz of every form action and API endpoint in the route policy, against a server of its
 * own (SQLite always; PostgreSQL too when DATABASE_URL names one): hostile text (NUL, lone
 * surrogates, bidi controls, 1 MB), out-of-range numbers and ids, wrong content types and broken
 * bodies. Every answer is < 500, a refused request changes no row, and the server log gains no
 * stack trace.
 */
const BASE_PORT = Number(process.env.E2E_PORT ?? 4173) + 40;
const RUNS = Number(process.env.FUZZ_RUNS ?? 1);
// Written by reads or by every request, whatever its outcome (sessions, throttles, caches).
const VOLATILE = new Set(['session', 'login_throttle', 'api_rate', 'rating_result_cache']);

type Persona = 'anonymous' | 'asn' | 'facilitator' | 'leader' | 'admin';
interface Target {
	url: string;
	persona: Persona;
	/** Only the body is fuzzed: the action reads no field, so a readable body would be obeyed. */
	bodyOnly: boolean;
	form: Record<string, string>;
}

// Actions that change something without reading a field (or with only optional ones).
const FIELDLESS = new Set([
	'advance',
	'support',
	'unsupport',
	'withdraw',
	'disable',
	'enable',
	'reset',
	'openNow',
	'closeNow',
	'read_all',
	'apply',
	'discard',
	'disableMissing',
	'delphi',
	'close',
	'submit',
	'approve',
	'retire',
	'reopen',
	'move',
	'linkRound',
	'schedule',
	'remove',
	'unhide'
]);
const FIELDS = [
	'name',
	'title',
	'purpose',
	'body',
	'reason',
	'comment',
	'response',
	'stance',
	'comment_id',
	'parent_id',
	'client_token',
	'target_id',
	'decision',
	'id',
	'fullName',
	'orgUnitId',
	'positionTitle',
	'grade',
	'code',
	'kind',
	'parentId',
	'iteration',
	'itemId',
	'text',
	'options',
	'description',
	'period',
	'minGroupSize',
	'units[]',
	'roundId',
	'nip',
	'password',
	'current',
	'confirm',
	'locale',
	'definition',
	'formula',
	'unit_goal',
	'min_smart_score',
	'rule_min_median',
	'weight',
	'responseId',
	'scopes[]'
];

function personaFor(access: Access): Persona {
	if (access === 'public') return 'anonymous';
	if (access === 'signed-in') return 'asn';
	for (const p of ['facilitator', 'admin', 'leader', 'asn'] as const)
		if (access.includes(p)) return p;
	return 'admin';
}

function targets(): Target[] {
	const out: Target[] = [
		{ url: '/login', persona: 'anonymous', bodyOnly: false, form: {} },
		{ url: '/language', persona: 'asn', bodyOnly: false, form: {} }
	];
	for (const [id, policy] of Object.entries(ROUTE_POLICY)) {
		for (const a of policy.actions ?? []) {
			const action = typeof a === 'string' ? { name: a } : a;
			const path = (policy.path ?? id).split('?')[0];
			out.push({
				url: action.name ? `${path}?/${action.name}` : path,
				persona: personaFor(('access' in action && action.access) || policy.access),
				bodyOnly: FIELDLESS.has(action.name) || (id.includes('public-page') && !action.name),
				form: ('form' in action && action.form) || {}
			});
		}
	}
	return out;
}

const hostileText = fc.oneof(
	fc.string().map((s) => `${s}\u0000${s}`),
	fc.constantFrom('\u202E', '\u202A', '\u2066', '\u2069').map((c) => `Andi ${c}otuhas`),
	fc.constantFrom('\u0007', '\u001B[31m', '\u0085', '\u007F').map((c) => `teks${c}`),
	fc.constant('é'.repeat(500_000)),
	fc.constantFrom('99999999999', '1e309', '1.5', '-1', '', 'NaN', '2147483648', '0x10'),
	fc.string({ unit: 'binary', maxLength: 40 })
);

type Body = { type?: string; data: string | Blob | FormData };
const bodies = (form: Record<string, string>, bodyOnly: boolean): fc.Arbitrary<Body> => {
	const broken: fc.Arbitrary<Body>[] = [
		fc.constant({ type: 'text/plain', data: 'nip=1' }),
		fc.constant({ type: 'application/json', data: '{"body":"x"}' }),
		fc.constant({ type: 'application/xml', data: '<x/>' }),
		fc.constant({
			type: 'multipart/form-data; boundary=zz',
			data: '--zz\r\nContent-Disposition: form-data; name="body"\r\n\r\nterpotong'
		}),
		fc.constant({ data: new Blob([new Uint8Array([0xff, 0xfe, 0x00])]) })
	];
	if (bodyOnly) return fc.oneof(...broken);
	const field = fc.constantFrom(...new Set([...Object.keys(form), ...FIELDS]));
	const fields = fc.tuple(field, hostileText).map(([k, v]) => ({ ...form, [k]: v }));
	return fc.oneof(
		...broken,
		fields.map((f) => ({
			type: 'application/x-www-form-urlencoded',
			data: new URLSearchParams(f).toString()
		})),
		fields.map((f) => {
			const d = new FormData();
			for (const [k, v] of Object.entries(f)) d.append(k, v);
			return { data: d };
		}),
		// A lone surrogate as it can only arrive: UTF-8 for U+D800, which no decoder should keep.
		field.map((k) => ({
			type: 'application/x-www-form-urlencoded',
			data: `${new URLSearchParams(form).toString()}&${encodeURIComponent(k)}=a%ED%A0%80b`
		}))
	);
};

interface Server {
	base: string;
	log: () => string;
	digest: () => Promise<string>;
	stop: () => Promise<void>;
}

async function waitUp(base: string, child: ChildProcess) {
	for (let i = 0; i < 600; i++) {
		if (child.exitCode !== null) throw new Error('fuzz server exited');
		try {
			if ((await fetch(`${base}/login`)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error('fuzz server did not start');
}

function launch(port: number, env: Record<string, string>, script: string) {
	let output = '';
	const child = spawn(process.execPath, [script], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: `http://localhost:${port}`,
			MUFAKAT_DEMO_IF_EMPTY: '1',
			LOGIN_ADDRESS_FREE_FAILURES: '100000',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.on('data', (b) => (output += b));
	child.stderr!.on('data', (b) => (output += b));
	return { child, log: () => output, base: `http://localhost:${port}` };
}

async function sqliteServer(port: number): Promise<Server> {
	const file = `data/e2e-fuzz-${port}.db`;
	const { child, log, base } = launch(port, { E2E_DB: file }, 'scripts/e2e-server.js');
	await waitUp(base, child);
	const db = new SQLite(file, { readonly: true });
	const tables = (
		db
			.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
			.all() as { name: string }[]
	)
		.map((t) => t.name)
		.filter((t) => !VOLATILE.has(t));
	return {
		base,
		log,
		digest: async () => {
			const h = createHash('sha1');
			for (const t of tables)
				h.update(t + JSON.stringify(db.prepare(`select * from "${t}"`).raw().all()));
			return h.digest('hex');
		},
		stop: async () => {
			db.close();
			child.kill('SIGTERM');
			await new Promise((r) => child.once('exit', r));
			for (const s of ['', '-wal', '-shm']) rmSync(file + s, { force: true });
		}
	};
}

async function postgresServer(port: number, url: string): Promise<Server> {
	const name = `fuzz_${randomBytes(5).toString('hex')}`;
	const admin = new pg.Client({ connectionString: url });
	await admin.connect();
	await admin.query(`create database ${name}`);
	const dbUrl = url.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
	const { child, log, base } = launch(port, { DATABASE_URL: dbUrl }, 'scripts/start.js');
	await waitUp(base, child);
	const client = new pg.Client({ connectionString: dbUrl });
	await client.connect();
	const tables = (
		await client.query<{ t: string }>(
			"select tablename as t from pg_tables where schemaname = 'public'"
		)
	).rows
		.map((r) => r.t)
		.filter((t) => !VOLATILE.has(t));
	return {
		base,
		log,
		digest: async () => {
			const parts = [];
			for (const t of tables) {
				const r = await client.query(
					`select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) as h from "${t}" x`
				);
				parts.push(t + r.rows[0].h);
			}
			return parts.join();
		},
		stop: async () => {
			await client.end();
			child.kill('SIGTERM');
			await new Promise((r) => child.once('exit', r));
			await admin.query(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	};
}

async function signIn(base: string, persona: Persona): Promise<string> {
	if (persona === 'anonymous') return '';
	const r = await fetch(`${base}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: base,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ nip: DEMO_ACCOUNTS[persona].nip, password: DEMO_PASSWORD })
	});
	expect(
		r.status,
		`login ${persona}: ${r.status === 303 ? '' : (await r.text()).replace(/<[^>]+>/g, ' ').slice(-600)}`
	).toBe(303);
	return r.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
}

async function issueToken(base: string, cookie: string): Promise<string> {
	const body = new URLSearchParams({ name: 'Uji fuzz' });
	for (const s of ['criteria', 'participation', 'results']) body.append('scopes[]', s);
	const r = await fetch(`${base}/admin/api-tokens?/issue`, {
		method: 'POST',
		headers: {
			origin: base,
			cookie,
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'text/html'
		},
		body
	});
	const token = /id="issued-token">([^<]+)</.exec(await r.text())?.[1];
	expect(token).toBeTruthy();
	return token!;
}

async function fuzz(server: Server) {
	const cookies: Partial<Record<Persona, string>> = {};
	for (const p of ['anonymous', 'asn', 'facilitator', 'leader', 'admin'] as const)
		cookies[p] = await signIn(server.base, p);
	const token = await issueToken(server.base, cookies.admin!);
	let before = await server.digest();
	let requests = 0;

	for (const target of targets()) {
		await fc.assert(
			fc.asyncProperty(bodies(target.form, target.bodyOnly), async (body) => {
				const headers: Record<string, string> = { origin: server.base, accept: 'text/html' };
				if (body.type) headers['content-type'] = body.type;
				if (cookies[target.persona]) headers.cookie = cookies[target.persona]!;
				const r = await fetch(server.base + target.url, {
					method: 'POST',
					redirect: 'manual',
					headers,
					body: body.data
				});
				await r.arrayBuffer();
				requests++;
				expect(r.status, `${target.url} ${body.type}`).toBeLessThan(500);
				const after = await server.digest();
				if (r.status >= 400) expect(after, `${target.url} refused but changed rows`).toBe(before);
				before = after;
			}),
			{ numRuns: RUNS, seed: 15 }
		);
	}

	// API endpoints: hostile ids in the path and hostile query parameters.
	const api = fc.record({
		path: fc.constantFrom('/api/v1/criteria', '/api/v1/participation', '/api/v1/rounds/'),
		id: fc.constantFrom('99999999999', '1e309', '1.5', '-1', '0', '%00', '1%00', '%E2%80%AE1'),
		param: fc.constantFrom('unit', 'position_type', 'on'),
		value: fc.constantFrom(
			'%00',
			'DUKCAPIL%00',
			'%E2%80%AE',
			'%ED%A0%80',
			'x'.repeat(100_000),
			'9'.repeat(30)
		)
	});
	await fc.assert(
		fc.asyncProperty(api, async ({ path, id, param, value }) => {
			const url = `${server.base}${path}${path.endsWith('/') ? id : ''}?${param}=${value}`;
			const r = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
			await r.arrayBuffer();
			requests++;
			expect(r.status, url.slice(0, 200)).toBeLessThan(500);
		}),
		{ numRuns: 20, seed: 15 }
	);

	expect(requests).toBeGreaterThanOrEqual(targets().length * RUNS);
	expect(server.log()).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
	expect(server.log()).not.toMatch(/\[[0-9a-f-]{36}\]/);
}

test.describe('fuzz: hostile input never breaks the server', () => {
	test.describe.configure({ timeout: 180_000 });

	test('SQLite', async () => {
		const server = await sqliteServer(BASE_PORT);
		try {
			await fuzz(server);
		} finally {
			await server.stop();
		}
	});

	test('PostgreSQL', async () => {
		const url = process.env.DATABASE_URL ?? '';
		test.skip(!/^postgres/.test(url), 'DATABASE_URL names no PostgreSQL server');
		const server = await postgresServer(BASE_PORT + 1, url);
		try {
			await fuzz(server);
		} finally {
			await server.stop();
		}
	});
});
