import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressObject, ParsedMail } from 'mailparser';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import { startReceiver, startSmtp, type TestReceiver, type TestSmtp } from '../helpers/mail';
import { DEFAULT_CONSENSUS_RULE, DEFAULT_CRITERIA } from '$lib/rounds/criteria';
import { transitionRound } from '$lib/server/rounds/phase';
import { notify } from '$lib/server/notifications';
import { OutboxWorker } from '$lib/server/notify/worker';
import { smtpChannel, DEFAULT_WEBHOOK_BODY } from '$lib/server/notify/channels';
import { deliveryCounts, failedMessages, MAX_ATTEMPTS } from '$lib/server/notify/outbox';
import { saveContact, setPreference } from '$lib/server/notify/preferences';
import { linkSecret, readUnsubscribeToken, unsubscribeToken } from '$lib/server/notify/unsubscribe';
import { createRatingRound } from '$lib/server/ratings/fixture';
import { submitBallot } from '$lib/server/ratings/ballots';

const ORIGIN = 'http://mufakat.test:4188';
let t: TestDb;
let smtp: TestSmtp;
let facilitator: number;

beforeAll(async () => {
	t = await createTestDb();
	smtp = await startSmtp();
	const unit = await makeUnit(t.db);
	facilitator = (await makePerson(t.db, { unitId: unit, roles: ['asn', 'facilitator'] })).id;
});
afterAll(async () => {
	await smtp.close();
	await t.destroy();
});

/** A unit with `n` staff, each with an email address; the first reads English. */
async function staffUnit(n: number, opts: { english?: boolean } = {}) {
	const unit = await makeUnit(t.db);
	const people = [];
	for (let i = 0; i < n; i++) {
		const p = await makePerson(t.db, { unitId: unit });
		await saveContact(t.db, p.id, {
			email: `asn${p.id}@pemda.test`,
			phone: null,
			phoneConsent: false,
			digest: false
		});
		if (i === 0 && opts.english) {
			await t.db.updateTable('person').set({ locale: 'en' }).where('id', '=', p.id).execute();
		}
		people.push(p);
	}
	return { unit, people };
}

