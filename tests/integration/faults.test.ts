import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHttpError } from '@sveltejs/kit';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit, TEST_PASSWORD } from '../helpers/fixtures';
import { m } from '$lib/paraglide/messages';
import { createRatingRound } from '$lib/server/ratings/fixture';
import { rateFromForm } from '$lib/server/ratings/rateForm';
import { createSession, validateSessionToken, type SessionUser } from '$lib/server/auth/session';
import { createRatingFastLane } from '$lib/server/http/ratingFastLane';
import { addComment } from '$lib/server/discussion';
import { createProposal } from '$lib/server/proposals';
import { login } from '$lib/server/auth/login';
import { changeSchedule, createSurvey, getItems } from '$lib/server/surveys/surveys';
import { fieldName, submitResponse } from '$lib/server/surveys/responses';
import { sqliteOf } from '$lib/server/db/direct';
import { createDb } from '$lib/server/db/connect';
import { inTransaction } from '$lib/server/db/errors';
import { DEFAULT_CRITERIA } from '$lib/rounds/criteria';
import { proposalFieldsSchema } from '$lib/validation/proposal';

// Faults the operator cannot prevent — a full disk, a dropped PostgreSQL connection, a
// serialization failure — answer a localised 503 "try again", write nothing, and leave the app
// able to serve the same request once the fault is gone.
const ORIGIN = 'http://mufakat.test';
const postgres = /^postgres/.test(process.env.DATABASE_URL ?? '');
const PEOPLE = 120;

let t: TestDb;
const raters: { id: number; user: SessionUser; cookie: string; nip: string }[] = [];
let facilitator: number;
let ratingRound: { roundId: number; indicatorIds: number[] };
let discussion: { roundId: number; indicatorIds: number[] };
let proposing: { roundId: number; indicatorIds: number[] };
let surveyId: number;
let server: Server;
let base: string;

