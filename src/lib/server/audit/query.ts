import { sql, type Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { normalizeNip } from '$lib/nip';
import { searchable } from '$lib/text';
import { toCsv } from '$lib/server/csv';

export const AUDIT_PAGE_SIZE = 50;
/** An export is for a period, not the whole history at once. */
export const AUDIT_EXPORT_MAX = 100_000;

export interface AuditFilter {
	/** Actor NIP (or its start) or part of their name. */
	actor?: string;
	action?: string;
	objectType?: string;
	objectId?: string;
	/** Inclusive dates, YYYY-MM-DD (UTC). */
	from?: string;
	to?: string;
}

export interface AuditItem {
	id: number;
	at: string;
	actorId: number | null;
	actorNip: string | null;
	actorName: string | null;
	action: string;
	objectType: string;
	objectId: string | null;
	before: string | null;
	after: string | null;
}

function filtered(db: Kysely<Database>, f: AuditFilter) {
	let q = db.selectFrom('audit_log').leftJoin('person', 'person.id', 'audit_log.actor_id');
	const actor = (f.actor ?? '').trim();
	if (actor) {
		const digits = normalizeNip(actor);
		if (/^\d+$/.test(digits)) q = q.where('person.nip', 'like', `${digits}%`);
		else {
			for (const w of searchable(actor).split(' ').filter(Boolean)) {
				q = q.where(
					sql<boolean>`person.name_search like ${`%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`
				);
			}
		}
	}
	if (f.action) q = q.where('audit_log.action', '=', f.action);
	if (f.objectType) q = q.where('audit_log.object_type', '=', f.objectType);
	if (f.objectId) q = q.where('audit_log.object_id', '=', f.objectId);
	// ISO timestamps sort as text, so a date range is a string range on both dialects.
	if (f.from) q = q.where('audit_log.at', '>=', `${f.from}T00:00:00.000Z`);
	if (f.to) q = q.where('audit_log.at', '<=', `${f.to}T23:59:59.999Z`);
	return q;
}

const COLUMNS = [
	'audit_log.id',
	'audit_log.at',
	'audit_log.actor_id',
	'person.nip as actor_nip',
	'person.full_name as actor_name',
	'audit_log.action',
	'audit_log.object_type',
	'audit_log.object_id',
	'audit_log.before_json',
	'audit_log.after_json'
] as const;

type Row = {
	id: number;
	at: string;
	actor_id: number | null;
	actor_nip: string | null;
	actor_name: string | null;
	action: string;
	object_type: string;
	object_id: string | null;
	before_json: string | null;
	after_json: string | null;
};

const toItem = (r: Row): AuditItem => ({
	id: r.id,
	at: r.at,
	actorId: r.actor_id,
	actorNip: r.actor_nip,
	actorName: r.actor_name,
	action: r.action,
	objectType: r.object_type,
	objectId: r.object_id,
	before: r.before_json,
	after: r.after_json
});

/** One page of the audit log, newest first. */
export async function queryAudit(
	db: Kysely<Database>,
	f: AuditFilter,
	page = 1,
	pageSize = AUDIT_PAGE_SIZE
): Promise<{ items: AuditItem[]; total: number; page: number; pages: number }> {
	const count = await filtered(db, f)
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	const total = Number(count.n);
	const pages = Math.max(1, Math.ceil(total / pageSize));
	const p = Math.min(Math.max(1, page), pages);
	const rows = (await filtered(db, f)
		.select([...COLUMNS])
		.orderBy('audit_log.id', 'desc')
		.limit(pageSize)
		.offset((p - 1) * pageSize)
		.execute()) as Row[];
	return { items: rows.map(toItem), total, page: p, pages };
}

/** The distinct actions and object types recorded so far, for the filter lists. */
export async function auditVocabulary(db: Kysely<Database>) {
	const actions = await db
		.selectFrom('audit_log')
		.select('action')
		.distinct()
		.orderBy('action')
		.execute();
	const types = await db
		.selectFrom('audit_log')
		.select('object_type')
		.distinct()
		.orderBy('object_type')
		.execute();
	return { actions: actions.map((a) => a.action), objectTypes: types.map((t) => t.object_type) };
}

/** The filtered log as CSV (newest first), capped at AUDIT_EXPORT_MAX rows. */
export async function auditCsv(
	db: Kysely<Database>,
	f: AuditFilter,
	header: string[]
): Promise<string> {
	const rows = (await filtered(db, f)
		.select([...COLUMNS])
		.orderBy('audit_log.id', 'desc')
		.limit(AUDIT_EXPORT_MAX)
		.execute()) as Row[];
	return toCsv(
		header,
		rows.map((r) => [
			r.id,
			r.at,
			r.actor_nip ?? '',
			r.actor_name ?? '',
			r.action,
			r.object_type,
			r.object_id ?? '',
			r.before_json ?? '',
			r.after_json ?? ''
		])
	);
}
