import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import { migrations } from '$migrations/index';
import { migrateOrThrow } from '$lib/server/db/migrate';
import { createRatingRound } from '$lib/server/ratings/fixture';
import { raterKey } from '$lib/server/ratings/secret';
import { submitBallot } from '$lib/server/ratings/ballots';
import { openDelphi } from '$lib/server/ratings/delphi';
import { DEFAULT_CRITERIA } from '$lib/rounds/criteria';

/*
 * Migration 0008: who rated (`rating_participant`) and the Delphi reasons (`rating_reason`) must
 * not be stored in the order people voted. Voting is scripted in a known order — half before the
 * migration, half after — and the tables are then read as someone holding a copy of the file
 * would: a plain SELECT without ORDER BY, which on SQLite walks the table's own b-tree.
 */
let t: TestDb;
const before = Object.fromEntries(Object.entries(migrations).filter(([n]) => n < '0008'));
const KEYS = DEFAULT_CRITERIA.map((c) => c.key);
const all = (s: number) => Object.fromEntries(KEYS.map((k) => [k, s]));
const VOTERS = 120;
const people: number[] = [];
let roundId: number;
let indicatorId: number;
let facilitator: number;

/** Spearman's rank correlation of two equally long lists of distinct numbers. */
function spearman(a: number[], b: number[]): number {
	const rank = (xs: number[]) => {
		const order = xs.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
		const r = new Array<number>(xs.length);
		order.forEach(([, i], pos) => (r[i] = pos));
		return r;
	};
	const ra = rank(a);
	const rb = rank(b);
	const n = a.length;
	const d2 = ra.reduce((s, r, i) => s + (r - rb[i]) ** 2, 0);
	return 1 - (6 * d2) / (n * (n * n - 1));
}

async function physicalParticipants(iteration: number): Promise<string[]> {
	const rows = await sql<{ rater_key: string; iteration: number; round_id: number }>`
		select round_id, iteration, rater_key from rating_participant`.execute(t.db);
	return rows.rows
		.filter((r) => r.round_id === roundId && r.iteration === iteration)
		.map((r) => r.rater_key);
}

async function physicalReasons(): Promise<string[]> {
	const rows = await sql<{ body: string }>`select body from rating_reason`.execute(t.db);
	return rows.rows.map((r) => r.body);
}

/** Position in the stored order of each voter, in voting order. */
function positions(stored: string[], voted: string[]): number[] {
	const at = new Map(stored.map((k, i) => [k, i]));
	return voted.map((k) => at.get(k)!);
}

const vote = (personId: number, iteration: number, score: number, reason?: string) =>
	submitBallot(t.db, { roundId, personId, indicatorId, iteration, scores: all(score), reason });

beforeAll(async () => {
	t = await createTestDb({ migrate: false });
	await migrateOrThrow(t.db, before);
	const root = await makeUnit(t.db, { kind: 'pemda' });
	const opd = await makeUnit(t.db, { parentId: root });
	facilitator = (await makePerson(t.db, { unitId: opd, roles: ['asn', 'facilitator'] })).id;
	for (let i = 0; i < VOTERS; i++) people.push((await makePerson(t.db, { unitId: opd })).id);
	({
		roundId,
		indicatorIds: [indicatorId]
	} = await createRatingRound(t.db, {
		title: 'Urutan penyimpanan',
		createdBy: facilitator,
		authorId: facilitator,
		authorUnitId: opd,
		scope: { units: [], positionTypes: [] },
		indicators: ['Indikator terbelah']
	}));
});
afterAll(() => t.destroy());

describe('storage order of participants and reasons', () => {
	it('keeps every row through 0008 and stores them in key order, not voting order', async () => {
		const order = people.map((p) => raterKey(roundId, p));
		// The first half votes before the migration (split scores: no consensus, so Delphi opens).
		for (const [i, p] of people.slice(0, VOTERS / 2).entries()) await vote(p, 0, i % 2 ? 1 : 5);
		if (t.dialect === 'sqlite') {
			// Before 0008 the rows sat in insertion order: the leak this migration closes.
			expect(await physicalParticipants(0)).toEqual(order.slice(0, VOTERS / 2));
		}
		const copied = await t.db.selectFrom('rating_participant').selectAll().execute();

		await migrateOrThrow(t.db);
		const kept = await t.db.selectFrom('rating_participant').selectAll().execute();
		expect(new Set(kept.map((r) => r.rater_key))).toEqual(new Set(copied.map((r) => r.rater_key)));

		for (const [i, p] of people.slice(VOTERS / 2).entries()) await vote(p, 0, i % 2 ? 1 : 5);
		await openDelphi(t.db, roundId, facilitator);
		// Iteration 1, in reverse order this time, each with a reason that says when it was written.
		const delphiOrder = [...people].reverse();
		for (const [i, p] of delphiOrder.entries()) await vote(p, 1, 3, `alasan ke-${i}`);

		if (t.dialect !== 'sqlite') {
			// PostgreSQL keeps heap tables (README, "Privacy"): only the data is checked there.
			expect(await physicalParticipants(1)).toHaveLength(VOTERS);
			expect(await physicalReasons()).toHaveLength(VOTERS);
			return;
		}
		const stored0 = await physicalParticipants(0);
		const stored1 = await physicalParticipants(1);
		expect(stored0).toHaveLength(VOTERS);
		// Key order exactly: the stored order is a function of the HMAC keys, not of time.
		expect(stored0).toEqual([...stored0].sort());
		expect(stored1).toEqual([...stored1].sort());
		const voted1 = delphiOrder.map((p) => raterKey(roundId, p));
		// With 120 voters, |rho| under independence has a standard deviation of about 0.09.
		const rho0 = spearman(
			positions(stored0, order),
			order.map((_, i) => i)
		);
		const rho1 = spearman(
			positions(stored1, voted1),
			voted1.map((_, i) => i)
		);
		expect(Math.abs(rho0)).toBeLessThan(0.4);
		expect(Math.abs(rho1)).toBeLessThan(0.4);

		const reasons = (await physicalReasons()).map((b) => Number(b.replace('alasan ke-', '')));
		expect(reasons).toHaveLength(VOTERS);
		expect(
			Math.abs(
				spearman(
					reasons,
					reasons.map((_, i) => i)
				)
			)
		).toBeLessThan(0.4);
		const tables = await sql<{ name: string; sql: string }>`
			select name, sql from sqlite_master
			where name in ('rating_participant', 'rating_reason')`.execute(t.db);
		for (const table of tables.rows) expect(table.sql.toLowerCase()).toContain('without rowid');
	});
});
