import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import { countEligible, isInScope, scopeSchema, scopeUnitIds } from '$lib/server/scope';
import { unitSubtreeIds } from '$lib/server/org/units';

let t: TestDb;
const ids: Record<string, number> = {};
const people: Record<string, number> = {};

beforeAll(async () => {
	t = await createTestDb();
	ids.regency = await makeUnit(t.db, { kind: 'pemda' });
	ids.dinas = await makeUnit(t.db, { parentId: ids.regency });
	ids.bidang = await makeUnit(t.db, { parentId: ids.dinas, kind: 'bidang' });
	ids.upt = await makeUnit(t.db, { parentId: ids.bidang, kind: 'upt' });
	ids.other = await makeUnit(t.db, { parentId: ids.regency });
	people.head = (await makePerson(t.db, { unitId: ids.dinas, positionType: 'jpt' })).id;
	people.staff = (await makePerson(t.db, { unitId: ids.bidang })).id;
	people.teacher = (await makePerson(t.db, { unitId: ids.upt, positionType: 'fungsional' })).id;
	people.outsider = (await makePerson(t.db, { unitId: ids.other })).id;
	people.disabled = (await makePerson(t.db, { unitId: ids.bidang, active: false })).id;
});
afterAll(() => t.destroy());

describe('scope', () => {
	it('expands a unit with its descendants, or takes it alone', async () => {
		expect((await unitSubtreeIds(t.db, ids.dinas)).sort()).toEqual(
			[ids.dinas, ids.bidang, ids.upt].sort()
		);
		const alone = scopeSchema.parse({ units: [{ id: ids.dinas, descendants: false }] });
		expect(await scopeUnitIds(t.db, alone)).toEqual([ids.dinas]);
		expect(await scopeUnitIds(t.db, scopeSchema.parse({}))).toBeNull();
	});

	it('counts and checks active people by units and position types', async () => {
		const subtree = scopeSchema.parse({ units: [{ id: ids.dinas, descendants: true }] });
		expect(await countEligible(t.db, subtree)).toBe(3);
		expect(await isInScope(t.db, subtree, people.teacher)).toBe(true);
		expect(await isInScope(t.db, subtree, people.outsider)).toBe(false);
		expect(await isInScope(t.db, subtree, people.disabled)).toBe(false);

		const teachersOnly = scopeSchema.parse({
			units: [{ id: ids.dinas, descendants: true }],
			positionTypes: ['fungsional']
		});
		expect(await countEligible(t.db, teachersOnly)).toBe(1);
		expect(await isInScope(t.db, teachersOnly, people.staff)).toBe(false);

		const everyone = scopeSchema.parse({});
		expect(await countEligible(t.db, everyone)).toBe(4);
	});
});
