// Rating scenarios: (1) secret-ballot submission through the full stack (session, eligibility,
// upsert, counts) by 200 concurrent participants; (2) a round's full results recomputed from
// 6,000 people × 60 indicators × 4 criteria (1.44 M ballots); (3) the frozen results page.
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { DEMO_ACCOUNTS_FOR_BENCH } from './demo-accounts.js';
import { login } from './01-foundation.js';

const CRITERIA = ['relevance', 'measurability', 'controllability', 'fairness'];
const PARTICIPANTS = 200;
// BENCH_RATING_RATE changes the offered rating load, e.g. to find the rate a change sustains.
const RATING_RATE = Number(process.env.BENCH_RATING_RATE ?? 1500);
const INDICATORS = 60;

/** A tiny SQL client for the bench database, whichever dialect the server uses. */
async function openDb(ctx) {
	const url = process.env.BENCH_DATABASE_URL;
	if (url) {
		const client = new pg.Client({ connectionString: url });
		await client.connect();
		return {
			pg: true,
			all: async (q, params = []) => (await client.query(pgParams(q), params)).rows,
			exec: async (q) => void (await client.query(q)),
			close: () => client.end()
		};
	}
	const db = new SQLite(ctx.dbFile);
	db.pragma('busy_timeout = 30000');
	return {
		pg: false,
		all: async (q, params = []) => db.prepare(q).all(...params),
		exec: async (q) => void db.exec(q),
		close: () => db.close()
	};
}

const pgParams = (q) => {
	let i = 0;
	return q.replace(/\?/g, () => `$${++i}`);
};

async function loginMany(origin, nips) {
	const cookies = [];
	for (let i = 0; i < nips.length; i += 8) {
		cookies.push(...(await Promise.all(nips.slice(i, i + 8).map((nip) => login(origin, nip)))));
	}
	return cookies;
}

/** Creates a round open for rating, with 60 shortlisted indicators and a ballot from everyone. */
async function createBigRound(ctx) {
	const db = await openDb(ctx);
	try {
		const [fac] = await db.all('select id, org_unit_id from person where nip = ?', [
			DEMO_ACCOUNTS_FOR_BENCH.facilitator
		]);
		const now = new Date().toISOString();
		const criteria = JSON.stringify(CRITERIA.map((key) => ({ key, label_id: key, label_en: key })));
		const rule = JSON.stringify({
			minMedian: 4,
			minAgreePct: 70,
			maxDisagreePct: 15,
			maxIqr: 1,
			groupAware: null
		});
		const [round] = await db.all(
			`insert into round (title, purpose, phase, scope_json, criteria_json, consensus_rule_json,
			 min_group_size, delphi_iteration, min_smart_score, phase_changed_at, created_by, created_at, updated_at)
			 values ('Bench 1.4 M ballots', 'bench', 'rating', '{"units":[],"positionTypes":[]}', ?, ?, 5, 0, 0, ?, ?, ?, ?)
			 returning id`,
			[criteria, rule, now, fac.id, now, now]
		);
		for (let i = 0; i < INDICATORS; i++) {
			await db.all(
				`insert into indicator (round_id, author_id, org_unit_id, status, name, definition, formula,
				 unit_of_measure, target, baseline, data_source, frequency, perspective, aspect, kind,
				 unit_goal, fairness_rationale, smart_score, search_text, client_token, created_at, updated_at)
				 values (?, ?, ?, 'shortlisted', ?, 'd', 'f', 'u', 't', 'b', 's', 'monthly', 'p', 'a', 'k', 'g', 'r', 5, 's', ?, ?, ?)
				 returning id`,
				[round.id, fac.id, fac.org_unit_id, `Indikator bench ${i + 1}`, `bench-${i}`, now, now]
			);
		}
		// Ballots written in bulk (the OPD is the unit's parent, or the unit at the top level),
		// and the participants; the counts are built when the facilitator closes rating.
		const random = db.pg ? 'floor(random() * 1000)::int' : 'abs(random()) % 1000';
		const key = db.pg ? `lpad(p.id::text, 64, '0')` : `printf('%064d', p.id)`;
		const crit = CRITERIA.map((c) => `select '${c}' as k`).join(' union all ');
		const t0 = Date.now();
		await db.exec(
			`insert into rating_ballot (round_id, iteration, indicator_id, criterion, rater_key, score, opd_id, position_type)
			 select ${round.id}, 0, i.id, c.k, ${key},
			   case when r.x < 40 then null else 1 + (r.x + i.id) % 5 end,
			   case when pu.parent_id is null then u.id else pu.id end, p.position_type
			 from person p join org_unit u on u.id = p.org_unit_id left join org_unit pu on pu.id = u.parent_id
			 cross join indicator i cross join (${crit}) c
			 cross join (select ${random} as x) r
			 where i.round_id = ${round.id}`
		);
		await db.exec(
			`insert into rating_participant (round_id, iteration, rater_key)
			 select distinct round_id, iteration, rater_key from rating_ballot where round_id = ${round.id}`
		);
		const [{ n }] = await db.all('select count(*) as n from rating_ballot where round_id = ?', [
			round.id
		]);
		return { roundId: round.id, ballots: Number(n), loadMs: Date.now() - t0 };
	} finally {
		await db.close();
	}
}

let big;

