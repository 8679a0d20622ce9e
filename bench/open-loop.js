// Open-loop load: requests arrive at random (Poisson) times at a fixed average rate, whatever
// the server does — as people do. autocannon's fixed-rate mode fires every connection's timer
// in step, so 200 connections at 7.5/s each arrive as a burst of 200 every 133 ms and the queue
// of each burst, not the server, sets the latency. Latency here runs from the moment a request
// was due, not from when it could be sent, so a server that falls behind is not flattered
// (coordinated omission).
import http from 'node:http';

/**
 * @param {{ origin: string, rate: number, seconds: number, maxSockets: number,
 *   next: () => { method?: string, path: string, headers?: Record<string, string>, body?: string } }} o
 */
export async function openLoop({
	origin,
	rate,
	seconds,
	maxSockets,
	next,
	warmupSeconds = 3,
	onMeasureStart = () => {}
}) {
	const url = new URL(origin);
	const agent = new http.Agent({ keepAlive: true, maxSockets });
	const latencies = [];
	const trace = [];
	let non2xx = 0;
	let errors = 0;
	let sent = 0;
	// A warm-up at half the rate is not counted: the bench starts a fresh server, whose first
	// seconds (JIT, empty caches, 200 connections and 200 first ballots at once) are a start-up
	// transient that a running server does not have, and the backlog it leaves would otherwise be
	// counted as the latency of the steady state.
	const warmStart = performance.now();
	const start = warmStart + warmupSeconds * 1000;
	const end = start + seconds * 1000;
	let due = warmStart;
	let inflight = 0;
	let measuring = false;
	const fire = (scheduled) => {
		if (!measuring && scheduled >= start) {
			measuring = true;
			onMeasureStart();
		}
		const r = next();
		if (scheduled >= start) sent++;
		inflight++;
		const counted = scheduled >= start;
		const done = (ok, status) => {
			inflight--;
			if (!counted) return;
			if (!ok) errors++;
			else {
				latencies.push(performance.now() - scheduled);
				if (process.env.BENCH_TRACE)
					trace.push([Math.round(scheduled - start), Math.round(performance.now() - scheduled)]);
				if (status < 200 || status >= 300) non2xx++;
			}
		};
		const req = http.request(
			{
				host: url.hostname,
				port: url.port,
				method: r.method ?? 'GET',
				path: r.path,
				headers: r.headers,
				agent
			},
			(res) => {
				res.resume();
				res.on('end', () => done(true, res.statusCode));
				res.on('error', () => done(false));
			}
		);
		req.on('error', () => done(false));
		req.end(r.body);
	};
	await new Promise((resolve) => {
		const tick = () => {
			const now = performance.now();
			while (due <= now && due < end) {
				fire(due);
				due += (-Math.log(1 - Math.random()) * 1000) / (due < start ? rate / 2 : rate);
			}
			if (due < end) setTimeout(tick, 1);
			else resolve();
		};
		tick();
	});
	// Let the requests still in flight finish (a server far behind gets 30 s, then they count as
	// errors).
	const drainUntil = performance.now() + 30_000;
	while (inflight > 0 && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 5));
	errors += inflight;
	const elapsed = (performance.now() - start) / 1000;
	agent.destroy();
	if (process.env.BENCH_TRACE) {
		const bySecond = new Map();
		for (const [t, ms] of trace) {
			const k = Math.floor(t / 500);
			bySecond.set(k, Math.max(bySecond.get(k) ?? 0, ms));
		}
		console.log(
			'max latency per 0.5 s:',
			[...bySecond].map(([k, v]) => `${k / 2}s:${v}`).join(' ')
		);
	}
	latencies.sort((a, b) => a - b);
	const q = (p) =>
		latencies.length
			? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]
			: NaN;
	return {
		offered: rate,
		sent,
		requestsPerSecond: latencies.length / elapsed,
		p50: q(0.5),
		p95: q(0.95),
		p97_5: q(0.975),
		p99: q(0.99),
		non2xx,
		errors
	};
}
