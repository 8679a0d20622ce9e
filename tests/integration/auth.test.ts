import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit, TEST_PASSWORD } from '../helpers/fixtures';
import { login } from '$lib/server/auth/login';
import {
	createSession,
	invalidatePersonSessions,
	purgeExpiredSessions,
	sessionConfig,
	validateSessionToken
} from '$lib/server/auth/session';
import { changeOwnPassword } from '$lib/server/auth/account';
import { throttleConfig } from '$lib/server/auth/throttle';

let t: TestDb;
let unitId: number;

beforeAll(async () => {
	t = await createTestDb();
	unitId = await makeUnit(t.db);
});
afterAll(() => t.destroy());

const at = (iso: string) => new Date(iso);

describe('sessions', () => {
	it('stores only a hash of the secret and validates the token', async () => {
		const p = await makePerson(t.db, { unitId, roles: ['asn', 'facilitator'] });
		const token = await createSession(t.db, p.id);
		const [id, secret] = token.split('.');
		expect(Buffer.from(id, 'base64url').length).toBeGreaterThanOrEqual(16);
		expect(Buffer.from(secret, 'base64url').length).toBeGreaterThanOrEqual(16);
		const row = await t.db
			.selectFrom('session')
			.selectAll()
			.where('id', '=', id)
			.executeTakeFirstOrThrow();
		expect(row.secret_hash).not.toContain(secret);
		expect(JSON.stringify(row)).not.toContain(secret);
		const valid = await validateSessionToken(t.db, token);
		expect(valid?.user.id).toBe(p.id);
		expect(valid?.user.roles.sort()).toEqual(['asn', 'facilitator']);
		expect(valid?.user.positionType).toBe('pelaksana');
	});

	it('reads every role and none for a person without roles, and sees a revoked role at once', async () => {
		const all = await makePerson(t.db, {
			unitId,
			roles: ['admin', 'leader', 'facilitator', 'asn']
		});
		const none = await makePerson(t.db, { unitId, roles: [] });
		const allToken = await createSession(t.db, all.id);
		expect((await validateSessionToken(t.db, allToken))?.user.roles).toEqual([
			'asn',
			'facilitator',
			'leader',
			'admin'
		]);
		expect(
			(await validateSessionToken(t.db, await createSession(t.db, none.id)))?.user.roles
		).toEqual([]);
		await t.db
			.deleteFrom('person_role')
			.where('person_id', '=', all.id)
			.where('role', '=', 'admin')
			.execute();
		expect((await validateSessionToken(t.db, allToken))?.user.roles).toEqual([
			'asn',
			'facilitator',
			'leader'
		]);
	});

	it('refuses forged, malformed and tampered tokens', async () => {
		const p = await makePerson(t.db, { unitId });
		const token = await createSession(t.db, p.id);
		const [id, secret] = token.split('.');
		for (const bad of [
			'',
			'x',
			`${id}`,
			`${id}.`,
			`${id}.${secret}x`,
			`${id}.${secret}.x`,
			`nope.${secret}`,
			`${id}.${'A'.repeat(secret.length)}`
		]) {
			expect(await validateSessionToken(t.db, bad), bad).toBeNull();
		}
	});

	it('expires after idle time and after the absolute lifetime', async () => {
		const p = await makePerson(t.db, { unitId });
		const start = at('2026-01-01T08:00:00Z');
		const idle = await createSession(t.db, p.id, start);
		expect(
			await validateSessionToken(
				t.db,
				idle,
				new Date(start.getTime() + sessionConfig.idleMs - 1000)
			)
		).not.toBeNull();
		// Activity just now refreshed it; 29 minutes later it is still alive…
		const later = new Date(
			start.getTime() + sessionConfig.idleMs - 1000 + sessionConfig.idleMs - 1000
		);
		expect(await validateSessionToken(t.db, idle, later)).not.toBeNull();
		// …but a full idle period without activity ends it, and the row is gone.
		expect(
			await validateSessionToken(t.db, idle, new Date(later.getTime() + sessionConfig.idleMs))
		).toBeNull();
		expect(
			await t.db
				.selectFrom('session')
				.select('id')
				.where('id', '=', idle.split('.')[0])
				.executeTakeFirst()
		).toBeUndefined();

		const busy = await createSession(t.db, p.id, start);
		let now = start.getTime();
		// Keep it busy every 10 minutes: the absolute lifetime still ends it.
		while (now + 600_000 < start.getTime() + sessionConfig.absoluteMs) {
			now += 600_000;
			expect(await validateSessionToken(t.db, busy, new Date(now))).not.toBeNull();
		}
		expect(
			await validateSessionToken(t.db, busy, new Date(start.getTime() + sessionConfig.absoluteMs))
		).toBeNull();
	});

	it('ends sessions of a disabled person', async () => {
		const p = await makePerson(t.db, { unitId });
		const token = await createSession(t.db, p.id);
		await t.db.updateTable('person').set({ active: 0 }).where('id', '=', p.id).execute();
		expect(await validateSessionToken(t.db, token)).toBeNull();
	});

	it('purges expired sessions', async () => {
		const p = await makePerson(t.db, { unitId });
		await createSession(t.db, p.id, at('2020-01-01T00:00:00Z'));
		await purgeExpiredSessions(t.db);
		const left = await t.db
			.selectFrom('session')
			.select('id')
			.where('person_id', '=', p.id)
			.execute();
		expect(left).toHaveLength(0);
	});

	it('can end every session of a person but the current one', async () => {
		const p = await makePerson(t.db, { unitId });
		const a = await createSession(t.db, p.id);
		const b = await createSession(t.db, p.id);
		await invalidatePersonSessions(t.db, p.id, a.split('.')[0]);
		expect(await validateSessionToken(t.db, a)).not.toBeNull();
		expect(await validateSessionToken(t.db, b)).toBeNull();
	});
});

