// npm run import:staff -- file.csv --as <admin NIP> [--apply] — the staff import from a shell,
// sharing every rule with the web import (src/lib/server/import).
import { db } from '$lib/server/db';
import { migrateOrThrow } from '$lib/server/db/migrate';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { CLI_USAGE, parseCliArgs, runImportCli } from '$lib/server/import/cli';

const args = parseCliArgs(process.argv.slice(2));
if (!args) {
	console.error(CLI_USAGE);
	process.exit(2);
}
overwriteGetLocale(() => args.lang);
try {
	await migrateOrThrow(db);
	process.exitCode = await runImportCli(db, args, {
		log: (line) => console.log(line),
		error: (line) => console.error(line)
	});
} finally {
	await db.destroy();
}
