// npm run db:migrate — applies pending migrations to DATABASE_URL (default: data/mufakat.db).
import { db, databaseUrl } from '$lib/server/db';
import { migrateOrThrow } from '$lib/server/db/migrate';

try {
	const applied = await migrateOrThrow(db);
	console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
	console.log(`Database: ${databaseUrl.replace(/\/\/[^@]*@/, '//…@')}`);
} catch (e) {
	console.error((e as Error).message);
	process.exitCode = 1;
} finally {
	await db.destroy();
}
