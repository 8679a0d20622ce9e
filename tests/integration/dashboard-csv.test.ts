import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import { createRound } from '$lib/server/rounds';
import { dashboardCsv } from '$lib/server/dashboard/csv';

let t: TestDb;

beforeAll(async () => {
	t = await createTestDb();
});
afterAll(() => t.destroy());

describe('dashboard CSV', () => {
	it('keeps a round title with ; and a formula one cell of plain text', async () => {
		const unitId = await makeUnit(t.db);
		const fac = await makePerson(t.db, { unitId, roles: ['asn', 'facilitator'] });
		const title = '=1+1; Dukcapil';
		const id = await createRound(
			t.db,
			{ id: fac.id, roles: ['asn', 'facilitator'] },
			{ title, purpose: 'Uji ekspor' }
		);
		await t.db.updateTable('round').set({ phase: 'closed' }).where('id', '=', id).execute();
		const csv = (await dashboardCsv(t.db, 'consensus', { roundId: null, opdId: null }))!;
		const line = csv.split('\r\n').find((l) => l.startsWith(`${id},`))!;
		// Quoted as one cell, with the formula neutralised, whichever separator Excel splits on.
		expect(line).toBe(`${id},"'=1+1; Dukcapil",0,0,0,0,0`);
	});
});
