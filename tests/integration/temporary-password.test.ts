import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import { login } from '$lib/server/auth/login';
import { resetPassword } from '$lib/server/people/admin';
import { changeOwnPassword } from '$lib/server/auth/account';
import { createSession } from '$lib/server/auth/session';

let t: TestDb;
let unitId: number;
let adminId: number;

beforeAll(async () => {
	t = await createTestDb();
	unitId = await makeUnit(t.db);
	adminId = (await makePerson(t.db, { unitId, roles: ['asn', 'admin'] })).id;
});
afterAll(() => t.destroy());

const HOUR = 3_600_000;

describe('temporary passwords', () => {
	it('work for 72 hours after an admin reset and are refused after, with a reason', async () => {
		const p = await makePerson(t.db, { unitId });
		const before = Date.now();
		const reset = await resetPassword(t.db, adminId, p.id);
		if (!reset.ok) throw new Error('reset failed');
		const row = await t.db
			.selectFrom('person')
			.select('temporary_password_expires_at')
			.where('id', '=', p.id)
			.executeTakeFirstOrThrow();
		const expires = Date.parse(row.temporary_password_expires_at!);
		expect(expires).toBeGreaterThanOrEqual(before + 72 * HOUR);
		expect(expires).toBeLessThanOrEqual(Date.now() + 72 * HOUR);

		const justBefore = await login(
			t.db,
			{ nip: p.nip, password: reset.password, address: '10.60.0.1' },
			new Date(expires - 1000)
		);
		expect(justBefore).toMatchObject({ ok: true, mustChangePassword: true });
		const after = await login(
			t.db,
			{ nip: p.nip, password: reset.password, address: '10.60.0.1' },
			new Date(expires + 1000)
		);
		expect(after).toEqual({ ok: false, reason: 'temporary_expired' });
		// Whoever does not know the temporary password learns nothing new.
		const wrong = await login(
			t.db,
			{ nip: p.nip, password: 'bukan-sandinya', address: '10.60.0.1' },
			new Date(expires + 2000)
		);
		expect(wrong).toEqual({ ok: false, reason: 'invalid' });
	});

	it('stop expiring once the person has chosen their own password', async () => {
		const p = await makePerson(t.db, { unitId });
		const reset = await resetPassword(t.db, adminId, p.id);
		if (!reset.ok) throw new Error('reset failed');
		const sessionId = (await createSession(t.db, p.id)).split('.')[0];
		expect(
			await changeOwnPassword(t.db, {
				personId: p.id,
				sessionId,
				next: 'kopi-tubruk-pagi',
				firstLogin: true
			})
		).toEqual({ ok: true });
		const far = new Date(Date.now() + 400 * 24 * HOUR);
		expect(
			await login(t.db, { nip: p.nip, password: 'kopi-tubruk-pagi', address: '10.60.0.2' }, far)
		).toMatchObject({ ok: true, mustChangePassword: false });
	});
});