const count = async (
	table: 'rating_ballot' | 'comment' | 'indicator' | 'survey_response' | 'session'
) =>
	Number(
		(
			await t.db
				.selectFrom(table)
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);

/** What a write answered: 'ok', or the status and message of the HTTP error it threw. */
async function outcome(
	write: () => Promise<unknown>
): Promise<'ok' | { status: number; message: string }> {
	try {
		await write();
		return 'ok';
	} catch (e) {
		if (isHttpError(e)) return { status: e.status, message: e.body.message };
		throw e;
	}
}

/**
 * Fills the database up by repeating a real write (a different one each time) with SQLite's
 * `max_page_count` held at the current size, until the disk is "full". That write must be a 503
 * that left no row behind; with room again, the very same write succeeds.
 */
async function fillUntilRefused(
	rows: () => Promise<number>,
	write: (i: number) => Promise<'ok' | { status: number; message: string }>
) {
	const sqlite = sqliteOf(t.db)!;
	const cap = (pages: number) => sqlite.pragma(`max_page_count = ${pages}`);
	cap(Number(sqlite.pragma('page_count', { simple: true })));
	try {
		for (let i = 0; i < PEOPLE; i++) {
			const before = await rows();
			const answer = await write(i);
			if (answer === 'ok') continue;
			expect(answer).toEqual({ status: 503, message: m.error_db_unavailable() });
			expect(await rows()).toBe(before);
			cap(1_073_741_823);
			expect(await write(i)).toBe('ok');
			expect(await rows()).toBeGreaterThan(before);
			return;
		}
		throw new Error('the database never filled up');
	} finally {
		cap(1_073_741_823);
	}
}

const ratingForm = (iteration = '0') =>
	new URLSearchParams({
		iteration,
		...Object.fromEntries(DEFAULT_CRITERIA.map((c) => [`c_${c.key}`, '4']))
	});

beforeAll(async () => {
	t = await createTestDb();
	const root = await makeUnit(t.db, { kind: 'pemda' });
	const opd = await makeUnit(t.db, { parentId: root });
	facilitator = (await makePerson(t.db, { unitId: opd, roles: ['asn', 'facilitator'] })).id;
	for (let i = 0; i < PEOPLE; i++) {
		const p = await makePerson(t.db, { unitId: opd });
		const token = await createSession(t.db, p.id);
		const session = await validateSessionToken(t.db, token);
		raters.push({ id: p.id, user: session!.user, cookie: `mufakat_session=${token}`, nip: p.nip });
	}
	const spec = {
		createdBy: facilitator,
		authorId: facilitator,
		authorUnitId: opd,
		scope: { units: [{ id: opd, descendants: true }], positionTypes: [] }
	};
	ratingRound = await createRatingRound(t.db, { ...spec, title: 'Penuh', indicators: ['A', 'B'] });
	discussion = await createRatingRound(t.db, {
		...spec,
		title: 'Diskusi',
		phase: 'discussing',
		indicators: ['Dibahas']
	});
	proposing = await createRatingRound(t.db, {
		...spec,
		title: 'Usulan',
		phase: 'proposing',
		indicators: ['Awal']
	});
	const t0 = new Date();
	surveyId = await createSurvey(
		t.db,
		facilitator,
		{
			title: 'Survei keadilan',
			description: '',
			period: '2026',
			opensAt: new Date(t0.getTime() + 60_000).toISOString(),
			closesAt: new Date(t0.getTime() + 86_400_000).toISOString(),
			minGroupSize: 5,
			'units[]': [opd],
			'positionTypes[]': [],
			builtin: true
		},
		t0
	);
	await changeSchedule(t.db, facilitator, surveyId, 'openNow', t0);

	const lane = createRatingFastLane(t.db, ORIGIN);
	server = createServer((req, res) => {
		if (!lane(req, res, () => res.writeHead(299).end())) res.writeHead(299).end();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await new Promise((resolve) => server?.close(resolve));
	await t?.destroy();
});

describe.runIf(!postgres)(
	'a full disk (SQLite max_page_count) is a 503 that writes nothing',
	() => {
		it('rating through SvelteKit (the page action)', async () => {
			await fillUntilRefused(
				() => count('rating_ballot'),
				(i) =>
					outcome(() =>
						rateFromForm(
							t.db,
							raters[i].user,
							ratingRound.roundId,
							ratingRound.indicatorIds[0],
							ratingForm()
						)
					)
			);
		});

		it('rating through the fast lane: 503 with Retry-After and the localised message', async () => {
			await fillUntilRefused(
				() => count('rating_ballot'),
				async (i) => {
					const r = await fetch(
						`${base}/ratings/${ratingRound.roundId}/${ratingRound.indicatorIds[1]}?/rate`,
						{
							method: 'POST',
							headers: {
								origin: ORIGIN,
								'content-type': 'application/x-www-form-urlencoded',
								'x-sveltekit-action': 'true',
								cookie: raters[i].cookie
							},
							body: ratingForm().toString()
						}
					);
					const body = await r.json();
					if (r.status === 200) return 'ok';
					expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
					return { status: r.status, message: body.error.message };
				}
			);
		});

		it('comments', async () => {
			await fillUntilRefused(
				() => count('comment'),
				(i) =>
					outcome(() =>
						addComment(t.db, { id: raters[i].id, roles: ['asn'] }, discussion.indicatorIds[0], {
							body: `Komentar ${i}: ` + 'data layanan '.repeat(20),
							stance: 'neutral',
							parentId: null,
							clientToken: `fault-comment-token-${i}`
						})
					)
			);
		});

		it('proposals', async () => {
			const fields = proposalFieldsSchema.parse({
				name: 'Persentase berkas selesai tepat waktu',
				definition: 'Bagian berkas yang selesai paling lambat satu hari kerja sejak lengkap.',
				formula: 'Selesai tepat waktu / seluruh berkas × 100%',
				unit_of_measure: 'persen',
				target: '95%',
				baseline: '80%',
				data_source: 'SIAK',
				frequency: 'bulanan',
				perspective: 'penerima_layanan',
				aspect: 'waktu',
				kind: 'hasil_kerja',
				unit_goal: 'Renstra: layanan cepat',
				fairness_rationale: 'Semua petugas memakai sistem yang sama.'
			});
			await fillUntilRefused(
				() => count('indicator'),
				(i) =>
					outcome(() =>
						createProposal(
							t.db,
							{ id: raters[i].id, roles: ['asn'] },
							proposing.roundId,
							{ ...fields, name: `${fields.name} ${i}` },
							{ clientToken: `fault-proposal-token-${i}`, confirmUnique: true }
						)
					)
			);
		});

		it('survey answers', async () => {
			const items = await getItems(t.db, surveyId);
			const answers = Object.fromEntries(
				items.filter((it) => it.kind === 'likert').map((it) => [fieldName(it.id), '4'])
			);
			await fillUntilRefused(
				() => count('survey_response'),
				async (i) => {
					const r = await outcome(() => submitResponse(t.db, surveyId, raters[i].id, answers));
					return r;
				}
			);
		});

		it('login', async () => {
			await fillUntilRefused(
				() => count('session'),
				(i) =>
					outcome(async () => {
						const r = await login(t.db, {
							nip: raters[i].nip,
							password: TEST_PASSWORD,
							address: '10.0.0.1'
						});
						expect(r.ok).toBe(true);
					})
			);
		});
	}
);

describe.runIf(postgres)('PostgreSQL faults are a 503 and the pool recovers', () => {
	// Terminating runs on a connection of its own, never on one of the pool under test.
	const terminate = async (pid: number) => {
		const admin = createDb(process.env.DATABASE_URL!, { poolSize: 1 });
		try {
			await sql`select pg_terminate_backend(${pid})`.execute(admin);
		} finally {
			await admin.destroy();
		}
	};

	it('a connection terminated in the middle of a transaction', async () => {
		await sql`create table if not exists fault_probe (id serial primary key, n integer not null)`.execute(
			t.db
		);
		const answer = await outcome(() =>
			inTransaction(t.db, async (trx) => {
				await sql`insert into fault_probe (n) values (1)`.execute(trx);
				const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
				await terminate(rows[0].pid);
				await sql`select 1`.execute(trx);
			})
		);
		expect(answer).toEqual({ status: 503, message: m.error_db_unavailable() });
		const { rows } = await sql<{ n: number }>`select count(*)::int as n from fault_probe`.execute(
			t.db
		);
		expect(rows[0].n).toBe(0);
	});

	it('idle connections dropped by the server do not stop the app', async () => {
		const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(t.db);
		await terminate(rows[0].pid);
		await new Promise((r) => setTimeout(r, 200));
		for (let i = 0; i < 6; i++) {
			const r = await sql<{ one: number }>`select 1 as one`.execute(t.db);
			expect(r.rows[0].one).toBe(1);
		}
	});

	it('a serialization failure between two transactions', async () => {
		await sql`create table if not exists fault_skew (id serial primary key, n integer not null)`.execute(
			t.db
		);
		let arrived = 0;
		let open!: () => void;
		const bothRead = new Promise<void>((r) => (open = r));
		const writer = () =>
			outcome(() =>
				inTransaction(t.db, async (trx) => {
					await sql`set transaction isolation level serializable`.execute(trx);
					const { rows } = await sql<{
						n: number;
					}>`select count(*)::int as n from fault_skew`.execute(trx);
					if (++arrived === 2) open();
					await bothRead;
					await sql`insert into fault_skew (n) values (${rows[0].n})`.execute(trx);
				})
			);
		const answers = await Promise.all([writer(), writer()]);
		expect(answers).toContainEqual('ok');
		expect(answers).toContainEqual({ status: 503, message: m.error_db_unavailable() });
		const { rows } = await sql<{ n: number }>`select count(*)::int as n from fault_skew`.execute(
			t.db
		);
		expect(rows[0].n).toBe(1);
	});
});
