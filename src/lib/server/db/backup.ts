import { existsSync } from 'node:fs';
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
	if (existsSync(path)) throw new Error(`${path} already exists; choose a new file name`);
	const sqlite = new SQLite(source, { readonly: true, fileMustExist: true });
	try {
		const { totalPages } = await sqlite.backup(path);
		return { pages: totalPages, path };
	} finally {
		sqlite.close();
	}
}
