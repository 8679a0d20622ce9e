// Staff import: preview and apply of a 6,000-row CSV of new people through the real HTTP
// actions (upload → preview page → apply), argon2id hashing of 6,000 temporary passwords
// included, while a probe measures how long ordinary page requests take meanwhile.
// Then the same file again (idempotent: nothing changes, nothing is hashed).
import { login } from './01-foundation.js';
import { BENCH_ADMIN_NIP, staffFile } from './staff-file.js';

async function timed(fn) {
	const t = performance.now();
	const value = await fn();
	return { ms: performance.now() - t, value };
}

/** GETs /login every 100 ms until stopped; returns the latencies seen. */
function probe(origin) {
	const latencies = [];
	let failures = 0;
	let running = true;
	const loop = (async () => {
		while (running) {
			const t = performance.now();
			try {
				await (await fetch(`${origin}/login`)).arrayBuffer();
				latencies.push(performance.now() - t);
			} catch {
				// A refused or reset probe is itself a finding: count it as unanswered.
				failures++;
			}
			await new Promise((r) => setTimeout(r, 100));
		}
	})();
	return async () => {
		running = false;
		await loop;
		const sorted = [...latencies].sort((a, b) => a - b);
		const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
		return {
			probes: sorted.length,
			failures,
			p50: at(0.5),
			p95: at(0.95),
			max: sorted.at(-1) ?? NaN
		};
	};
}

async function importOnce(origin, cookie, csv) {
	const headers = { cookie, origin, accept: 'text/html' };
	const form = new FormData();
	form.set('file', new Blob([csv], { type: 'text/csv' }), 'bench-6000.csv');
	const upload = await timed(() =>
		fetch(`${origin}/admin/import?/upload`, {
			method: 'POST',
			body: form,
			headers,
			redirect: 'manual'
		})
	);
	const location = upload.value.headers.get('location');
	if (upload.value.status !== 303 || !location) throw new Error(`upload: ${upload.value.status}`);
	const preview = await timed(async () => {
		const r = await fetch(`${origin}${location}`, { headers: { cookie } });
		const html = await r.text();
		if (r.status !== 200) throw new Error(`preview: ${r.status}`);
		return html;
	});
	const apply = await timed(() =>
		fetch(`${origin}${location}?/apply`, {
			method: 'POST',
			headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
			body: '',
			redirect: 'manual'
		})
	);
	if (apply.value.status !== 303) throw new Error(`apply: ${apply.value.status}`);
	// The apply runs as a background job; the page says when it is done.
	const done = await timed(async () => {
		for (;;) {
			const html = await (await fetch(`${origin}${location}`, { headers: { cookie } })).text();
			if (html.includes('Impor diterapkan')) return;
			if (html.includes('Impor gagal')) throw new Error('apply failed');
			await new Promise((r) => setTimeout(r, 250));
		}
	});
	return {
		uploadMs: upload.ms,
		previewMs: preview.ms,
		applyRequestMs: apply.ms,
		untilAppliedMs: done.ms,
		totalMs: upload.ms + preview.ms + apply.ms + done.ms
	};
}

export async function scenarios() {
	return [
		{
			name: 'import 6,000 new people (upload + preview + apply, argon2id included)',
			run: async (ctx) => {
				const cookie = await login(ctx.origin, BENCH_ADMIN_NIP);
				const csv = staffFile(6000);
				const stop = probe(ctx.origin);
				const first = await importOnce(ctx.origin, cookie, csv);
				const responsiveness = await stop();
				const again = await importOnce(ctx.origin, cookie, csv);
				const round = (n) => Math.round(n);
				return {
					rows: 6000,
					uploadMs: round(first.uploadMs),
					previewPageMs: round(first.previewMs),
					applyRequestMs: round(first.applyRequestMs),
					applyUntilDoneMs: round(first.untilAppliedMs),
					totalSeconds: +(first.totalMs / 1000).toFixed(1),
					probeDuringImport: {
						probes: responsiveness.probes,
						failures: responsiveness.failures,
						p50Ms: round(responsiveness.p50),
						p95Ms: round(responsiveness.p95),
						maxMs: round(responsiveness.max)
					},
					reimportUnchangedSeconds: +(again.totalMs / 1000).toFixed(1)
				};
			}
		}
	];
}
