import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { seedDemo } from '$lib/server/seed';

let t: TestDb;
beforeAll(async () => {
	t = await createTestDb();
	await seedDemo(t.db, { total: 60 });
});
afterAll(() => t.destroy());

it('seeds two demo rounds deterministically: one in discussion, one taking proposals', async () => {
	const rounds = await t.db
		.selectFrom('round')
		.select(['id', 'phase', 'title'])
		.orderBy('id')
		.execute();
	// The consultation rounds are seeded first; rating and adoption demos add theirs after.
	expect(rounds.slice(0, 2).map((r) => r.phase)).toEqual(['discussing', 'proposing']);
	const proposals = await t.db
		.selectFrom('indicator')
		.select(['name', 'status', 'supporter_count', 'comment_count', 'created_at'])
		.where('round_id', '=', rounds[0].id)
		.orderBy('id')
		.execute();
	expect(proposals).toHaveLength(4);
	expect(proposals[0]).toMatchObject({
		status: 'shortlisted',
		supporter_count: 2,
		comment_count: 2,
		created_at: '2026-11-02T03:00:00.000Z'
	});
	const comments = await t.db
		.selectFrom('comment')
		.select('depth')
		.where('round_id', 'in', [rounds[0].id, rounds[1].id])
		.execute();
	expect(comments.map((c) => c.depth).sort()).toEqual([0, 0, 1]);
});
