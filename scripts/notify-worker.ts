// npm run notify:worker — runs the outbox worker on its own, without serving pages (the app server
// runs one too unless NOTIFY_WORKER=0; several may share a database). Configured like the server:
// DATABASE_URL, ORIGIN, SMTP_URL, MAIL_FROM, NOTIFY_WEBHOOK_*; stops on SIGTERM.
import { db } from '$lib/server/db';
import { migrateOrThrow } from '$lib/server/db/migrate';
import { startOutboxWorker } from '$lib/server/notify/start';

await migrateOrThrow(db);
const worker = startOutboxWorker(db);
if (!worker) {
	console.error('Nothing to deliver with: set SMTP_URL and/or NOTIFY_WEBHOOK_URL.');
	process.exit(2);
}
console.log(`Outbox worker ${worker.owner} running.`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
	process.once(signal, () => {
		void worker.stop().then(() => db.destroy());
	});
}