describe('login', () => {
	it('logs in with NIP and password and issues a new token each time', async () => {
		const p = await makePerson(t.db, { unitId });
		const a = await login(t.db, { nip: p.nip, password: TEST_PASSWORD, address: '10.0.0.1' });
		const b = await login(t.db, { nip: p.nip, password: TEST_PASSWORD, address: '10.0.0.1' });
		expect(a.ok && b.ok).toBe(true);
		if (a.ok && b.ok) expect(a.token).not.toBe(b.token);
	});

	it('answers an unknown NIP exactly like a wrong password', async () => {
		const p = await makePerson(t.db, { unitId });
		const wrong = await login(t.db, { nip: p.nip, password: 'salah-sekali', address: '10.0.0.2' });
		const unknown = await login(t.db, {
			nip: '198001012005011999',
			password: 'salah-sekali',
			address: '10.0.0.2'
		});
		expect(wrong).toEqual({ ok: false, reason: 'invalid' });
		expect(unknown).toEqual(wrong);
	});

	it('refuses a disabled account with the same generic answer', async () => {
		const p = await makePerson(t.db, { unitId, active: false });
		expect(await login(t.db, { nip: p.nip, password: TEST_PASSWORD, address: '10.0.0.3' })).toEqual(
			{
				ok: false,
				reason: 'invalid'
			}
		);
	});

	it('slows down a NIP after repeated failures, even with the right password, and lets it go later', async () => {
		const p = await makePerson(t.db, { unitId });
		const t0 = Date.parse('2026-03-01T08:00:00Z');
		for (let i = 0; i < throttleConfig.nipFreeFailures; i++) {
			const r = await login(
				t.db,
				{ nip: p.nip, password: 'salah', address: `10.1.0.${i}` },
				new Date(t0 + i)
			);
			expect(r).toEqual({ ok: false, reason: 'invalid' });
		}
		const blocked = await login(
			t.db,
			{ nip: p.nip, password: TEST_PASSWORD, address: '10.1.1.1' },
			new Date(t0 + 10)
		);
		expect(blocked.ok).toBe(false);
		if (!blocked.ok && blocked.reason === 'throttled') expect(blocked.seconds).toBeGreaterThan(0);
		else expect.fail('expected throttled');
		const after = await login(
			t.db,
			{ nip: p.nip, password: TEST_PASSWORD, address: '10.1.1.1' },
			new Date(t0 + 31_000)
		);
		expect(after.ok).toBe(true);
	});

	it('doubles the delay with each further failure', async () => {
		const p = await makePerson(t.db, { unitId });
		let now = Date.parse('2026-03-02T08:00:00Z');
		const waits: number[] = [];
		for (let i = 0; i < throttleConfig.nipFreeFailures + 3; i++) {
			const r = await login(
				t.db,
				{ nip: p.nip, password: 'salah', address: `10.2.0.${i}` },
				new Date(now)
			);
			if (!r.ok && r.reason === 'throttled') {
				waits.push(r.seconds);
				now += r.seconds * 1000;
				i--;
			}
		}
		expect(waits).toEqual([30, 60, 120]);
	});

	it('slows down one address trying many NIPs, also for NIPs that do not exist', async () => {
		const t0 = Date.parse('2026-03-03T08:00:00Z');
		for (let i = 0; i < throttleConfig.addressFreeFailures; i++) {
			await login(
				t.db,
				{ nip: `19800101200501100${i % 10}`, password: 'x', address: '10.9.9.9' },
				new Date(t0 + i)
			);
		}
		const r = await login(
			t.db,
			{ nip: '198001012005011099', password: 'x', address: '10.9.9.9' },
			new Date(t0 + 100)
		);
		expect(r).toMatchObject({ ok: false, reason: 'throttled' });
		const other = await login(
			t.db,
			{ nip: '198001012005011099', password: 'x', address: '10.9.9.10' },
			new Date(t0 + 100)
		);
		expect(other).toMatchObject({ ok: false, reason: 'invalid' });
	});
});

