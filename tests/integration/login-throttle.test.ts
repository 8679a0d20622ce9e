import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit, TEST_PASSWORD } from '../helpers/fixtures';
import { login } from '$lib/server/auth/login';
import { changeOwnPassword } from '$lib/server/auth/account';
import { createSession } from '$lib/server/auth/session';
import { throttleConfig } from '$lib/server/auth/throttle';

let t: TestDb;
let unitId: number;

beforeAll(async () => {
	t = await createTestDb();
	unitId = await makeUnit(t.db);
});
afterAll(() => t.destroy());

async function failuresOf(key: string): Promise<number | undefined> {
	const row = await t.db
		.selectFrom('login_throttle')
		.select('failures')
		.where('key', '=', key)
		.executeTakeFirst();
	return row?.failures;
}

describe('parallel guessing', () => {
	it('lets only the free failures of 50 parallel wrong passwords reach argon2', async () => {
		const p = await makePerson(t.db, { unitId });
		const results = await Promise.all(
			Array.from({ length: 50 }, (_, i) =>
				login(t.db, { nip: p.nip, password: `salah-${i}`, address: `10.50.0.${i}` })
			)
		);
		// "invalid" is only ever answered after argon2 has compared the password; "throttled" is
		// answered before it. So the count of "invalid" is the count of argon2 runs.
		const checked = results.filter((r) => !r.ok && r.reason === 'invalid').length;
		const refused = results.filter((r) => !r.ok && r.reason === 'throttled').length;
		expect(checked).toBe(throttleConfig.nipFreeFailures);
		expect(refused).toBe(50 - throttleConfig.nipFreeFailures);
		expect(await failuresOf(`nip:${p.nip}`)).toBe(throttleConfig.nipFreeFailures);
		// The refused attempts counted nowhere, not even on their addresses.
		const addressed = await t.db
			.selectFrom('login_throttle')
			.select(['key', 'failures'])
			.where('key', 'like', 'addr:10.50.0.%')
			.execute();
		expect(addressed.reduce((sum, r) => sum + r.failures, 0)).toBe(throttleConfig.nipFreeFailures);
		// And the right password is refused too until the delay has passed.
		const right = await login(t.db, { nip: p.nip, password: TEST_PASSWORD, address: '10.50.1.1' });
		expect(right).toMatchObject({ ok: false, reason: 'throttled' });
	});

	it('gives back the address reservation of a successful login', async () => {
		const p = await makePerson(t.db, { unitId });
		for (let i = 0; i < 3; i++) {
			expect(
				(await login(t.db, { nip: p.nip, password: TEST_PASSWORD, address: '10.51.0.1' })).ok
			).toBe(true);
		}
		expect(await failuresOf('addr:10.51.0.1')).toBe(0);
		expect(await failuresOf(`nip:${p.nip}`)).toBeUndefined();
	});

	it('throttles the current-password check on /account/password the same way', async () => {
		const p = await makePerson(t.db, { unitId });
		const sessionId = (await createSession(t.db, p.id)).split('.')[0];
		const results = await Promise.all(
			Array.from({ length: 50 }, (_, i) =>
				changeOwnPassword(t.db, {
					personId: p.id,
					sessionId,
					current: `salah-${i}`,
					next: 'kopi-tubruk-pagi',
					address: '10.52.0.1'
				})
			)
		);
		const checked = results.filter((r) => !r.ok && r.problem === 'password_current_wrong');
		const refused = results.filter((r) => !r.ok && r.problem === 'login_throttled');
		expect(checked.length).toBe(throttleConfig.nipFreeFailures);
		expect(refused.length).toBe(50 - throttleConfig.nipFreeFailures);
		for (const r of refused) if (!r.ok) expect(r.seconds).toBeGreaterThan(0);
		// The allowance is shared with the login form: the NIP is now blocked there as well.
		expect(
			await login(t.db, { nip: p.nip, password: TEST_PASSWORD, address: '10.52.0.2' })
		).toMatchObject({ ok: false, reason: 'throttled' });
		// Even the right current password waits.
		expect(
			await changeOwnPassword(t.db, {
				personId: p.id,
				sessionId,
				current: TEST_PASSWORD,
				next: 'kopi-tubruk-pagi',
				address: '10.52.0.1'
			})
		).toMatchObject({ ok: false, problem: 'login_throttled' });
	});
});
