import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import { createRatingRound } from '$lib/server/ratings/fixture';
import { submitBallot } from '$lib/server/ratings/ballots';
import { resultsNow } from '../helpers/results';
import { DEFAULT_CRITERIA } from '$lib/rounds/criteria';

// Every figure shown for a breakdown group must be exactly the ballots of that group: this checks
// the per-group sums against a count made independently from the scores given.
let t: TestDb;
let roundId: number;
let indicatorId: number;
const given: { opd: number; positionType: string; scores: Record<string, number | null> }[] = [];
const KEYS = DEFAULT_CRITERIA.map((c) => c.key);

beforeAll(async () => {
	t = await createTestDb();
	const root = await makeUnit(t.db, { kind: 'pemda' });
	const opds = [
		await makeUnit(t.db, { parentId: root }),
		await makeUnit(t.db, { parentId: root }),
		await makeUnit(t.db, { parentId: root })
	];
	const sub = await makeUnit(t.db, { parentId: opds[0] });
	const facilitator = await makePerson(t.db, { unitId: opds[0], roles: ['asn', 'facilitator'] });
	const r = await createRatingRound(t.db, {
		title: 'Uji kelompok',
		createdBy: facilitator.id,
		authorId: facilitator.id,
		authorUnitId: opds[0],
		scope: { units: [], positionTypes: [] },
		indicators: ['Indikator A']
	});
	roundId = r.roundId;
	indicatorId = r.indicatorIds[0];
	// 7 + 6 + 6 people in three OPDs (some in a sub-unit, counted with its OPD), two position
	// types; every OPD × position type cell holds ≥ k people, so no group needs suppressing.
	const plan: [number, number, string][] = [
		[sub, opds[0], 'pelaksana'],
		[opds[0], opds[0], 'pelaksana'],
		[opds[1], opds[1], 'pelaksana'],
		[opds[2], opds[2], 'fungsional']
	];
	let i = 0;
	for (const [unitId, opd, positionType] of plan) {
		const n = unitId === sub ? 4 : unitId === opds[0] ? 3 : 6;
		for (let j = 0; j < n; j++, i++) {
			const p = await makePerson(t.db, { unitId, positionType });
			const scores = Object.fromEntries(
				KEYS.map((k, c) => [k, (i + c) % 7 === 0 ? null : ((i * 3 + c) % 5) + 1])
			);
			await submitBallot(t.db, { roundId, personId: p.id, indicatorId, iteration: 0, scores });
			given.push({ opd, positionType, scores });
		}
	}
});

afterAll(async () => {
	await t.destroy();
});

describe('breakdown groups', () => {
	it('shows each group large enough with exactly its own counts per criterion', async () => {
		const round = await t.db
			.selectFrom('round')
			.selectAll()
			.where('id', '=', roundId)
			.executeTakeFirstOrThrow();
		const res = await resultsNow(t.db, round);
		const ind = res.indicators.find((x) => x.id === indicatorId)!;
		const expected = (pick: (g: (typeof given)[number]) => string, id: string, key: string) => {
			const counts = [0, 0, 0, 0, 0];
			let cannotJudge = 0;
			for (const g of given.filter((x) => pick(x) === id)) {
				const s = g.scores[key];
				if (s === null) cannotJudge++;
				else counts[s - 1]++;
			}
			return { counts, cannotJudge };
		};
		let checked = 0;
		for (const [dim, pick] of [
			['opd', (g: (typeof given)[number]) => String(g.opd)],
			['position_type', (g: (typeof given)[number]) => g.positionType]
		] as const) {
			const shown = ind.groups[dim];
			expect(shown.length).toBeGreaterThan(0);
			for (const g of shown) {
				for (const c of g.criteria) {
					const e = expected(pick, g.id, c.key);
					expect({ id: g.id, key: c.key, counts: c.dist.counts, cj: c.dist.cannotJudge }).toEqual({
						id: g.id,
						key: c.key,
						counts: e.counts,
						cj: e.cannotJudge
					});
					checked++;
				}
			}
		}
		// 3 OPDs of ≥ 6 and 2 position types, 4 criteria each.
		expect(checked).toBe((3 + 2) * KEYS.length);
		expect(ind.final.raters).toBe(given.length);
	});
});
