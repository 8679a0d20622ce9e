// npm run db:seed -- --demo [--force] — loads the deterministic Batanghari demo regency.
import { db } from '$lib/server/db';
import { migrateOrThrow } from '$lib/server/db/migrate';
import { DemoSeedRefusedError, seedDemo } from '$lib/server/seed';

const args = new Set(process.argv.slice(2));
if (!args.has('--demo')) {
	console.error('Usage: npm run db:seed -- --demo [--force]');
	process.exit(2);
}
try {
	await migrateOrThrow(db);
	const started = Date.now();
	const summary = await seedDemo(db, { force: args.has('--force') });
	console.log(
		`Demo data loaded: ${summary.people} people, ${summary.units} units (${Date.now() - started} ms).`
	);
} catch (e) {
	console.error(e instanceof DemoSeedRefusedError ? e.message : e);
	process.exitCode = 1;
} finally {
	await db.destroy();
}
