import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import { prepared } from '$lib/server/db/prepared';
import { inTransaction } from '$lib/server/db/errors';

let t: TestDb;
let unit: number;
const people: { id: number; nip: string }[] = [];

beforeAll(async () => {
	t = await createTestDb();
	unit = await makeUnit(t.db, {});
	for (let i = 0; i < 3; i++) people.push(await makePerson(t.db, { unitId: unit }));
});

afterAll(async () => {
	await t.destroy();
});

describe('prepared(): a query compiled once, run with new values', () => {
	it('gives the same rows as building the query each time, for every set of values', async () => {
		let builds = 0;
		const byNip = prepared((db, p: { nip: string; unit: number }) => {
			builds++;
			return db
				.selectFrom('person')
				.select(['id', 'nip'])
				.where('nip', '=', p.nip)
				.where('org_unit_id', '=', p.unit)
				.where('active', '=', 1);
		});
		for (const person of people) {
			expect(await byNip.executeTakeFirst(t.db, { nip: person.nip, unit })).toEqual({
				id: person.id,
				nip: person.nip
			});
		}
		expect(await byNip.execute(t.db, { nip: people[0].nip, unit: unit + 1000 })).toEqual([]);
		expect(await byNip.executeTakeFirst(t.db, { nip: 'nobody', unit })).toBeUndefined();
		expect(builds).toBe(1);
	});

	it('keeps the constants written into the query in their places', async () => {
		const q = prepared((db, p: { unit: number }) =>
			db
				.selectFrom('person')
				.select('id')
				.where('position_type', '=', 'pelaksana')
				.where('org_unit_id', '=', p.unit)
				.where('employment_type', '=', 'PNS')
				.orderBy('id')
		);
		expect((await q.execute(t.db, { unit })).map((r) => r.id)).toEqual(people.map((p) => p.id));
	});

	it('runs inside a transaction, on the transaction’s connection', async () => {
		const q = prepared((db, p: { id: number }) =>
			db.selectFrom('person').select('full_name').where('id', '=', p.id)
		);
		await t.db.transaction().execute(async (trx) => {
			await trx
				.updateTable('person')
				.set({ full_name: 'Nama Dalam Transaksi' })
				.where('id', '=', people[0].id)
				.execute();
			expect(await q.executeTakeFirst(trx, { id: people[0].id })).toEqual({
				full_name: 'Nama Dalam Transaksi'
			});
		});
	});

	it('runs inside inTransaction(), seeing that transaction’s own writes', async () => {
		const q = prepared((db, p: { id: number }) =>
			db.selectFrom('person').select('full_name').where('id', '=', p.id)
		);
		const seen = await inTransaction(t.db, async (trx) => {
			await trx
				.updateTable('person')
				.set({ full_name: 'Nama Lewat inTransaction' })
				.where('id', '=', people[1].id)
				.execute();
			return q.executeTakeFirst(trx, { id: people[1].id });
		});
		expect(seen).toEqual({ full_name: 'Nama Lewat inTransaction' });
	});

	it('never shows another flow an uncommitted write, even one made by inTransaction()', async () => {
		// SQLite: one connection serves every flow, and its statements may bypass Kysely's driver
		// (db/direct.ts). A read on the root instance while another flow's transaction is open must
		// still wait for it, so a write that is then rolled back is never seen.
		const q = prepared((db, p: { id: number }) =>
			db.selectFrom('person').select('full_name').where('id', '=', p.id)
		);
		const before = await q.executeTakeFirst(t.db, { id: people[2].id });
		for (const open of [
			(fn: (trx: Parameters<Parameters<typeof inTransaction>[1]>[0]) => Promise<void>) =>
				inTransaction(t.db, fn),
			(fn: (trx: Parameters<Parameters<typeof inTransaction>[1]>[0]) => Promise<void>) =>
				t.db.transaction().execute(fn)
		]) {
			let read: Promise<unknown> | undefined;
			await expect(
				open(async (trx) => {
					await trx
						.updateTable('person')
						.set({ full_name: 'Tidak Pernah Terjadi' })
						.where('id', '=', people[2].id)
						.execute();
					read = q.executeTakeFirst(t.db, { id: people[2].id });
					await new Promise((r) => setTimeout(r, 20));
					throw new Error('rolled back on purpose');
				})
			).rejects.toThrow('rolled back on purpose');
			expect(await read).toEqual(before);
		}
	});

	it('refuses a parameter that never lands in the query as a value', async () => {
		const unused = prepared((db, p: { id: number }) => {
			void p.id; // read but never put in the query
			return db.selectFrom('person').select('id');
		});
		await expect(unused.execute(t.db, { id: 1 })).rejects.toThrow(/not used as a plain value/);
	});
});