async function draftRound(unit: number, title: string): Promise<number> {
	const now = new Date().toISOString();
	const row = await t.db
		.insertInto('round')
		.values({
			title,
			purpose: 'Uji',
			phase: 'draft',
			scope_json: JSON.stringify({ units: [{ id: unit, descendants: true }], positionTypes: [] }),
			criteria_json: JSON.stringify(DEFAULT_CRITERIA),
			consensus_rule_json: JSON.stringify(DEFAULT_CONSENSUS_RULE),
			phase_changed_at: now,
			created_by: facilitator,
			created_at: now,
			updated_at: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

function worker(extra: Partial<ConstructorParameters<typeof OutboxWorker>[0]> = {}) {
	return new OutboxWorker({
		db: t.db,
		origin: ORIGIN,
		email: smtpChannel(smtp.url, 'Mufakat <no-reply@mufakat.test>', 'mufakat.test'),
		webhook: null,
		...extra
	});
}

async function drain(w: OutboxWorker) {
	while ((await w.runOnce()) > 0);
}

const to = (mail: ParsedMail) => (mail.to as AddressObject).text;
/** A header exactly as it arrived. */
const rawHeader = (mail: ParsedMail, name: string) =>
	mail.headerLines
		.find((h) => h.key === name)
		?.line.slice(name.length + 1)
		.trim();

describe('outbox and email', () => {
	it('opening a round emails everyone in scope once, in their language, with a working link and one-click unsubscribe', async () => {
		const { unit, people } = await staffUnit(3, { english: true });
		const roundId = await draftRound(unit, 'Putaran Surel');
		const before = smtp.received.length;
		await transitionRound(t.db, roundId, 'proposing', facilitator);
		const queued = await t.db
			.selectFrom('outbox_message')
			.select(['person_id', 'channel', 'status'])
			.where('round_id', '=', roundId)
			.execute();
		expect(queued.map((q) => q.person_id).sort()).toEqual(people.map((p) => p.id).sort());
		expect(smtp.received.length).toBe(before); // queued, not sent by the request

		await drain(worker());
		await drain(worker()); // a second pass finds nothing left to send
		const mails = smtp.received.slice(before);
		expect(mails).toHaveLength(3);
		const english = mails.find((m) => to(m).includes(`asn${people[0].id}@`))!;
		const indonesian = mails.find((m) => to(m).includes(`asn${people[1].id}@`))!;
		expect(english.subject).toContain('Consultation round “Putaran Surel” is open for you');
		expect(indonesian.subject).toContain('Putaran konsultasi “Putaran Surel” dibuka untuk Anda');
		expect(indonesian.text).toContain(`${ORIGIN}/rounds/${roundId}`);
		expect(indonesian.html).toContain(`href="${ORIGIN}/rounds/${roundId}"`);
		expect(rawHeader(indonesian, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
		const unsub = rawHeader(indonesian, 'list-unsubscribe')!;
		expect(unsub).toMatch(new RegExp(`^<${ORIGIN}/unsubscribe/`));
		const token = unsub.match(/\/unsubscribe\/([^>\s]+)/)![1];
		expect(readUnsubscribeToken(await linkSecret(t.db), token)).toEqual({
			personId: people[1].id,
			kind: 'notif_round_open',
			channel: 'email'
		});
		expect(await deliveryCounts(t.db, roundId)).toEqual([
			{ channel: 'email', status: 'sent', n: 3 }
		]);
	});

	it('writes nothing to the outbox when the change that caused it rolls back', async () => {
		const { people } = await staffUnit(1);
		await expect(
			t.db.transaction().execute(async (trx) => {
				await notify(trx, [{ personId: people[0].id, kind: 'notif_phase', roundId: null }]);
				throw new Error('the cause failed');
			})
		).rejects.toThrow('the cause failed');
		const rows = await t.db
			.selectFrom('outbox_message')
			.select('id')
			.where('person_id', '=', people[0].id)
			.execute();
		expect(rows).toEqual([]);
	});

	it('keeps messages queued while SMTP refuses, retries with back-off, and sends each once', async () => {
		const { people } = await staffUnit(2);
		await notify(
			t.db,
			people.map((p) => ({
				personId: p.id,
				kind: 'notif_phase' as const,
				params: { title: 'X', phase: 'rating' }
			}))
		);
		const before = smtp.received.length;
		let clock = new Date();
		const w = worker({ now: () => clock });
		smtp.refuse = true;
		await w.runOnce();
		smtp.refuse = false;
		const waiting = await t.db
			.selectFrom('outbox_message')
			.select(['status', 'attempts', 'available_at', 'last_error'])
			.where(
				'person_id',
				'in',
				people.map((p) => p.id)
			)
			.execute();
		expect(waiting.every((r) => r.status === 'pending' && r.attempts === 1)).toBe(true);
		expect(waiting[0].last_error).toContain('451');
		expect(waiting.every((r) => r.available_at > clock.toISOString())).toBe(true);
		await w.runOnce(); // not due yet
		expect(smtp.received.length).toBe(before);
		clock = new Date(clock.getTime() + 3_600_000);
		await drain(w);
		await drain(w);
		expect(smtp.received.length - before).toBe(2);
	});

	it('never sends a kind the person turned off, even one queued before they did', async () => {
		const { people } = await staffUnit(2);
		const [a, b] = people;
		await notify(t.db, [
			{ personId: a.id, kind: 'notif_status', params: { name: 'N', status: 'shortlisted' } }
		]);
		await setPreference(t.db, a.id, 'notif_status', 'email', false);
		await setPreference(t.db, b.id, 'notif_status', 'email', false);
		await notify(t.db, [
			{ personId: b.id, kind: 'notif_status', params: { name: 'N', status: 'shortlisted' } }
		]);
		const before = smtp.received.length;
		await drain(worker());
		expect(smtp.received.length).toBe(before);
		const rows = await t.db
			.selectFrom('outbox_message')
			.select(['person_id', 'status'])
			.where('person_id', 'in', [a.id, b.id])
			.execute();
		expect(rows).toEqual([{ person_id: a.id, status: 'skipped' }]);
	});

	it('refuses a tampered unsubscribe token', async () => {
		const secret = await linkSecret(t.db);
		const good = unsubscribeToken(secret, { personId: 7, kind: 'notif_phase', channel: 'email' });
		const forged =
			Buffer.from('8.notif_phase.email').toString('base64url') + '.' + good.split('.')[1];
		expect(readUnsubscribeToken(secret, good)).not.toBeNull();
		expect(readUnsubscribeToken(secret, forged)).toBeNull();
		expect(readUnsubscribeToken(secret, 'not-a-token')).toBeNull();
	});

	it('gathers a digest reader’s emails into one message at digest time', async () => {
		const { people } = await staffUnit(1);
		const p = people[0];
		await saveContact(t.db, p.id, {
			email: `asn${p.id}@pemda.test`,
			phone: null,
			phoneConsent: false,
			digest: true
		});
		const now = new Date();
		await notify(
			t.db,
			[
				{ personId: p.id, kind: 'notif_status', params: { name: 'Satu', status: 'shortlisted' } },
				{ personId: p.id, kind: 'notif_official_response', params: { name: 'Dua' } }
			],
			now
		);
		const before = smtp.received.length;
		let clock = now;
		const w = worker({ now: () => clock });
		await drain(w);
		expect(smtp.received.length).toBe(before); // waits for the digest hour
		clock = new Date(now.getTime() + 25 * 3_600_000);
		await drain(w);
		const mails = smtp.received.slice(before);
		expect(mails).toHaveLength(1);
		expect(mails[0].subject).toBe('Ringkasan harian Mufakat: 2 pemberitahuan');
		expect(mails[0].text).toContain('“Satu”');
		expect(mails[0].text).toContain('“Dua”');
	});

	it('two workers at once deliver every message exactly once', async () => {
		const { people } = await staffUnit(12);
		await notify(
			t.db,
			people.map((p) => ({
				personId: p.id,
				kind: 'notif_phase' as const,
				params: { title: 'Y', phase: 'rating' }
			}))
		);
		const before = smtp.received.length;
		const a = worker({ batch: 3 });
		const b = worker({ batch: 3 });
		await Promise.all([drain(a), drain(b)]);
		const mails = smtp.received.slice(before).map(to).sort();
		expect(mails).toHaveLength(12);
		expect(new Set(mails).size).toBe(12);
	});
});

describe('WhatsApp/SMS gateway', () => {
	let gateway: TestReceiver;
	beforeAll(async () => {
		gateway = await startReceiver();
	});
	afterAll(() => gateway.close());

	const webhook = () => ({
		url: gateway.url,
		auth: 'Authorization: Bearer rahasia-gateway',
		bodyTemplate: DEFAULT_WEBHOOK_BODY,
		timeoutMs: 2_000
	});

	it('sends only a short text and a link, retrying after errors', async () => {
		const unit = await makeUnit(t.db);
		const p = await makePerson(t.db, { unitId: unit });
		await saveContact(t.db, p.id, {
			email: null,
			phone: '+6281234567890',
			phoneConsent: true,
			digest: false
		});
		await notify(t.db, [
			{
				personId: p.id,
				kind: 'notif_status',
				roundId: null,
				params: { name: 'Rahasia usulan', status: 'shortlisted' }
			}
		]);
		gateway.answers = [500];
		let clock = new Date();
		const w = worker({ email: null, webhook: webhook(), now: () => clock });
		await w.runOnce();
		clock = new Date(clock.getTime() + 3_600_000);
		await drain(w);
		expect(gateway.requests).toHaveLength(2);
		const last = gateway.requests[1];
		expect(last.headers.authorization).toBe('Bearer rahasia-gateway');
		const body = JSON.parse(last.body);
		expect(body.phone).toBe('+6281234567890');
		expect(body.message).toContain(`${ORIGIN}/notifications`);
		expect(last.body).not.toContain('Rahasia usulan');
	});

	it('gives up after the last attempt and shows admins why', async () => {
		const unit = await makeUnit(t.db);
		const p = await makePerson(t.db, { unitId: unit, fullName: 'Penerima Gagal' });
		await saveContact(t.db, p.id, {
			email: null,
			phone: '+6281200000001',
			phoneConsent: true,
			digest: false
		});
		await notify(t.db, [
			{ personId: p.id, kind: 'notif_phase', params: { title: 'Z', phase: 'rating' } }
		]);
		gateway.answers = Array(MAX_ATTEMPTS).fill(500);
		let clock = new Date();
		const w = worker({ email: null, webhook: webhook(), now: () => clock });
		for (let i = 0; i < MAX_ATTEMPTS; i++) {
			await w.runOnce();
			clock = new Date(clock.getTime() + 2 * 3_600_000);
		}
		const failed = (await failedMessages(t.db)).filter((f) => f.full_name === 'Penerima Gagal');
		expect(failed).toHaveLength(1);
		expect(failed[0].last_error).toBe('gateway answered HTTP 500');
		expect(failed[0].attempts).toBe(MAX_ATTEMPTS);
	});
});

describe('reminders keep ballots secret', () => {
	it('reach only those who have not rated, and leave no row behind either way', async () => {
		const { unit, people } = await staffUnit(4);
		const { roundId, indicatorIds } = await createRatingRound(t.db, {
			title: 'Putaran Pengingat',
			createdBy: facilitator,
			authorId: facilitator,
			authorUnitId: unit,
			scope: { units: [{ id: unit, descendants: true }], positionTypes: [] },
			indicators: ['Indikator A']
		});
		const now = new Date();
		await t.db
			.insertInto('round_schedule')
			.values({
				round_id: roundId,
				phase: 'rating',
				starts_at: null,
				ends_at: new Date(now.getTime() + 3_600_000).toISOString()
			})
			.execute();
		const scores = Object.fromEntries(DEFAULT_CRITERIA.map((c) => [c.key, 4]));
		for (const voter of people.slice(0, 2)) {
			await submitBallot(t.db, {
				roundId,
				personId: voter.id,
				indicatorId: indicatorIds[0],
				iteration: 0,
				scores
			});
		}
		const before = smtp.received.length;
		const w = worker();
		await drain(w);
		const mails = smtp.received.slice(before);
		expect(mails.map(to).sort()).toEqual(
			people
				.slice(2)
				.map((p) => `asn${p.id}@pemda.test`)
				.sort()
		);
		expect(mails[0].subject).toContain('Putaran Pengingat');
		const left = await t.db
			.selectFrom('outbox_message')
			.select('id')
			.where('round_id', '=', roundId)
			.execute();
		expect(left).toEqual([]);
		await drain(w); // scheduled once: nothing is queued again
		expect(smtp.received.length - before).toBe(2);
	});
});

describe('worker options', () => {
	it('keeps its defaults for options passed as undefined (as the server does when unset)', async () => {
		const w = worker({ leaseMs: undefined, idleMs: undefined, batch: undefined, now: undefined });
		expect(await w.runOnce()).toBeGreaterThanOrEqual(0);
	});
});
