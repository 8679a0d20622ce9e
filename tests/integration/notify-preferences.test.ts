import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import { getNotifySettings, saveNotifySettings } from '$lib/server/notify/preferences';
import { linkSecret, unsubscribeToken } from '$lib/server/notify/unsubscribe';
import { oneClickHandler } from '$lib/server/notify/oneClick';
import { notifySettingsSchema } from '$lib/validation/notify';
import { parseForm } from '$lib/server/forms';

let t: TestDb;
let person: number;
let server: Server;
let base: string;

beforeAll(async () => {
	t = await createTestDb();
	person = (await makePerson(t.db, { unitId: await makeUnit(t.db) })).id;
	const handle = oneClickHandler(t.db);
	server = createServer((req, res) => {
		if (!handle(req, res)) {
			res.statusCode = 404;
			res.end();
		}
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
	await new Promise<void>((r) => server.close(() => r()));
	await t.destroy();
});

const form = (fields: [string, string][]) => {
	const f = new FormData();
	for (const [k, v] of fields) f.append(k, v);
	return f;
};

describe('notification settings', () => {
	it('records consent with its time, keeps it while the number stands, and clears both on withdrawal', async () => {
		const t0 = new Date('2026-11-01T03:00:00Z');
		await saveNotifySettings(
			t.db,
			person,
			{
				contact: {
					email: 'a@pemda.test',
					phone: '+6281234567890',
					phoneConsent: true,
					digest: true
				},
				enabled: ['notif_phase:email']
			},
			t0
		);
		let s = await getNotifySettings(t.db, person);
		expect(s).toMatchObject({ email: 'a@pemda.test', phone: '+6281234567890', digest: true });
		expect(s.phoneConsentAt).toBe(t0.toISOString());
		expect(s.enabled['notif_phase:email']).toBe(true);
		expect(s.enabled['notif_status:email']).toBe(false);

		await saveNotifySettings(
			t.db,
			person,
			{
				contact: {
					email: 'a@pemda.test',
					phone: '+6281234567890',
					phoneConsent: true,
					digest: false
				},
				enabled: []
			},
			new Date('2026-11-02T03:00:00Z')
		);
		expect((await getNotifySettings(t.db, person)).phoneConsentAt).toBe(t0.toISOString());

		await saveNotifySettings(t.db, person, {
			contact: { email: null, phone: '+6281234567890', phoneConsent: false, digest: false },
			enabled: []
		});
		s = await getNotifySettings(t.db, person);
		expect(s.phone).toBeNull();
		expect(s.phoneConsentAt).toBeNull();
	});

	it('refuses a number without consent and a malformed one, with localised messages', () => {
		const noConsent = parseForm(
			notifySettingsSchema,
			form([
				['email', ''],
				['phone', '0812 3456 7890']
			])
		);
		expect(noConsent.ok).toBe(false);
		if (!noConsent.ok) expect(noConsent.errors.phone_consent).toContain('persetujuan');
		const bad = parseForm(
			notifySettingsSchema,
			form([
				['email', 'bukan-email'],
				['phone', '12345'],
				['phone_consent', 'on']
			])
		);
		expect(bad.ok).toBe(false);
		if (!bad.ok) {
			expect(bad.errors.email).toBe('Alamat email tidak valid.');
			expect(bad.errors.phone).toContain('Nomor ponsel tidak valid');
		}
		const good = parseForm(
			notifySettingsSchema,
			form([
				['email', ' a@pemda.test '],
				['phone', '0812-3456-7890'],
				['phone_consent', 'on'],
				['on[]', 'notif_phase:email']
			])
		);
		expect(good.ok && good.data.phone).toBe('+6281234567890');
	});

	it('one-click unsubscribe (RFC 8058) turns off exactly the kind and channel the token names', async () => {
		await saveNotifySettings(t.db, person, {
			contact: { email: 'a@pemda.test', phone: null, phoneConsent: false, digest: false },
			enabled: ['notif_phase:email', 'notif_status:email']
		});
		const token = unsubscribeToken(await linkSecret(t.db), {
			personId: person,
			kind: 'notif_phase',
			channel: 'email'
		});
		const res = await fetch(`${base}/unsubscribe/${token}`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'List-Unsubscribe=One-Click'
		});
		expect(res.status).toBe(200);
		const s = await getNotifySettings(t.db, person);
		expect(s.enabled['notif_phase:email']).toBe(false);
		expect(s.enabled['notif_status:email']).toBe(true);

		const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
		const refused = await fetch(`${base}/unsubscribe/${forged}`, {
			method: 'POST',
			body: 'List-Unsubscribe=One-Click'
		});
		expect(refused.status).toBe(400);
		// The page's own button (?/confirm) and GETs stay SvelteKit's.
		expect((await fetch(`${base}/unsubscribe/${token}`)).status).toBe(404);
	});
});
