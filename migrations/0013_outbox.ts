import type { AnyDb } from './util';
import { timestamp, withId } from './util';

/*
 * Outgoing messages (email, WhatsApp/SMS gateway) go through a durable outbox: a row is written in
 * the same transaction as the change that causes it, and a worker delivers it later (see
 * src/lib/server/notify/). `idempotency_key` is unique, so writing the same message twice for the
 * same channel is impossible; the lease columns let several app servers share the work.
 *
 * Reminder rows (kind `reminder_*`) are deleted once the worker has dealt with them, whether it
 * sent one or decided the person had already taken part, and never carry an attempt count or an
 * error: a reminder row's state must not tell who voted (README, "Privacy").
 */
export async function up(db: AnyDb): Promise<void> {
	await withId(db, db.schema.createTable('outbox_message'))
		.addColumn('idempotency_key', 'varchar(200)', (c) => c.notNull().unique())
		.addColumn('channel', 'varchar(12)', (c) => c.notNull())
		.addColumn('person_id', 'integer', (c) => c.notNull().references('person.id'))
		.addColumn('kind', 'varchar(40)', (c) => c.notNull())
		.addColumn('round_id', 'integer')
		.addColumn('link', 'varchar(400)', (c) => c.notNull())
		.addColumn('params_json', 'text', (c) => c.notNull())
		// pending → sent | skipped (nobody to send to, or opted out) | failed (gave up).
		.addColumn('status', 'varchar(10)', (c) => c.notNull().defaultTo('pending'))
		.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('available_at', timestamp, (c) => c.notNull())
		.addColumn('lease_owner', 'varchar(64)')
		.addColumn('lease_until', timestamp)
		.addColumn('last_error', 'varchar(500)')
		// Random, so reminder rows are worked through in no meaningful order.
		.addColumn('sort_key', 'varchar(32)', (c) => c.notNull())
		.addColumn('created_at', timestamp, (c) => c.notNull())
		.addColumn('done_at', timestamp)
		.execute();
	await db.schema
		.createIndex('outbox_message_due_idx')
		.on('outbox_message')
		.columns(['status', 'available_at'])
		.execute();
	await db.schema
		.createIndex('outbox_message_round_idx')
		.on('outbox_message')
		.columns(['round_id', 'status'])
		.execute();

	// Contact details and consent live beside `person`, not in it: they are optional, personal
	// data, and only the notification worker and the person themselves read them.
	await db.schema
		.createTable('notify_contact')
		.addColumn('person_id', 'integer', (c) => c.primaryKey().references('person.id'))
		.addColumn('email', 'varchar(254)')
		.addColumn('phone', 'varchar(20)')
		.addColumn('phone_consent_at', timestamp)
		// 1 = gather the day's emails into one digest instead of one email per event.
		.addColumn('digest', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('updated_at', timestamp, (c) => c.notNull())
		.execute();

	// Only choices that differ from the default are stored: email on, WhatsApp/SMS on once a
	// phone number with consent is given.
	await db.schema
		.createTable('notify_preference')
		.addColumn('person_id', 'integer', (c) => c.notNull().references('person.id'))
		.addColumn('kind', 'varchar(40)', (c) => c.notNull())
		.addColumn('channel', 'varchar(12)', (c) => c.notNull())
		.addColumn('enabled', 'integer', (c) => c.notNull())
		.addColumn('updated_at', timestamp, (c) => c.notNull())
		.addPrimaryKeyConstraint('notify_preference_pk', ['person_id', 'kind', 'channel'])
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropTable('notify_preference').execute();
	await db.schema.dropTable('notify_contact').execute();
	await db.schema.dropTable('outbox_message').execute();
}