// Both rating scenarios use the same 200 signed-in participants (logging in is argon2id work).
let participants;
const ratingSetup = async (ctx) => {
	participants ??= signInParticipants(ctx);
	const { ratePath, cookies } = await participants;
	let next = 0;
	const body = (seed) =>
		new URLSearchParams({
			iteration: '0',
			...Object.fromEntries(CRITERIA.map((c, i) => [`c_${c}`, String(((seed + i) % 5) + 1)]))
		}).toString();
	// Open loop: each request comes from the next participant in turn.
	let turn = 0;
	const seeds = new Array(cookies.length).fill(0);
	const headersFor = (cookie) => ({
		cookie,
		origin: ctx.origin,
		'content-type': 'application/x-www-form-urlencoded',
		// As the enhanced form sends it: a JSON answer instead of a 303.
		'x-sveltekit-action': 'true',
		accept: 'application/json'
	});
	return {
		next: () => {
			const i = turn++ % cookies.length;
			return {
				method: 'POST',
				path: ratePath,
				headers: headersFor(cookies[i]),
				body: body(++seeds[i] + i)
			};
		},
		requests: [
			{
				method: 'POST',
				path: ratePath,
				// Each connection is one participant, who keeps changing their rating.
				setupRequest: (req, context) => {
					context.cookie ??= cookies[next++ % cookies.length];
					context.seed = (context.seed ?? 0) + 1;
					return {
						...req,
						headers: { ...req.headers, ...headersFor(context.cookie) },
						body: body(context.seed)
					};
				}
			}
		]
	};
};

async function signInParticipants(ctx) {
	const db = await openDb(ctx);
	let nips;
	let ratePath;
	try {
		// The open demo rating round is open to everyone; take 200 demo staff.
		const [open] = await db.all(
			`select r.id as r, min(i.id) as i from round r join indicator i on i.round_id = r.id
			 where r.title = 'Demo: indikator kinerja layanan publik 2027' group by r.id`
		);
		ratePath = `/ratings/${open.r}/${open.i}?/rate`;
		nips = (
			await db.all(`select nip from person where active = 1 order by id limit ${PARTICIPANTS}`)
		).map((r) => r.nip);
	} finally {
		await db.close();
	}
	return { ratePath, cookies: await loginMany(ctx.origin, nips) };
}

export async function scenarios() {
	return [
		{
			// Capacity: every participant submits again the moment the last answer arrives.
			name: 'POST rating, capacity (200 participants back to back)',
			// The real path is looked up in setup: demo round ids depend on the seeding order.
			path: '/ratings',
			method: 'POST',
			connections: PARTICIPANTS,
			setup: ratingSetup
		},
		{
			// The target load: 1,500 submissions a second from the same 200 participants, arriving
			// at that rate whatever the server does, so latency is what a participant would see.
			name: `POST rating, ${RATING_RATE.toLocaleString('en')}/s offered (200 participants)`,
			path: '/ratings',
			method: 'POST',
			connections: PARTICIPANTS,
			arrivalRate: RATING_RATE,
			setup: ratingSetup
		},
		{
			name: 'close rating, then results: 6,000 × 60 × 4 (1.44 M ballots)',
			run: async (ctx) => {
				big = await createBigRound(ctx);
				const cookie = await login(ctx.origin, DEMO_ACCOUNTS_FOR_BENCH.facilitator);
				// The facilitator closes rating: the close builds the counts from every ballot, and
				// the results are computed from them (counts → statistics → suppression for every
				// indicator) and stored, all before the answer.
				const t0 = performance.now();
				const r = await fetch(`${ctx.origin}/ratings/${big.roundId}/manage?/close`, {
					method: 'POST',
					headers: {
						cookie,
						origin: ctx.origin,
						'content-type': 'application/x-www-form-urlencoded',
						'x-sveltekit-action': 'true'
					},
					body: ''
				});
				const closed = await r.json();
				const closeMs = performance.now() - t0;
				if (closed.type !== 'redirect') throw new Error(`close failed: ${JSON.stringify(closed)}`);
				// The results page, from the results the close stored. The computation alone (no
				// count building, no HTTP): `npx tsx bench/results-direct.ts`.
				const t1 = performance.now();
				const page = await fetch(`${ctx.origin}/ratings/${big.roundId}/results`, {
					headers: { cookie }
				});
				await page.text();
				return {
					ballots: big.ballots,
					bulkLoadMs: big.loadMs,
					status: page.status,
					closeRequestMs: Math.round(closeMs),
					resultsPageAfterCloseMs: Math.round(performance.now() - t1)
				};
			}
		},
		{
			name: 'GET results page, capacity (frozen, 60 indicators, 50 back to back)',
			get path() {
				return `/ratings/${big?.roundId ?? 0}/results`;
			},
			setup: async (ctx) => ({
				headers: { cookie: await login(ctx.origin, DEMO_ACCOUNTS_FOR_BENCH.facilitator) }
			})
		},
		{
			// The load the target is about: all 6,000 staff of the regency opening the published
			// results within one minute (100 pages a second), from up to 50 browsers at once.
			name: 'GET results page, 100/s offered (6,000 staff within a minute)',
			arrivalRate: 100,
			get path() {
				return `/ratings/${big?.roundId ?? 0}/results`;
			},
			setup: async (ctx) => ({
				headers: { cookie: await login(ctx.origin, DEMO_ACCOUNTS_FOR_BENCH.facilitator) }
			})
		}
	];
}
