import type { Generated, Selectable } from 'kysely';

export type OutboxChannel = 'email' | 'webhook';
export type OutboxStatus = 'pending' | 'sent' | 'skipped' | 'failed';

/** One message to one person on one channel, delivered by the outbox worker. */
export interface OutboxMessageTable {
	id: Generated<number>;
	/** Unique per message and channel: the same message is never queued twice. */
	idempotency_key: string;
	channel: OutboxChannel;
	person_id: number;
	kind: string;
	round_id: number | null;
	/** Path inside the app the message links to (joined to ORIGIN at send time). */
	link: string;
	params_json: string;
	status: Generated<OutboxStatus>;
	attempts: Generated<number>;
	available_at: string;
	lease_owner: string | null;
	lease_until: string | null;
	last_error: string | null;
	sort_key: string;
	created_at: string;
	done_at: string | null;
}

export interface NotifyContactTable {
	person_id: number;
	email: string | null;
	phone: string | null;
	phone_consent_at: string | null;
	digest: Generated<number>;
	updated_at: string;
}

export interface NotifyPreferenceTable {
	person_id: number;
	kind: string;
	channel: OutboxChannel;
	enabled: number;
	updated_at: string;
}

export interface NotifyTables {
	outbox_message: OutboxMessageTable;
	notify_contact: NotifyContactTable;
	notify_preference: NotifyPreferenceTable;
}

export type OutboxMessage = Selectable<OutboxMessageTable>;
