import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { smtpChannel, webhookFromEnv } from './channels';
import { OutboxWorker } from './worker';

/**
 * The server's outbox worker, from the environment: SMTP_URL and MAIL_FROM for email,
 * NOTIFY_WEBHOOK_* for WhatsApp/SMS. NOTIFY_WORKER=0 keeps it off (e.g. on app servers that only
 * serve pages while another runs the worker — though several workers may share one database).
 * Messages are queued either way; they wait until a worker runs.
 */
export function startOutboxWorker(db: Kysely<Database>, env = process.env): OutboxWorker | null {
	if (env.NOTIFY_WORKER === '0') return null;
	const webhook = webhookFromEnv(env);
	if (!env.SMTP_URL && !webhook) return null;
	const origin = env.ORIGIN ?? 'http://localhost:3000';
	const email = env.SMTP_URL
		? smtpChannel(
				env.SMTP_URL,
				env.MAIL_FROM ?? `Mufakat <no-reply@${new URL(origin).hostname}>`,
				new URL(origin).hostname
			)
		: null;
	const worker = new OutboxWorker({
		db,
		origin,
		email,
		webhook,
		leaseMs: env.NOTIFY_LEASE_SECONDS ? Number(env.NOTIFY_LEASE_SECONDS) * 1000 : undefined,
		idleMs: env.NOTIFY_POLL_MS ? Number(env.NOTIFY_POLL_MS) : undefined
	});
	worker.start();
	const stop = () => {
		void worker.stop().then(() => email?.close());
	};
	process.once('SIGTERM', stop);
	process.once('SIGINT', stop);
	return worker;
}
