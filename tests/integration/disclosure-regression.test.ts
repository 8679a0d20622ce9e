import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import { attack, crossAggregates } from '../helpers/attacker';
import { createRatingRound } from '$lib/server/ratings/fixture';
import { submitBallot } from '$lib/server/ratings/ballots';
import { closeRating } from '$lib/server/ratings/delphi';
import { frozenResults } from '$lib/server/ratings/results';
import { resultsCsv } from '$lib/server/ratings/export';
import { apiRoundResults } from '$lib/server/api/data';
import { transitionRound } from '$lib/server/rounds/phase';
import { DEFAULT_CRITERIA } from '$lib/rounds/criteria';
import type { CrossCell, CrossRelease } from '$lib/disclosure';

/**
 * Issue #13's rating examples through the real database, the frozen results every page reads,
 * the CSV export and the API: (2) fungsional − OPD must not give the two fungsional raters of A
 * and B; (3) a group with one fairness score among "cannot judge" must not be shown.
 */

let t: TestDb;
let roundId: number;
let indicatorId: number;
const cells: { opd: number; type: string; n: number; fairness: (number | null)[] }[] = [];
const KEYS = DEFAULT_CRITERIA.map((c) => c.key);

beforeAll(async () => {
	t = await createTestDb();
	const root = await makeUnit(t.db, { kind: 'pemda' });
	const x = await makeUnit(t.db, { parentId: root });
	const a = await makeUnit(t.db, { parentId: root });
	const b = await makeUnit(t.db, { parentId: root });
	const hr = await makeUnit(t.db, { parentId: root });
	const facilitator = await makePerson(t.db, {
		unitId: hr,
		roles: ['asn', 'facilitator'],
		positionType: 'pelaksana'
	});
	const r = await createRatingRound(t.db, {
		title: 'Regresi pengungkapan',
		createdBy: facilitator.id,
		authorId: facilitator.id,
		authorUnitId: hr,
		scope: { units: [x, a, b].map((id) => ({ id, descendants: true })), positionTypes: [] },
		indicators: ['Satu']
	});
	roundId = r.roundId;
	indicatorId = r.indicatorIds[0];
	// OPD X: 12 fungsional. A and B: 1 fungsional and 9 pelaksana each. Among the pelaksana of A,
	// 8 cannot judge fairness; of B, all 9 cannot: pelaksana have one fairness score.
	cells.push(
		{ opd: x, type: 'fungsional', n: 12, fairness: Array(12).fill(4) },
		{ opd: a, type: 'fungsional', n: 1, fairness: [1] },
		{ opd: a, type: 'pelaksana', n: 9, fairness: [2, ...Array(8).fill(null)] },
		{ opd: b, type: 'fungsional', n: 1, fairness: [5] },
		{ opd: b, type: 'pelaksana', n: 9, fairness: Array(9).fill(null) }
	);
	for (const c of cells) {
		for (let i = 0; i < c.n; i++) {
			const p = await makePerson(t.db, { unitId: c.opd, roles: ['asn'], positionType: c.type });
			const scores = Object.fromEntries(KEYS.map((k) => [k, 3])) as Record<string, number | null>;
			scores.fairness = c.fairness[i];
			await submitBallot(t.db, { roundId, personId: p.id, indicatorId, iteration: 0, scores });
		}
	}
	await closeRating(t.db, roundId, facilitator.id);
	await transitionRound(t.db, roundId, 'published', facilitator.id);
});

afterAll(() => t.destroy());

describe('issue #13 rating examples, end to end', () => {
	it('the results every page reads leave nothing below k recoverable', async () => {
		const round = await t.db
			.selectFrom('round')
			.selectAll()
			.where('id', '=', roundId)
			.executeTakeFirstOrThrow();
		const results = await frozenResults(t.db, round);
		const ind = results.indicators.find((i) => i.id === indicatorId)!;
		expect(ind.final.shown).toBe(true);
		expect(ind.final.raters).toBe(32);
		// Pelaksana (one fairness score) are not shown, nor named.
		expect(ind.groups.position_type.map((g) => g.id)).not.toContain('pelaksana');
		// Whatever is shown, no ± combination of it isolates fewer than 5 people on any criterion.
		const crossCells: CrossCell[] = cells.map((c) => ({
			groups: [String(c.opd), c.type],
			pops: [
				c.n,
				...KEYS.map((k) => (k === 'fairness' ? c.fairness.filter((f) => f !== null).length : c.n))
			]
		}));
		const release: CrossRelease = {
			total: ind.final.shown,
			shown: [
				new Set(ind.groups.opd.map((g) => g.id)),
				new Set(ind.groups.position_type.map((g) => g.id))
			]
		};
		const { table, released } = crossAggregates(crossCells, release);
		expect(attack(table, released, 5)).toBe(null);
		// Nothing anywhere carries the fairness score of 1 (A's fungsional) or of 2 (A's pelaksana)
		// as a group figure apart from the overall.
		for (const g of [...ind.groups.opd, ...ind.groups.position_type]) {
			const f = g.criteria.find((c) => c.key === 'fairness')!;
			expect(f.dist.n === 0 || f.dist.n >= 5).toBe(true);
		}

		// The CSV export and the API carry the same released set as the page.
		const csv = resultsCsv(results);
		for (const g of ind.groups.opd) expect(csv).toContain(results.opdNames[g.id]);
		const [header, ...lines] = csv
			.replace(/^\uFEFF/, '')
			.trim()
			.split('\r\n');
		const col = header.split(',');
		const csvGroups = new Set(
			lines
				.map((l) => l.split(','))
				.filter((r) => r.length === col.length && r[col.indexOf('breakdown')] !== 'all')
				.map((r) => r[col.indexOf('group')])
		);
		expect(csvGroups).toEqual(
			new Set([
				...ind.groups.opd.map((g) => results.opdNames[g.id]),
				...ind.groups.position_type.map((g) => g.id)
			])
		);
		const api = await apiRoundResults(t.db, roundId);
		const apiInd = api.indicators.find((i) => i.id === indicatorId)!;
		expect(apiInd.raters).toBe(ind.final.raters);
		expect(apiInd.criteria!.map((c) => [c.key, c.n, c.median])).toEqual(
			ind.final.criteria.map((c) => [c.key, c.dist.n, c.dist.median])
		);
	});
});
