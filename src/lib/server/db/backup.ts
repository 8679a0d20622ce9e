import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { sqlitePath } from './connect';

/**
 * Copies a live SQLite database with SQLite's online backup API: the copy is one consistent
 * snapshot even while the app keeps writing. Refuses to overwrite an existing file.
 */
export async function backupSqlite(databaseUrl: string, target: string) {
	const source = sqlitePath(databaseUrl);
	if (!existsSync(source)) throw new Error(`No database at ${source}`);
	const path = resolve(target);
	// Created first, exclusively and readable by the owner only: a backup holds every account's
	// password hash and everything else in the database. SQLite fills the empty file.
	try {
		closeSync(openSync(path, 'wx', 0o600));
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
			throw new Error(`${path} already exists; choose a new file name`);
		}
		throw e;
	}
	const sqlite = new SQLite(source, { readonly: true, fileMustExist: true });
	try {
		const { totalPages } = await sqlite.backup(path);
		// Whatever the umask did to the mode at creation.
		chmodSync(path, 0o600);
		return { pages: totalPages, path };
	} finally {
		sqlite.close();
	}
}
