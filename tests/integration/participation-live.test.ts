import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';

/*
 * Counts during a round (README, "Privacy": counts during a round). While rating or a Delphi
 * iteration is open, no figure on the dashboard, its CSV, the API, the manage page or a survey's
 * pages may move with one person's action, and none may say that a unit took part to a person;
 * after the close, per-unit counts follow the k rule without a single hidden unit. The API and
 * public routes are called through their real handlers, on this test's database.
 */
const app = vi.hoisted(() => ({ db: undefined as unknown as Kysely<Database> }));
vi.mock('$lib/server/db', () => ({
	get db() {
		return app.db;
	}
}));

const { GET: participationApi } = await import('../../src/routes/api/v1/participation/+server');
const { GET: roundApi } = await import('../../src/routes/api/v1/rounds/[id=id]/+server');
const { load: publicLoad } = await import('../../src/routes/public/+page.server');
const { participationByOpd } = await import('$lib/server/dashboard');
const { dashboardCsv } = await import('$lib/server/dashboard/csv');
const { roundParticipation, surveyParticipation } =
	await import('$lib/server/disclosure/participation');
const { delphiChanges } = await import('$lib/server/ratings/stability');
const { createRatingRound } = await import('$lib/server/ratings/fixture');
const { submitBallot } = await import('$lib/server/ratings/ballots');
const { closeRating, openDelphi } = await import('$lib/server/ratings/delphi');
const { getRound, transitionRound } = await import('$lib/server/rounds/phase');
const { issueApiToken } = await import('$lib/server/api/tokens');
const { setPublicPage } = await import('$lib/server/criteria/public-page');
const { changeSchedule, createSurvey, getItems, getSurvey } =
	await import('$lib/server/surveys/surveys');
const { fieldName, submitResponse } = await import('$lib/server/surveys/responses');
const { DEFAULT_CRITERIA } = await import('$lib/rounds/criteria');

let t: TestDb;
let token: string;
let facilitator: number;
const unit: Record<string, number> = {};
const staff: Record<string, number[]> = { A: [], B: [], C: [], D: [], E: [] };
const KEYS = DEFAULT_CRITERIA.map((c) => c.key);
const all = (s: number) => Object.fromEntries(KEYS.map((k) => [k, s]));

/** The handlers read only the request and the route parameters. */
type Handler = (event: { request: Request; params: Record<string, string> }) => Promise<Response>;

async function api(handler: unknown, params: Record<string, string> = {}) {
	const request = new Request('http://localhost/api/v1/x', {
		headers: { authorization: `Bearer ${token}` }
	});
	const res = await (handler as Handler)({ request, params });
	return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
	t = await createTestDb();
	app.db = t.db;
	unit.root = await makeUnit(t.db, { kind: 'pemda', code: 'ROOT' });
	for (const name of ['A', 'B', 'C', 'D', 'E', 'F']) {
		unit[name] = await makeUnit(t.db, { parentId: unit.root, code: name, name: `Dinas ${name}` });
	}
	const sizes: Record<string, number> = { A: 20, B: 14, C: 3, D: 20, E: 40 };
	for (const [name, n] of Object.entries(sizes)) {
		for (let i = 0; i < n; i++)
			staff[name].push((await makePerson(t.db, { unitId: unit[name] })).id);
	}
	facilitator = (await makePerson(t.db, { unitId: unit.F, roles: ['asn', 'facilitator', 'admin'] }))
		.id;
	token = (
		await issueApiToken(t.db, facilitator, {
			name: 'Dasbor provinsi',
			scopes: ['participation', 'results']
		})
	).token;
});
afterAll(() => t.destroy());

