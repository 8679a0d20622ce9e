import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ballotSecretLocation } from '$lib/server/ratings/secret';

/*
 * Where the ballot secret lives when BALLOT_SECRET is not set. With the database and the secret,
 * anyone can recompute every person's key and read their ballots; a default inside the database
 * folder put both into every copy and backup of that folder.
 */
const dirs: string[] = [];
function app(): string {
	const dir = mkdtempSync(join(tmpdir(), 'mufakat-secret-'));
	dirs.push(dir);
	return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the ballot secret file', () => {
	it('defaults to its own folder beside the app, not the database folder', () => {
		const cwd = app();
		const at = ballotSecretLocation({}, cwd);
		expect(at).toEqual({ file: join(cwd, 'secrets', 'ballot.key'), warning: null });
		expect(at.file.startsWith(join(cwd, 'data'))).toBe(false);
	});

	it('keeps using an existing data/ballot.key, with a warning that says why to move it', () => {
		const cwd = app();
		mkdirSync(join(cwd, 'data'));
		writeFileSync(join(cwd, 'data', 'ballot.key'), 'x'.repeat(64));
		const at = ballotSecretLocation({}, cwd);
		expect(at.file).toBe(join(cwd, 'data', 'ballot.key'));
		expect(at.warning).toContain('backup');
		expect(at.warning).toContain(join(cwd, 'secrets', 'ballot.key'));
	});

	it('honours BALLOT_SECRET_FILE, and warns when it sits beside the SQLite database', () => {
		const cwd = app();
		expect(ballotSecretLocation({ BALLOT_SECRET_FILE: '/etc/mufakat/ballot.key' }, cwd)).toEqual({
			file: '/etc/mufakat/ballot.key',
			warning: null
		});
		const beside = ballotSecretLocation(
			{ BALLOT_SECRET_FILE: 'db/ballot.key', DATABASE_URL: 'file:db/mufakat.db' },
			cwd
		);
		expect(beside.file).toBe(join(cwd, 'db', 'ballot.key'));
		expect(beside.warning).not.toBeNull();
		expect(
			ballotSecretLocation(
				{ BALLOT_SECRET_FILE: 'db/ballot.key', DATABASE_URL: 'postgres://x@h:5432/m' },
				cwd
			).warning
		).toBeNull();
	});
});
