import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import type { SessionUser } from '$lib/server/auth/session';
import type { Role } from '$lib/roles';
import { createRatingRound } from '$lib/server/ratings/fixture';
import { submitBallot } from '$lib/server/ratings/ballots';
import { closeRating } from '$lib/server/ratings/delphi';
import { computeResults } from '$lib/server/ratings/results';
import { transitionRound } from '$lib/server/rounds/phase';
import { RuleError } from '$lib/server/rounds/errors';
import { DEFAULT_CRITERIA } from '$lib/rounds/criteria';
import {
	FAIRNESS_CRITERION,
	indicatorFairness,
	indicatorFairnessCsv,
	surveyIndicatorFairness,
	type IndicatorFairness
} from '$lib/server/surveys/indicator-fairness';
import { linkRound } from '$lib/server/surveys/edit';
import { createSurvey, getSurvey, SurveyError } from '$lib/server/surveys/surveys';

let t: TestDb;
let opdA: number;
let opdB: number;
let opdC: number;
const people: Record<string, { id: number; unitId: number; roles: Role[] }[]> = {
	a: [],
	b: [],
	c: []
};
let facilitator: { id: number; unitId: number; roles: Role[] };
let leader: { id: number; unitId: number; roles: Role[] };
let outsider: { id: number; unitId: number; roles: Role[] };
let roundId: number;
let indicators: number[];

const KEYS = DEFAULT_CRITERIA.map((c) => c.key);

function asUser(p: {
	id: number;
	unitId: number;
	roles: Role[];
	positionType?: string;
}): SessionUser {
	return {
		id: p.id,
		nip: '',
		fullName: '',
		orgUnitId: p.unitId,
		positionType: p.positionType ?? 'pelaksana',
		roles: p.roles,
		mustChangePassword: false,
		locale: null
	};
}

async function person(unitId: number, roles: Role[] = ['asn'], positionType = 'pelaksana') {
	const p = await makePerson(t.db, { unitId, roles, positionType });
	return { id: p.id, unitId, roles };
}

/** Rates an indicator: every criterion 3, fairness `fairness` (null = cannot judge). */
async function rate(personId: number, indicatorId: number, fairness: number | null) {
	const scores = Object.fromEntries(KEYS.map((k) => [k, 3])) as Record<string, number | null>;
	scores[FAIRNESS_CRITERION] = fairness;
	await submitBallot(t.db, { roundId, personId, indicatorId, iteration: 0, scores });
}

async function refusal(p: Promise<unknown>): Promise<RuleError> {
	try {
		await p;
	} catch (e) {
		if (e instanceof RuleError) return e;
		throw e;
	}
	throw new Error('expected a refusal');
}

function visible(f: IndicatorFairness | null) {
	if (!f || f.state !== 'visible') throw new Error(`expected visible results, got ${f?.state}`);
	return f;
}

beforeAll(async () => {
	t = await createTestDb();
	const root = await makeUnit(t.db, { kind: 'pemda' });
	opdA = await makeUnit(t.db, { parentId: root });
	opdB = await makeUnit(t.db, { parentId: root });
	opdC = await makeUnit(t.db, { parentId: root });
	const hr = await makeUnit(t.db, { parentId: root });
	const other = await makeUnit(t.db, { parentId: root });
	for (let i = 0; i < 8; i++) people.a.push(await person(opdA));
	// Three officials: a group below k = 5, which nothing may reveal.
	for (let i = 0; i < 3; i++) people.b.push(await person(opdB, ['asn'], 'administrator'));
	for (let i = 0; i < 6; i++) people.c.push(await person(opdC));
	facilitator = await person(hr, ['asn', 'facilitator']);
	leader = await person(hr, ['asn', 'leader']);
	// Regency-wide, so the round's results are within the leader's scope (issue #14, item 7).
	await t.db
		.insertInto('leader_scope')
		.values({ person_id: leader.id, org_unit_id: root, granted_by: null, granted_at: '2026-01-01' })
		.execute();
	outsider = await person(other);
	const r = await createRatingRound(t.db, {
		title: 'Uji keadilan indikator',
		createdBy: facilitator.id,
		authorId: facilitator.id,
		authorUnitId: hr,
		scope: {
			units: [opdA, opdB, opdC].map((id) => ({ id, descendants: true })),
			positionTypes: []
		},
		indicators: ['Waktu layanan', 'Akurasi data', 'Inovasi']
	});
	roundId = r.roundId;
	indicators = r.indicatorIds;
	// Indicator 0: everyone rates. OPD A finds it fair (5), B unfair (1), C in between (3); one
	// person in A cannot judge.
	for (const [i, p] of people.a.entries()) await rate(p.id, indicators[0], i === 0 ? null : 5);
	for (const p of people.b) await rate(p.id, indicators[0], 1);
	for (const p of people.c) await rate(p.id, indicators[0], 3);
	// Indicator 1: only three people rate it, fewer than k.
	for (const p of people.a.slice(0, 3)) await rate(p.id, indicators[1], 2);
	// Indicator 2: OPD A and C only, all fair.
	for (const p of [...people.a, ...people.c]) await rate(p.id, indicators[2], 4);
});

