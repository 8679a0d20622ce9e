// npm run db:backup -- <file> — a consistent online copy of the SQLite database while the app runs.
import { backupSqlite } from '$lib/server/db/backup';
import { databaseUrl, dialect } from '$lib/server/db/settings';

const target = process.argv[2];
if (!target) {
	console.error('Usage: npm run db:backup -- <file>');
	process.exit(2);
}
if (dialect !== 'sqlite') {
	console.error('db:backup copies the SQLite database. For PostgreSQL use pg_dump.');
	process.exit(2);
}
try {
	const { pages, path } = await backupSqlite(databaseUrl, target);
	console.log(`Backup written to ${path} (${pages} pages).`);
} catch (e) {
	console.error(`Backup failed: ${(e as Error).message}`);
	process.exitCode = 1;
}
