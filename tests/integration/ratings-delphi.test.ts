import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import { createRatingRound } from '$lib/server/ratings/fixture';
import { submitBallot } from '$lib/server/ratings/ballots';
import { resultsNow } from '../helpers/results';
import { closeRating, maxDelphiIterations, openDelphi } from '$lib/server/ratings/delphi';
import { delphiChanges } from '$lib/server/ratings/stability';
import { ratingContext } from '$lib/server/ratings/context';
import { RuleError } from '$lib/server/rounds/errors';
import { DEFAULT_CONSENSUS_RULE, DEFAULT_CRITERIA, type ConsensusRule } from '$lib/rounds/criteria';
import type { Round } from '$lib/server/db/schema/rounds';

let t: TestDb;
let opdA: number;
let opdB: number;
let facilitator: number;
/** 12 pelaksana in OPD A. */
const staff: number[] = [];
/** 3 administrators in OPD B. */
const officials: number[] = [];

const KEYS = DEFAULT_CRITERIA.map((c) => c.key);
const all = (s: number | null) => Object.fromEntries(KEYS.map((k) => [k, s]));

async function refusal(p: Promise<unknown>): Promise<RuleError> {
	try {
		await p;
	} catch (e) {
		if (e instanceof RuleError) return e;
		throw e;
	}
	throw new Error('expected a refusal');
}