describe('password change', () => {
	it('requires the current password, applies the policy and ends other sessions', async () => {
		const p = await makePerson(t.db, { unitId, fullName: 'Siti Rahmawati' });
		const keep = await createSession(t.db, p.id);
		const other = await createSession(t.db, p.id);
		const sessionId = keep.split('.')[0];
		expect(
			await changeOwnPassword(t.db, {
				personId: p.id,
				sessionId,
				current: 'salah',
				next: 'kopi-tubruk-pagi'
			})
		).toMatchObject({ ok: false, problem: 'password_current_wrong' });
		expect(
			await changeOwnPassword(t.db, {
				personId: p.id,
				sessionId,
				current: TEST_PASSWORD,
				next: 'rahmawati-2026'
			})
		).toMatchObject({ ok: false, problem: 'password_contains_name' });
		expect(
			await changeOwnPassword(t.db, {
				personId: p.id,
				sessionId,
				current: TEST_PASSWORD,
				next: TEST_PASSWORD
			})
		).toMatchObject({ ok: false, problem: 'password_same_as_old' });
		expect(await validateSessionToken(t.db, other)).not.toBeNull();
		expect(
			await changeOwnPassword(t.db, {
				personId: p.id,
				sessionId,
				current: TEST_PASSWORD,
				next: 'kopi-tubruk-pagi'
			})
		).toEqual({ ok: true });
		expect(await validateSessionToken(t.db, keep)).not.toBeNull();
		expect(await validateSessionToken(t.db, other)).toBeNull();
		expect(
			(await login(t.db, { nip: p.nip, password: 'kopi-tubruk-pagi', address: '10.3.0.1' })).ok
		).toBe(true);
		const audit = await t.db
			.selectFrom('audit_log')
			.selectAll()
			.where('object_id', '=', String(p.id))
			.execute();
		expect(audit.map((a) => a.action)).toContain('person.password_change');
		expect(JSON.stringify(audit)).not.toContain('kopi-tubruk-pagi');
	});

	it('lets a person with a temporary password set one without the current password, once', async () => {
		const p = await makePerson(t.db, { unitId, mustChangePassword: true });
		const session = await createSession(t.db, p.id);
		const sessionId = session.split('.')[0];
		expect((await validateSessionToken(t.db, session))?.user.mustChangePassword).toBe(true);
		expect(
			await changeOwnPassword(t.db, {
				personId: p.id,
				sessionId,
				next: 'kopi-tubruk-pagi',
				firstLogin: true
			})
		).toEqual({ ok: true });
		expect((await validateSessionToken(t.db, session))?.user.mustChangePassword).toBe(false);
		// The chosen password gets the full-strength hash, whatever hashed the temporary one.
		const stored = await t.db
			.selectFrom('person')
			.select('password_hash')
			.where('id', '=', p.id)
			.executeTakeFirstOrThrow();
		expect(stored.password_hash).toContain('$m=19456,t=2,p=1$');
		// Now that it is their own password, "first login" no longer skips the current one.
		expect(
			await changeOwnPassword(t.db, {
				personId: p.id,
				sessionId,
				next: 'teh-manis-sore',
				firstLogin: true
			})
		).toMatchObject({ ok: false, problem: 'password_current_wrong' });
	});
});