describe('rating participation', () => {
	let roundId: number;
	let indicatorId: number;
	const rate = (personId: number, score = 4) =>
		submitBallot(t.db, { roundId, personId, indicatorId, iteration: 0, scores: all(score) });
	/** Everything a facilitator, leader or other system can read about participation now. */
	async function everything() {
		const round = await getRound(t.db, roundId);
		return {
			dashboard: await participationByOpd(t.db, roundId),
			csv: await dashboardCsv(t.db, 'participation', { roundId, opdId: null }),
			api: await api(participationApi),
			manage: await roundParticipation(t.db, round)
		};
	}

	beforeAll(async () => {
		({
			roundId,
			indicatorIds: [indicatorId]
		} = await createRatingRound(t.db, {
			title: 'Putaran partisipasi',
			createdBy: facilitator,
			authorId: facilitator,
			authorUnitId: unit.F,
			scope: {
				units: ['A', 'B', 'C', 'D', 'F'].map((u) => ({ id: unit[u], descendants: true })),
				positionTypes: []
			},
			indicators: ['Indikator partisipasi']
		}));
	});

	it('while rating is open, shows a round-wide band only, which no single ballot moves', async () => {
		const before = await everything();
		// 20 + 14 + 3 + 20 + 1 eligible: five bands of ten, the last one 40–58.
		expect(before.dashboard).toMatchObject({
			live: true,
			liveRaters: { from: 0, to: 9, of: 58 }
		});
		await rate(staff.B[0]);
		// One person rated in Dinas B: nothing anyone can read has changed.
		expect(await everything()).toEqual(before);
		for (const p of staff.A.slice(0, 9)) await rate(p);
		const now = await everything();
		expect(now.dashboard.liveRaters).toEqual({ from: 10, to: 19, of: 58 });
		for (const row of now.dashboard.rows) {
			expect(row.raters).toBeNull();
			expect(row.rate).toBeNull();
		}
		const apiRound = now.api.body.rounds.find(
			(r: { round: { id: number } }) => r.round.id === roundId
		);
		expect(apiRound).toMatchObject({ live: true, liveRaters: { from: 10, to: 19, of: 58 } });
		expect(apiRound.opds.every((o: { raters: number | null }) => o.raters === null)).toBe(true);
		expect(now.manage).toEqual([
			{ iteration: 0, live: true, raters: null, band: { from: 10, to: 19, of: 58 }, eligible: 58 }
		]);
		// The CSV's raters and rate columns are empty for every unit.
		const lines = now.csv!.trim().split('\r\n').slice(1);
		expect(lines.length).toBeGreaterThan(0);
		for (const line of lines) expect(line.split(',').slice(3, 4)).toEqual(['']);
	});

	it('after the close, shows a unit only with k raters and k non-raters, never one hidden alone', async () => {
		// A: 12 of 20 rated; B: all 14; C: none of 3; D: 8 of 20.
		for (const p of staff.A.slice(9, 12)) await rate(p);
		for (const p of staff.B.slice(1)) await rate(p);
		for (const p of staff.D.slice(0, 8)) await rate(p);
		await closeRating(t.db, roundId, facilitator);
		const p = await participationByOpd(t.db, roundId);
		const row = (code: string) => p.rows.find((r) => r.code === code)!;
		expect(p.live).toBe(false);
		expect(row('A')).toMatchObject({ raters: 12, rate: 60 });
		// B at 100 % would say that each of its people rated.
		expect(row('B')).toMatchObject({ raters: null, rate: null });
		expect(row('C')).toMatchObject({ raters: null, rate: null, suppressed: true });
		// B and C together (14 of 17) would still leave fewer than k non-raters, so D is hidden
		// too, and B + C + D (22 of 37) cannot be split.
		expect(row('D')).toMatchObject({ raters: null, rate: null });
		const apiRound = (await api(participationApi)).body.rounds.find(
			(r: { round: { id: number } }) => r.round.id === roundId
		);
		expect(apiRound.live).toBe(false);
		expect(
			Object.fromEntries(
				apiRound.opds.map((o: { code: string; raters: number | null }) => [o.code, o.raters])
			)
		).toEqual({ A: 12, B: null, C: null, D: null, F: null });
		const csv = (await dashboardCsv(t.db, 'participation', { roundId, opdId: null }))!;
		const cells = Object.fromEntries(
			csv
				.trim()
				.split('\r\n')
				.slice(1)
				.map((line) => line.split(','))
				.map((c) => [c[0], { raters: c[3], rate: c[5] }])
		);
		expect(cells.A).toEqual({ raters: '12', rate: '60' });
		for (const code of ['B', 'C', 'D']) expect(cells[code]).toEqual({ raters: '', rate: '' });
	});

	it('serves results through the API only once published, and the public page agrees', async () => {
		const closed = await api(roundApi, { id: String(roundId) });
		expect(closed.status).toBe(409);
		expect(closed.body.error).toBe('api_error_results_not_published');
		expect(JSON.stringify(closed.body)).not.toContain('indicators');
		await transitionRound(t.db, roundId, 'published', facilitator);
		const published = await api(roundApi, { id: String(roundId) });
		expect(published.status).toBe(200);
		expect(published.body.indicators).toHaveLength(1);

		await setPublicPage(t.db, facilitator, true);
		const page = (await (publicLoad as () => Promise<{ participation: unknown[] }>)()) as {
			participation: { round: { id: number }; rows: { name: string; raters: number | null }[] }[];
		};
		const shown = page.participation.find((r) => r.round.id === roundId)!;
		expect(Object.fromEntries(shown.rows.map((r) => [r.name, r.raters]))).toEqual({
			'Dinas A': 12,
			'Dinas B': null,
			'Dinas C': null,
			'Dinas D': null,
			'Dinas F': null
		});
	});
});