afterAll(() => t.destroy());

describe('before the rating phase closes', () => {
	it('a facilitator and a leader see only how many have rated, as far as a live count may say', async () => {
		for (const u of [facilitator, leader]) {
			const f = await indicatorFairness(t.db, roundId, asUser(u));
			// 17 have rated, but while rating is open a count is a round-wide band of at least ten
			// people, and a scope this small has room for only one band: no number at all.
			expect(f).toEqual({
				state: 'not_yet',
				round: { id: roundId, title: 'Uji keadilan indikator', phase: 'rating' },
				participation: [
					{ iteration: 0, live: true, raters: null, band: null, eligible: expect.any(Number) }
				]
			});
		}
	});

	it('a participant sees not even the counts', async () => {
		const f = await indicatorFairness(t.db, roundId, asUser(people.a[0]));
		expect(f.state).toBe('not_yet');
		expect(f).toMatchObject({ participation: null });
		expect(JSON.stringify(f)).not.toMatch(/mean|counts/);
	});

	it('no CSV of figures exists yet, for anyone', async () => {
		const e = await refusal(indicatorFairnessCsv(t.db, roundId, asUser(facilitator)));
		expect(e.status).toBe(409);
	});

	it('someone neither in scope nor a steward is refused', async () => {
		const e = await refusal(indicatorFairness(t.db, roundId, asUser(outsider)));
		expect(e.status).toBe(403);
	});
});

describe('after the rating phase closes', () => {
	beforeAll(async () => {
		await closeRating(t.db, roundId, facilitator.id);
	});

	it('shows each indicator’s fairness with the same figures and suppression as the ratings results', async () => {
		const f = visible(await indicatorFairness(t.db, roundId, asUser(facilitator)));
		expect(f.k).toBe(5);
		const byId = new Map(f.indicators.map((i) => [i.id, i]));

		const first = byId.get(indicators[0])!;
		expect(first.shown).toBe(true);
		expect(first.raters).toBe(17);
		expect(first.figures).toMatchObject({
			n: 16,
			cannotJudge: 1,
			counts: [3, 0, 6, 0, 7],
			median: 3,
			pctAgree: (7 / 16) * 100,
			pctDisagree: (3 / 16) * 100
		});
		expect(first.figures!.mean).toBeCloseTo((3 * 1 + 6 * 3 + 7 * 5) / 16, 10);

		// OPD B (3 raters) is hidden; so is the next-smallest OPD, or B = total − A − C. Neither
		// is listed at all.
		const opd = new Map(first.groups.opd.map((g) => [g.id, g]));
		expect([...opd.keys()]).toEqual([String(opdA)]);
		expect(opd.get(String(opdA))!.figures).toMatchObject({ n: 7, cannotJudge: 1, median: 5 });
		// Administrators are the three of OPD B: hidden, and pelaksana with them (total − it).
		expect(first.groups.position_type).toEqual([]);
		expect(f.opdNames[String(opdB)]).toBeUndefined();
		// Nothing anywhere carries B's score of 1 as a group figure.
		for (const g of [...first.groups.opd, ...first.groups.position_type]) {
			if (g.figures) expect(g.figures.counts[0]).toBe(0);
		}

		// Fewer than k raters: no figure at all, and no group either.
		const second = byId.get(indicators[1])!;
		expect(second).toMatchObject({ shown: false, raters: null, figures: null });
		expect([...second.groups.opd, ...second.groups.position_type]).toEqual([]);

		// The same numbers the ratings module publishes for the fairness criterion.
		const round = await t.db
			.selectFrom('round')
			.selectAll()
			.where('id', '=', roundId)
			.executeTakeFirstOrThrow();
		const ratings = await computeResults(t.db, round);
		for (const ind of ratings.indicators) {
			const mine = byId.get(ind.id)!;
			const theirs = ind.final.criteria.find((c) => c.key === FAIRNESS_CRITERION)?.dist ?? null;
			expect(mine.figures?.mean ?? null).toBe(theirs?.mean ?? null);
			expect(mine.figures?.counts ?? null).toEqual(theirs?.counts ?? null);
			expect(mine.groups.opd.map((g) => g.id)).toEqual(ind.groups.opd.map((g) => g.id));
		}
		// Least fair first; the hidden indicator last.
		expect(f.indicators.map((i) => i.id)).toEqual([indicators[0], indicators[2], indicators[1]]);
	});

	it('exports the same figures as CSV, suppressed groups without a number', async () => {
		const body = await indicatorFairnessCsv(t.db, roundId, asUser(leader));
		const lines = body
			.replace(/^\uFEFF/, '')
			.trim()
			.split('\r\n');
		expect(lines[0].split(';').slice(0, 7)).toEqual([
			'indicator_id',
			'indicator',
			'breakdown',
			'group',
			'status',
			'raters',
			'scored'
		]);
		const cells = lines.map((l) => l.split(';'));
		const total = cells.find((c) => c[0] === String(indicators[0]) && c[2] === 'all')!;
		expect(total.slice(4, 8)).toEqual(['shown', '17', '16', '1']);
		// Only shown groups have rows: the small OPD B is not named anywhere in the export.
		const opdRows = cells.filter((c) => c[0] === String(indicators[0]) && c[2] === 'opd');
		expect(opdRows.map((c) => c[4])).toEqual(['shown']);
		const hidden = cells.find((c) => c[0] === String(indicators[1]) && c[2] === 'all')!;
		expect(hidden.slice(4).every((x) => x === '' || x === 'suppressed')).toBe(true);
	});

	it('participants still see nothing until the results are published', async () => {
		const before = await indicatorFairness(t.db, roundId, asUser(people.c[0]));
		expect(before).toMatchObject({ state: 'not_yet', participation: null });
		await transitionRound(t.db, roundId, 'published', facilitator.id);
		const after = visible(await indicatorFairness(t.db, roundId, asUser(people.c[0])));
		expect(after.indicators.find((i) => i.id === indicators[0])!.figures!.n).toBe(16);
		const e = await refusal(indicatorFairness(t.db, roundId, asUser(outsider)));
		expect(e.status).toBe(403);
	});

	it('a round that does not rate fairness says so', async () => {
		const r = await createRatingRound(t.db, {
			title: 'Tanpa kriteria keadilan',
			createdBy: facilitator.id,
			authorId: facilitator.id,
			authorUnitId: opdA,
			scope: { units: [], positionTypes: [] },
			indicators: ['Satu'],
			criteria: DEFAULT_CRITERIA.filter((c) => c.key !== FAIRNESS_CRITERION),
			phase: 'closed'
		});
		const f = await indicatorFairness(t.db, r.roundId, asUser(facilitator));
		expect(f.state).toBe('no_criterion');
	});
});

