import { sql } from 'kysely';
import type { AnyDb } from './util';
import { timestamp } from './util';

// Temporary passwords that expire.
export async function up(db: AnyDb): Promise<void> {
	// Null: no expiry (a password the person chose, or none).
	await db.schema
		.alterTable('person')
		.addColumn('temporary_password_expires_at', timestamp)
		.execute();
	// Temporary passwords issued before this upgrade get the default 72 hours from now, rather
	// than staying good forever or all failing at once.
	const expires = new Date(Date.now() + 72 * 3_600_000).toISOString();
	await sql`update person set temporary_password_expires_at = ${expires}
		where must_change_password = 1`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.alterTable('person').dropColumn('temporary_password_expires_at').execute();
}