describe('Delphi counts on the manage page', () => {
	it('give only a banded share while the iteration is open, exact figures once closed', async () => {
		const { roundId, indicatorIds } = await createRatingRound(t.db, {
			title: 'Delphi partisipasi',
			createdBy: facilitator,
			authorId: facilitator,
			authorUnitId: unit.E,
			scope: { units: [{ id: unit.E, descendants: true }], positionTypes: [] },
			indicators: ['I1', 'I2', 'I3', 'I4', 'I5']
		});
		const vote = (personId: number, indicatorId: number, iteration: number, score: number) =>
			submitBallot(t.db, { roundId, personId, indicatorId, iteration, scores: all(score) });
		const first = (i: number) => (i % 2 ? 1 : 5);
		for (const [i, p] of staff.E.entries())
			for (const x of indicatorIds) await vote(p, x, 0, first(i));
		await openDelphi(t.db, roundId, facilitator);
		const look = async () => {
			const round = await getRound(t.db, roundId);
			return {
				changes: await delphiChanges(t.db, round),
				participation: await roundParticipation(t.db, round)
			};
		};
		const before = await look();
		// Everyone rated in iteration 0: 40 of 40 is not shown, though that iteration is closed.
		expect(before.participation[0]).toMatchObject({ iteration: 0, live: false, raters: null });
		// The first person back changes all five ratings: nothing on the page moves.
		for (const x of indicatorIds) await vote(staff.E[0], x, 1, 3);
		expect(await look()).toEqual(before);

		// Ten people in all change their ratings, thirty keep them: 50 of 200 ratings, 25 %.
		for (const [i, p] of staff.E.entries()) {
			if (i === 0) continue;
			for (const x of indicatorIds) await vote(p, x, 1, i < 10 ? 3 : first(i));
		}
		const [live] = (await look()).changes;
		expect(live).toMatchObject({
			iteration: 1,
			live: true,
			liveShare: { fromPct: 25, toPct: 30 },
			stable: false,
			paired: null,
			changed: null
		});
		expect(live.indicators.every((i) => i.paired === null && i.changed === null)).toBe(true);

		await closeRating(t.db, roundId, facilitator);
		const [closed] = (await look()).changes;
		expect(closed).toMatchObject({ live: false, paired: 200, changed: 50, complete: true });
		expect(closed.indicators.map((i) => [i.paired, i.changed])).toEqual(
			indicatorIds.map(() => [40, 10])
		);
	});
});

describe('survey participation', () => {
	it('is a band while the survey is open, and exact once it has closed', async () => {
		const t0 = new Date('2026-03-01T01:00:00Z');
		const during = new Date(t0.getTime() + 3_600_000);
		const after = new Date(t0.getTime() + 48 * 3_600_000);
		const id = await createSurvey(
			t.db,
			facilitator,
			{
				title: 'Survei keadilan',
				description: '',
				period: '2026',
				opensAt: new Date(t0.getTime() + 600_000).toISOString(),
				closesAt: new Date(t0.getTime() + 24 * 3_600_000).toISOString(),
				minGroupSize: 5,
				'units[]': [unit.A, unit.B, unit.C, unit.D, unit.F],
				'positionTypes[]': [],
				builtin: true
			},
			t0
		);
		await changeSchedule(t.db, facilitator, id, 'openNow', t0);
		const items = await getItems(t.db, id);
		const answers = Object.fromEntries(
			items.filter((i) => i.kind === 'likert').map((i) => [fieldName(i.id), '4'])
		);
		const seen = async (now: Date) =>
			surveyParticipation(t.db, (await getSurvey(t.db, id))!, 58, now);
		const before = await seen(during);
		expect(before).toEqual({ live: true, respondents: null, band: { from: 0, to: 9, of: 58 } });
		expect(await submitResponse(t.db, id, staff.A[0], answers, during)).toEqual({ ok: true });
		expect(await seen(during)).toEqual(before);
		expect(await seen(after)).toEqual({ live: false, respondents: 1, band: null });
	});
});