describe('linking a survey to a round', () => {
	it('links, unlinks and refuses a round that does not exist, each change audited', async () => {
		const surveyId = await createSurvey(t.db, facilitator.id, {
			title: 'Survei dengan putaran',
			description: '',
			period: '2026',
			opensAt: '2026-01-01T00:00:00.000Z',
			closesAt: '2026-02-01T00:00:00.000Z',
			minGroupSize: 5,
			'units[]': [],
			'positionTypes[]': [],
			builtin: true
		});
		const survey = (await getSurvey(t.db, surveyId))!;
		expect(await surveyIndicatorFairness(t.db, survey, asUser(facilitator))).toBeNull();

		await linkRound(t.db, facilitator.id, surveyId, roundId);
		const linked = (await getSurvey(t.db, surveyId))!;
		expect(linked.round_id).toBe(roundId);
		const f = visible(await surveyIndicatorFairness(t.db, linked, asUser(leader)));
		expect(f.round.id).toBe(roundId);

		await expect(linkRound(t.db, facilitator.id, surveyId, 999_999)).rejects.toThrow(SurveyError);
		expect((await getSurvey(t.db, surveyId))!.round_id).toBe(roundId);

		await linkRound(t.db, facilitator.id, surveyId, null);
		expect((await getSurvey(t.db, surveyId))!.round_id).toBeNull();
		const audit = await t.db
			.selectFrom('audit_log')
			.select(['action', 'before_json', 'after_json'])
			.where('action', '=', 'survey.round.link')
			.where('object_id', '=', String(surveyId))
			.orderBy('id')
			.execute();
		expect(audit.map((a) => JSON.parse(a.after_json!))).toEqual([{ roundId }, { roundId: null }]);
	});

	it('the database itself refuses a link to a round that does not exist', async () => {
		const any = await t.db.selectFrom('survey').select('id').executeTakeFirstOrThrow();
		await expect(
			t.db.updateTable('survey').set({ round_id: 987_654 }).where('id', '=', any.id).execute()
		).rejects.toThrow();
	});
});
