import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressObject } from 'mailparser';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import { startSmtp, type TestSmtp } from '../helpers/mail';
import { notify } from '$lib/server/notifications';
import { saveContact } from '$lib/server/notify/preferences';

const N = 8;
let t: TestDb;
let smtp: TestSmtp;
const children: ChildProcess[] = [];

beforeAll(async () => {
	t = await createTestDb();
	smtp = await startSmtp();
});
afterAll(async () => {
	for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
	await smtp.close();
	await t.destroy();
});

/** The outbox worker as its own process (npm run notify:worker), like a deployment runs it. */
function startWorker(): ChildProcess {
	const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/notify-worker.ts'], {
		env: {
			...process.env,
			DATABASE_URL: t.url,
			SMTP_URL: smtp.url,
			ORIGIN: 'http://mufakat.test',
			NOTIFY_LEASE_SECONDS: '1',
			NOTIFY_POLL_MS: '100'
		},
		stdio: ['ignore', 'ignore', 'inherit']
	});
	children.push(child);
	return child;
}

describe('a worker killed with SIGKILL in the middle of a send', () => {
	it('loses nothing and sends nothing twice once a worker runs again', async () => {
		const unit = await makeUnit(t.db);
		const people = [];
		for (let i = 0; i < N; i++) {
			const p = await makePerson(t.db, { unitId: unit });
			await saveContact(t.db, p.id, {
				email: `asn${p.id}@pemda.test`,
				phone: null,
				phoneConsent: false,
				digest: false
			});
			people.push(p);
		}
		await notify(
			t.db,
			people.map((p) => ({
				personId: p.id,
				kind: 'notif_phase' as const,
				params: { title: 'Uji mati mendadak', phase: 'rating' }
			}))
		);

		// The SMTP server holds on to the third message: the worker is mid-send (DATA sent, no
		// answer yet) when it is killed, so that message was never accepted.
		let killed!: () => void;
		const killedNow = new Promise<void>((resolve) => (killed = resolve));
		const first = startWorker();
		smtp.gate = async () => {
			if (smtp.received.length === 2) {
				first.kill('SIGKILL');
				killed();
				await new Promise(() => {}); // never accepted
			}
		};
		await killedNow;
		await new Promise<void>((resolve) =>
			first.exitCode !== null ? resolve() : first.once('exit', () => resolve())
		);
		expect(first.signalCode).toBe('SIGKILL');
		expect(smtp.received).toHaveLength(2);

		smtp.gate = null;
		const second = startWorker();
		await smtp.waitFor(N, 60_000);
		await new Promise((r) => setTimeout(r, 1_500)); // room for any duplicate to show up
		second.kill('SIGTERM');

		const recipients = smtp.received.map((m) => (m.to as AddressObject).text).sort();
		expect(recipients).toEqual(people.map((p) => `asn${p.id}@pemda.test`).sort());
		const rows = await t.db
			.selectFrom('outbox_message')
			.select(['status'])
			.where(
				'person_id',
				'in',
				people.map((p) => p.id)
			)
			.execute();
		expect(rows.map((r) => r.status)).toEqual(Array(N).fill('sent'));
	}, 120_000);
});
