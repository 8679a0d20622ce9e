// npm run bench — throughput and latency of the production server, each reported as a ratio to
// a bare node:http server measured in the same run on the same machine.
//
// Every file in bench/scenarios/ exports `scenarios(ctx)` returning a list of
// { name, path, method?, headers?, body?, connections?, arrivalRate?, setup?() }.
// Without arrivalRate it runs with autocannon, every connection sending its next request as soon
// as the last is answered (closed loop): the figure is the server's capacity, and latency is just
// connections ÷ throughput. With arrivalRate requests arrive at random times at that average rate
// whatever the server does (open loop, bench/open-loop.js; setup() returns `next()` giving each
// request): the figure is what people see at that load.
import autocannon from 'autocannon';
import { openLoop } from './open-loop.js';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const PORT = Number(process.env.BENCH_PORT ?? 4310);
const BASE_PORT = PORT + 1;
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const only = process.argv.slice(2);

function fmt(n, digits = 1) {
	return Number.isFinite(n) ? n.toFixed(digits) : '-';
}

const cpuNote = (row) =>
	row.serverCpuMsPerRequest == null
		? ''
		: `  server CPU ${fmt(row.serverCpuMsPerRequest, 3)} ms/req`;

async function waitFor(url, ms = 120_000) {
	const end = Date.now() + ms;
	while (Date.now() < end) {
		try {
			const r = await fetch(url, { redirect: 'manual' });
			if (r.status < 500) return;
		} catch {
			// not up yet
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`server at ${url} did not start`);
}

function measure(opts) {
	return new Promise((resolve, reject) => {
		autocannon({ duration: DURATION, connections: 50, ...opts }, (err, result) =>
			err ? reject(err) : resolve(result)
		);
	});
}

if (!existsSync(join(root, 'build/index.js')) || process.env.BENCH_BUILD === '1') {
	console.log('Building…');
	const b = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
	if (b.status !== 0) process.exit(1);
}

const dbFile = join(root, 'data/bench.db');
for (const s of ['', '-wal', '-shm']) rmSync(dbFile + s, { force: true });
mkdirSync(join(root, 'data'), { recursive: true });

// The baseline runs in its own process, like the app, so neither shares an event loop with
// the load generator.
const baseline = spawn(
	process.execPath,
	[
		'-e',
		`require('node:http').createServer((q, s) => { s.writeHead(200, { 'content-type': 'text/plain' }); s.end('ok'); }).listen(${BASE_PORT}, '127.0.0.1')`
	],
	{ stdio: 'inherit' }
);

// BENCH_PROFILE=1 writes a V8 CPU profile of the app server to bench/results/profile/ (open it in
// Chrome DevTools) — to find where the time goes, rather than guessing.
const profileArgs =
	process.env.BENCH_PROFILE === '1'
		? ['--cpu-prof', `--cpu-prof-dir=${join(root, 'bench/results/profile')}`]
		: [];
const server = spawn('node', [...profileArgs, 'scripts/start.js'], {
	cwd: root,
	env: {
		...process.env,
		DATABASE_URL: process.env.BENCH_DATABASE_URL ?? `file:${dbFile}`,
		PORT: String(PORT),
		HOST: '127.0.0.1',
		ORIGIN,
		MUFAKAT_DEMO_IF_EMPTY: '1',
		LOGIN_ADDRESS_FREE_FAILURES: '1000000',
		LOGIN_NIP_FREE_FAILURES: '1000000'
	},
	stdio: ['ignore', 'inherit', 'inherit']
});

/**
 * CPU seconds the app server has used so far (user + system, all its threads), or null where
 * /proc is missing. Divided by the requests served, it is the cost of one request: a figure that
 * stays put on a shared 2-core machine whose throughput and latency move with the neighbours.
 */
function serverCpuSeconds() {
	try {
		const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
		// utime and stime: fields 14 and 15 of the line, in clock ticks (100 a second on Linux).
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return null;
	}
}

const cpuMsPerRequest = (cpuStart, requests) => {
	const now = serverCpuSeconds();
	return now === null || cpuStart === null || !requests
		? null
		: Math.round(((now - cpuStart) * 1e6) / requests) / 1000;
};

const results = [];
try {
	await waitFor(`${ORIGIN}/login`);
	await waitFor(`http://127.0.0.1:${BASE_PORT}/`);
	const ctx = { origin: ORIGIN, root, dbFile };
	const scenarioList = [
		{ name: 'baseline: bare node:http', url: `http://127.0.0.1:${BASE_PORT}/`, baseline: true }
	];
	const dir = join(root, 'bench/scenarios');
	for (const file of readdirSync(dir)
		.filter((f) => /^\d+-.*\.js$/.test(f))
		.sort()) {
		const mod = await import(pathToFileURL(join(dir, file)).href);
		scenarioList.push(...(await mod.scenarios(ctx)));
	}
	let base;
	for (const s of scenarioList) {
		if (only.length && !s.baseline && !only.some((o) => s.name.includes(o))) continue;
		if (s.run) {
			// A scenario that measures something other than HTTP throughput (e.g. a computation).
			const r = await s.run(ctx);
			results.push({ name: s.name, ...r });
			console.log(`${s.name}: ${JSON.stringify(r)}`);
			continue;
		}
		const extra = s.setup ? await s.setup(ctx) : {};
		if (s.arrivalRate) {
			const headers = { ...(s.headers ?? {}), ...(extra.headers ?? {}) };
			let cpuStart = null;
			const r = await openLoop({
				onMeasureStart: () => (cpuStart = serverCpuSeconds()),
				origin: ORIGIN,
				rate: s.arrivalRate,
				seconds: DURATION,
				maxSockets: s.connections ?? 50,
				next: extra.next ?? (() => ({ method: s.method, path: s.path, headers, body: s.body }))
			});
			const row = {
				name: s.name,
				...r,
				serverCpuMsPerRequest: cpuMsPerRequest(cpuStart, r.requestsPerSecond * DURATION),
				connections: s.connections ?? 50,
				ratioToBaseline: base ? r.requestsPerSecond / base : null
			};
			results.push(row);
			console.log(
				`${s.name.padEnd(44)} ${fmt(row.requestsPerSecond, 0).padStart(8)} req/s of ${row.offered} offered  p50 ${fmt(row.p50)} ms  p95 ${fmt(row.p95)} ms  p99 ${fmt(row.p99)} ms  ratio ${fmt(row.ratioToBaseline, 3)}${cpuNote(row)}${row.non2xx ? `  non-2xx ${row.non2xx}` : ''}${row.errors ? `  errors ${row.errors}` : ''}`
			);
			continue;
		}
		const cpuStart = serverCpuSeconds();
		const r = await measure({
			url: s.url ?? `${ORIGIN}${s.path}`,
			method: s.method ?? 'GET',
			headers: { ...(s.headers ?? {}), ...(extra.headers ?? {}) },
			body: s.body,
			requests: extra.requests ?? s.requests,
			connections: s.connections ?? 50
		});
		const row = {
			name: s.name,
			requestsPerSecond: r.requests.average,
			p50: r.latency.p50,
			p95: r.latency.p97_5 !== undefined ? (r.latency.p90 + r.latency.p97_5) / 2 : r.latency.p90,
			p97_5: r.latency.p97_5,
			p99: r.latency.p99,
			non2xx: r.non2xx,
			errors: r.errors + r.timeouts,
			serverCpuMsPerRequest: s.baseline ? null : cpuMsPerRequest(cpuStart, r.requests.total),
			connections: s.connections ?? 50
		};
		if (s.baseline) base = row.requestsPerSecond;
		row.ratioToBaseline = base ? row.requestsPerSecond / base : null;
		results.push(row);
		console.log(
			`${s.name.padEnd(44)} ${fmt(row.requestsPerSecond, 0).padStart(8)} req/s  p50 ${fmt(row.p50)} ms  p95≈${fmt(row.p95)} ms  p99 ${fmt(row.p99)} ms  ratio ${fmt(row.ratioToBaseline, 3)}${cpuNote(row)}${row.non2xx ? `  non-2xx ${row.non2xx}` : ''}`
		);
	}
} finally {
	server.kill('SIGTERM');
	baseline.kill('SIGTERM');
}

mkdirSync(join(root, 'bench/results'), { recursive: true });
const out = {
	at: new Date().toISOString(),
	node: process.version,
	cpus: (await import('node:os')).cpus().length,
	durationSeconds: DURATION,
	note: 'closed loop (autocannon): p95 is interpolated between its p90 and p97.5; open loop (offered): exact percentiles from the moment each request was due; ratio = req/s ÷ bare node:http req/s of this run',
	results
};
writeFileSync(join(root, 'bench/results/latest.json'), JSON.stringify(out, null, 2));
console.log('Wrote bench/results/latest.json');
