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
export async function openLoop({ origin, rate, seconds, maxSockets, next }) {
	const url = new URL(origin);
	const agent = new http.Agent({ keepAlive: true, maxSockets });
	const latencies = [];
	let non2xx = 0;
	let errors = 0;
	let sent = 0;
	const start = performance.now();
	const end = start + seconds * 1000;
	let due = start;
	let inflight = 0;
	const fire = (scheduled) => {
		const r = next();
		sent++;
		inflight++;
		const done = (ok, status) => {
			inflight--;
			if (!ok) errors++;
			else {
				latencies.push(performance.now() - scheduled);
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
				due += (-Math.log(1 - Math.random()) * 1000) / rate;
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