async function roundRow(id: number): Promise<Round> {
	return t.db.selectFrom('round').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

let roundCounter = 0;
async function makeRound(
	rule: Partial<ConsensusRule>,
	names = ['Indikator X', 'Indikator Y'],
	k = 5
) {
	roundCounter++;
	return createRatingRound(t.db, {
		title: `Delphi uji ${roundCounter}`,
		createdBy: facilitator,
		authorId: facilitator,
		authorUnitId: opdA,
		scope: {
			units: [
				{ id: opdA, descendants: true },
				{ id: opdB, descendants: true }
			],
			positionTypes: []
		},
		indicators: names,
		rule: { ...DEFAULT_CONSENSUS_RULE, ...rule },
		k
	});
}

const rate = (
	roundId: number,
	personId: number,
	indicatorId: number,
	score: number | null,
	iteration = 0
) => submitBallot(t.db, { roundId, personId, indicatorId, iteration, scores: all(score) });

beforeAll(async () => {
	t = await createTestDb();
	const root = await makeUnit(t.db, { kind: 'pemda' });
	opdA = await makeUnit(t.db, { parentId: root });
	opdB = await makeUnit(t.db, { parentId: root });
	facilitator = (await makePerson(t.db, { unitId: opdA, roles: ['asn', 'facilitator'] })).id;
	for (let i = 0; i < 12; i++) staff.push((await makePerson(t.db, { unitId: opdA })).id);
	for (let i = 0; i < 3; i++) {
		officials.push((await makePerson(t.db, { unitId: opdB, positionType: 'administrator' })).id);
	}
});

afterAll(async () => {
	await t.destroy();
});

describe('the Delphi stopping rule', () => {
	it('a rule stored before the setting existed allows the default three iterations', async () => {
		const r = await makeRound({});
		const old: Record<string, unknown> = { ...DEFAULT_CONSENSUS_RULE };
		delete old.maxDelphiIterations;
		await t.db
			.updateTable('round')
			.set({ consensus_rule_json: JSON.stringify(old) })
			.where('id', '=', r.roundId)
			.execute();
		expect(maxDelphiIterations(await roundRow(r.roundId))).toBe(3);
	});

	it('the server refuses an iteration beyond the round’s maximum and changes nothing', async () => {
		const r = await makeRound({ maxDelphiIterations: 1 });
		// A split on X keeps it without consensus, so there is always something to re-rate.
		for (const [i, p] of staff.entries())
			await rate(r.roundId, p, r.indicatorIds[0], i % 2 ? 1 : 5);
		expect((await openDelphi(t.db, r.roundId, facilitator)).iteration).toBe(1);
		// Y was not re-opened (nobody rated it): a rating of it in this iteration is refused.
		const notOpen = await refusal(rate(r.roundId, staff[0], r.indicatorIds[1], 4, 1));
		expect(notOpen.key).toBe('rating_error_not_in_iteration');
		expect(notOpen.status).toBe(409);
		for (const [i, p] of staff.entries())
			await rate(r.roundId, p, r.indicatorIds[0], i % 2 ? 1 : 5, 1);
		const e = await refusal(openDelphi(t.db, r.roundId, facilitator));
		expect(e.key).toBe('delphi_error_max');
		expect(e.status).toBe(409);
		const round = await roundRow(r.roundId);
		expect(round.phase).toBe('delphi');
		expect(round.delphi_iteration).toBe(1);
		const items = await t.db
			.selectFrom('delphi_item')
			.select('iteration')
			.where('round_id', '=', r.roundId)
			.execute();
		expect(new Set(items.map((i) => i.iteration))).toEqual(new Set([1]));
	});

	it('a round without Delphi (maximum 0) cannot open one', async () => {
		const r = await makeRound({ maxDelphiIterations: 0 });
		for (const [i, p] of staff.entries())
			await rate(r.roundId, p, r.indicatorIds[0], i % 2 ? 1 : 5);
		const e = await refusal(openDelphi(t.db, r.roundId, facilitator));
		expect(e.key).toBe('delphi_error_max');
		expect((await roundRow(r.roundId)).phase).toBe('rating');
	});
});

describe('stability figures', () => {
	/** While the iteration is open, nothing per indicator and no sum: each moves with a ballot. */
	const withheld = (iteration: number, n: number) => ({
		iteration,
		live: true,
		liveShare: null,
		paired: null,
		changed: null,
		pctChanged: null,
		stable: null,
		complete: false,
		indicators: Array.from({ length: n }, () =>
			expect.objectContaining({ suppressed: true, paired: null, changed: null, stable: null })
		)
	});

	it('count changed ratings per indicator once the iteration closes, hide small ones, and show no score', async () => {
		const r = await makeRound({}, ['Stabil', 'Kecil'], 5);
		const [big, small] = r.indicatorIds;
		// Both split, so both are re-rated.
		for (const [i, p] of staff.entries()) await rate(r.roundId, p, big, i % 2 ? 2 : 5);
		// Four rate "Kecil" at first: with carry-forward its panel stays four (< k = 5) however
		// many come back, so its figures stay hidden.
		for (const [i, p] of staff.slice(0, 4).entries())
			await rate(r.roundId, p, small, i % 2 ? 1 : 5);
		await openDelphi(t.db, r.roundId, facilitator);
		expect(await delphiChanges(t.db, await roundRow(r.roundId))).toEqual([withheld(1, 2)]);
		// Indicator "Stabil": 10 people re-rate; 2 of them change one criterion only (a changed
		// rating is a person's rating of the indicator, not each criterion). Two do not come back.
		for (const [i, p] of staff.slice(0, 10).entries()) {
			const scores = all(i % 2 ? 2 : 5);
			if (i < 2) scores[KEYS[1]] = 4;
			await submitBallot(t.db, {
				roundId: r.roundId,
				personId: p,
				indicatorId: big,
				iteration: 1,
				scores
			});
		}
		// Indicator "Kecil": only 3 come back (< k = 5), all of them change.
		for (const p of staff.slice(0, 3)) await rate(r.roundId, p, small, 3, 1);
		// Another person keeps their rating; sending it twice replaces it; the last one keeps theirs.
		await rate(r.roundId, staff[10], big, 5, 1);
		await rate(r.roundId, staff[10], big, 5, 1);
		await rate(r.roundId, staff[11], big, 2, 1);
		// Still open: 15 ratings compared are far too few for even a banded share.
		expect(await delphiChanges(t.db, await roundRow(r.roundId))).toEqual([withheld(1, 2)]);

		await closeRating(t.db, r.roundId, facilitator);
		const [it] = await delphiChanges(t.db, await roundRow(r.roundId));
		const stabil = it.indicators.find((i) => i.name === 'Stabil')!;
		expect(stabil).toMatchObject({ paired: 12, changed: 2, suppressed: false, stable: false });
		expect(stabil.pctChanged).toBeCloseTo(100 / 6);
		const kecil = it.indicators.find((i) => i.name === 'Kecil')!;
		expect(kecil).toMatchObject({
			paired: null,
			changed: null,
			pctChanged: null,
			suppressed: true
		});
		// The sum covers the indicators shown only, so "Kecil" cannot be had by subtraction.
		expect(it).toMatchObject({ live: false, paired: 12, changed: 2, complete: false });
		// Counts only: nothing in the figures is a score, median or spread.
		expect(JSON.stringify(it)).not.toMatch(/median|iqr|mean|score|counts/i);
	});

	it('an indicator is stable when fewer than 15 % of its ratings changed', async () => {
		const r = await makeRound({}, ['Hampir tetap'], 5);
		const [x] = r.indicatorIds;
		for (const [i, p] of staff.entries()) await rate(r.roundId, p, x, i % 2 ? 2 : 5);
		await openDelphi(t.db, r.roundId, facilitator);
		// 1 of 12 changes (8.3 %).
		for (const [i, p] of staff.entries())
			await rate(r.roundId, p, x, i === 0 ? 4 : i % 2 ? 2 : 5, 1);
		await closeRating(t.db, r.roundId, facilitator);
		const [it] = await delphiChanges(t.db, await roundRow(r.roundId));
		expect(it).toMatchObject({ paired: 12, changed: 1, stable: true, complete: true });
		expect(it.indicators[0]).toMatchObject({ paired: 12, changed: 1, stable: true });
	});
});

describe('group-aware consensus through the whole results computation', () => {
	/**
	 * Indicator X: 12 staff rate 5, 3 officials rate 3 → overall median 5, 80 % agree, none
	 * against, IQR 0: reached. The officials (3 ≥ k = 3) do not reach it on their own.
	 * Indicator Y: 12 staff rate 5, 2 officials rate 1 and one cannot judge → overall 86 % agree,
	 * 14 % against: reached; the officials have 2 scores (< k), so they have no veto.
	 */
	async function rateBoth(roundId: number, [x, y]: number[]) {
		for (const p of staff) {
			await rate(roundId, p, x, 5);
			await rate(roundId, p, y, 5);
		}
		for (const p of officials) await rate(roundId, p, x, 3);
		await rate(roundId, officials[0], y, 1);
		await rate(roundId, officials[1], y, 1);
		await rate(roundId, officials[2], y, null);
	}

	it('is reached overall but not when a group of at least k fails on its own', async () => {
		const plain = await makeRound({ groupAware: null }, ['X', 'Y'], 3);
		const aware = await makeRound({ groupAware: 'position_type' }, ['X', 'Y'], 3);
		const byOpd = await makeRound({ groupAware: 'opd' }, ['X', 'Y'], 3);
		for (const r of [plain, aware, byOpd]) await rateBoth(r.roundId, r.indicatorIds);

		const decisions = async (r: { roundId: number; indicatorIds: number[] }) => {
			const res = await resultsNow(t.db, await roundRow(r.roundId));
			return r.indicatorIds.map((id) => res.indicators.find((i) => i.id === id)!);
		};
		const [px, py] = await decisions(plain);
		expect(px.final.decision).toBe('reached');
		expect(py.final.decision).toBe('reached');

		const [ax, ay] = await decisions(aware);
		// Same ballots, same overall figures …
		expect(ax.final.pooled).toEqual(px.final.pooled);
		expect(ax.final.decision).toBe('not_reached');
		// … and the group that vetoed is shown, with its own decision.
		const adm = ax.groups.position_type.find((g) => g.id === 'administrator')!;
		expect(adm.decision).toBe('not_reached');
		// Y: the officials gave only 2 scores (< k): no veto, so reached as in plain mode.
		expect(ay.final.decision).toBe('reached');

		// Grouping by OPD gives the same here (each OPD holds one position type).
		const [ox, oy] = await decisions(byOpd);
		expect(ox.final.decision).toBe('not_reached');
		expect(oy.final.decision).toBe('reached');
	});

	it('a group below k is never shown, whatever the mode', async () => {
		const aware = await makeRound({ groupAware: 'position_type' }, ['X', 'Y'], 5);
		await rateBoth(aware.roundId, aware.indicatorIds);
		const res = await resultsNow(t.db, await roundRow(aware.roundId));
		const x = res.indicators.find((i) => i.id === aware.indicatorIds[0])!;
		// With k = 5 the 3 officials are below k: no veto, and neither they nor (by subtraction)
		// the staff are shown as a group.
		expect(x.final.decision).toBe('reached');
		// Hidden groups are not listed at all, not even by name.
		expect(x.groups.position_type).toEqual([]);
	});
});

describe('what the rating page shows of the discussion', () => {
	it('counts visible comments by stance, gives the official response, never a hidden one', async () => {
		const r = await makeRound({}, ['Dibahas'], 5);
		const [id] = r.indicatorIds;
		const now = new Date().toISOString();
		const comment = (
			author: number,
			stance: 'support' | 'neutral' | 'concern',
			hidden = false
		) => ({
			indicator_id: id,
			round_id: r.roundId,
			author_id: author,
			parent_id: null,
			stance,
			body: hidden ? 'Komentar tersembunyi yang menyinggung' : 'Komentar',
			edited_at: null,
			hidden_at: hidden ? now : null,
			hidden_by: hidden ? facilitator : null,
			hidden_reason: hidden ? 'Menyerang pribadi' : null,
			moved_from_indicator_id: null,
			client_token: `c-${author}-${stance}-${hidden}-${Math.random()}`,
			created_at: now
		});
		await t.db
			.insertInto('comment')
			.values([
				comment(staff[0], 'support'),
				comment(staff[1], 'support'),
				comment(staff[2], 'concern'),
				comment(staff[3], 'neutral'),
				comment(staff[4], 'concern', true)
			])
			.execute();
		await t.db
			.updateTable('indicator')
			.set({ official_response: 'Target disesuaikan dengan data SIAK.' })
			.where('id', '=', id)
			.execute();
		const ctx = await ratingContext(t.db, r.roundId, id);
		expect(ctx!.discussion).toEqual({
			total: 4,
			byStance: { support: 2, neutral: 1, concern: 1 },
			officialResponse: 'Target disesuaikan dengan data SIAK.'
		});
		expect(ctx!.indicator).toMatchObject({ id, roundId: r.roundId, name: 'Dibahas' });
		expect(ctx!.indicator.baseline).toBe('75');
		// The fixture writes version 1 as the rounds UI does, so the history link has a target.
		expect(ctx!.indicator.hasHistory).toBe(true);
		expect(JSON.stringify(ctx)).not.toMatch(/tersembunyi|Menyerang/);
		// The indicator of another round is not found through this round.
		const other = await makeRound({}, ['Lain'], 5);
		expect(await ratingContext(t.db, r.roundId, other.indicatorIds[0])).toBeNull();
	});
});
