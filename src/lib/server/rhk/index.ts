import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { inTransaction, isUniqueViolation } from '$lib/server/db/errors';
import { recordAudit, recordAuditMany } from '$lib/server/audit';
import { cellOf, parseTable, type FileProblem } from '$lib/server/import/parse';
import { RHK_TABLE, type RhkInput, type RhkProblem } from './columns';
import { planRhks, type PlannedRhk, type RhkPlan } from './plan';

type Db = Kysely<Database> | Transaction<Database>;

export type { RhkInput, RhkProblem } from './columns';
export type { RhkPlan } from './plan';

/** One result of a head's plan, as lists and pickers show it. */
export interface HeadRhk {
	id: number;
	unitId: number;
	unitCode: string;
	unitName: string;
	periodStart: string;
	periodEnd: string;
	code: string | null;
	text: string;
	retiredAt: string | null;
	/** How many proposals name it. */
	citedBy: number;
}

/** A change the rules refuse; nothing was written. */
export class RhkRefusal extends Error {
	constructor(
		readonly code: 'not_found' | 'cited' | 'retired' | 'not_retired' | 'not_pending',
		readonly problems: RhkProblem[] = []
	) {
		super(code);
	}
}

/** The RHKs of some units (all when `unitIds` is absent), optionally only those in force on `day`. */
export async function listRhks(
	db: Db,
	filter: { unitIds?: number[]; day?: string; includeRetired?: boolean; ids?: number[] } = {}
): Promise<HeadRhk[]> {
	let q = db
		.selectFrom('head_rhk')
		.innerJoin('org_unit', 'org_unit.id', 'head_rhk.org_unit_id')
		.select((eb) => [
			'head_rhk.id',
			'head_rhk.org_unit_id',
			'org_unit.code as unit_code',
			'org_unit.name as unit_name',
			'head_rhk.period_start',
			'head_rhk.period_end',
			'head_rhk.code',
			'head_rhk.text',
			'head_rhk.retired_at',
			eb
				.selectFrom('indicator')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('indicator.head_rhk_id', '=', 'head_rhk.id')
				.as('cited_by')
		]);
	if (filter.unitIds) {
		if (filter.unitIds.length === 0) return [];
		q = q.where('head_rhk.org_unit_id', 'in', filter.unitIds);
	}
	if (filter.ids) {
		if (filter.ids.length === 0) return [];
		q = q.where('head_rhk.id', 'in', filter.ids);
	}
	if (filter.day) {
		q = q
			.where('head_rhk.period_start', '<=', filter.day)
			.where('head_rhk.period_end', '>=', filter.day);
	}
	if (!filter.includeRetired) q = q.where('head_rhk.retired_at', 'is', null);
	const rows = await q
		.orderBy('org_unit.code')
		.orderBy('head_rhk.period_start', 'desc')
		.orderBy('head_rhk.id')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		unitId: r.org_unit_id,
		unitCode: r.unit_code,
		unitName: r.unit_name,
		periodStart: r.period_start,
		periodEnd: r.period_end,
		code: r.code,
		text: r.text,
		retiredAt: r.retired_at,
		citedBy: Number(r.cited_by ?? 0)
	}));
}

export async function getRhk(db: Db, id: number): Promise<HeadRhk | null> {
	const [rhk] = await listRhks(db, { ids: [id], includeRetired: true });
	return rhk ?? null;
}

function snapshot(r: PlannedRhk) {
	return {
		unitCode: r.unitCode,
		periodStart: r.periodStart,
		periodEnd: r.periodEnd,
		code: r.code,
		text: r.text
	};
}

async function insertPlanned(
	trx: Transaction<Database>,
	rows: PlannedRhk[],
	actorId: number,
	now: string
): Promise<number[]> {
	const ids: number[] = [];
	for (let i = 0; i < rows.length; i += 500) {
		const inserted = await trx
			.insertInto('head_rhk')
			.values(
				rows.slice(i, i + 500).map((r) => ({
					org_unit_id: r.unitId,
					period_start: r.periodStart,
					period_end: r.periodEnd,
					code: r.code,
					text: r.text,
					text_key: r.textKey,
					retired_at: null,
					retired_by: null,
					created_by: actorId,
					created_at: now,
					updated_at: now
				}))
			)
			.returning('id')
			.execute();
		ids.push(...inserted.map((r) => r.id));
	}
	return ids;
}

/**
 * Writes RHKs if every one passes; otherwise writes nothing and returns the problems. Checked
 * again inside the transaction, and a duplicate that slips in concurrently is caught by the
 * unique index and reported the same way.
 */
async function writeAllOrNothing(
	db: Kysely<Database>,
	inputs: RhkInput[],
	actorId: number,
	audit: { action: string; extra?: Record<string, unknown> },
	claim?: (trx: Transaction<Database>) => Promise<void>
): Promise<{ ok: true; ids: number[] } | { ok: false; problems: RhkProblem[] }> {
	const now = new Date().toISOString();
	try {
		return await inTransaction(db, async (trx) => {
			const plan = await planRhks(trx, inputs);
			if (plan.problems.length) return { ok: false as const, problems: plan.problems };
			if (claim) await claim(trx);
			const ids = await insertPlanned(trx, plan.rows, actorId, now);
			await recordAuditMany(
				trx,
				plan.rows.map((r, i) => ({
					actorId,
					action: audit.action,
					objectType: 'head_rhk',
					objectId: ids[i],
					after: { ...snapshot(r), row: r.row || undefined, ...audit.extra }
				}))
			);
			return { ok: true as const, ids };
		});
	} catch (e) {
		if (!isUniqueViolation(e)) throw e;
		return {
			ok: false,
			problems: inputs.map((i) => ({ row: i.row, field: 'text', code: 'duplicate_existing' }))
		};
	}
}

/** One RHK typed on the page; the same checks as a file row. */
export async function createRhk(
	db: Kysely<Database>,
	input: { actorId: number; rhk: Omit<RhkInput, 'row'> }
): Promise<{ ok: true; id: number } | { ok: false; problems: RhkProblem[] }> {
	const r = await writeAllOrNothing(db, [{ ...input.rhk, row: 0 }], input.actorId, {
		action: 'rhk.create'
	});
	return r.ok ? { ok: true, id: r.ids[0] } : r;
}

async function setRetired(
	db: Kysely<Database>,
	input: { id: number; actorId: number },
	retire: boolean
): Promise<void> {
	const now = new Date().toISOString();
	await inTransaction(db, async (trx) => {
		const row = await trx
			.selectFrom('head_rhk')
			.select(['id', 'retired_at'])
			.where('id', '=', input.id)
			.executeTakeFirst();
		if (!row) throw new RhkRefusal('not_found');
		if (retire === !!row.retired_at) throw new RhkRefusal(retire ? 'retired' : 'not_retired');
		await trx
			.updateTable('head_rhk')
			.set({
				retired_at: retire ? now : null,
				retired_by: retire ? input.actorId : null,
				updated_at: now
			})
			.where('id', '=', input.id)
			.execute();
		await recordAudit(trx, {
			actorId: input.actorId,
			action: retire ? 'rhk.retire' : 'rhk.reopen',
			objectType: 'head_rhk',
			objectId: input.id,
			before: { retiredAt: row.retired_at },
			after: { retiredAt: retire ? now : null }
		});
	});
}

/** Retired RHKs stay with their citations (history) but are offered to no new proposal. */
export const retireRhk = (db: Kysely<Database>, input: { id: number; actorId: number }) =>
	setRetired(db, input, true);
export const reopenRhk = (db: Kysely<Database>, input: { id: number; actorId: number }) =>
	setRetired(db, input, false);

/** Deletes an RHK typed by mistake; one that a proposal cites can only be retired. */
export async function deleteRhk(
	db: Kysely<Database>,
	input: { id: number; actorId: number }
): Promise<void> {
	await inTransaction(db, async (trx) => {
		const row = await trx
			.selectFrom('head_rhk')
			.innerJoin('org_unit', 'org_unit.id', 'head_rhk.org_unit_id')
			.select([
				'head_rhk.id',
				'org_unit.code as unit_code',
				'head_rhk.period_start',
				'head_rhk.period_end',
				'head_rhk.code',
				'head_rhk.text'
			])
			.where('head_rhk.id', '=', input.id)
			.executeTakeFirst();
		if (!row) throw new RhkRefusal('not_found');
		const cited = await trx
			.selectFrom('indicator')
			.select('id')
			.where('head_rhk_id', '=', input.id)
			.limit(1)
			.executeTakeFirst();
		if (cited) throw new RhkRefusal('cited');
		await trx.deleteFrom('head_rhk').where('id', '=', input.id).execute();
		await recordAudit(trx, {
			actorId: input.actorId,
			action: 'rhk.delete',
			objectType: 'head_rhk',
			objectId: input.id,
			before: {
				unitCode: row.unit_code,
				periodStart: row.period_start,
				periodEnd: row.period_end,
				code: row.code,
				text: row.text
			}
		});
	});
}

export interface RhkBatch {
	id: number;
	createdBy: number;
	fileName: string;
	status: 'previewed' | 'applied' | 'discarded';
	rows: RhkInput[];
	fileErrors: FileProblem[];
	createdCount: number | null;
}

/** Reads an uploaded RHK list (CSV or XLSX) and keeps it for preview; writes no RHK. */
export async function createRhkBatch(
	db: Kysely<Database>,
	input: { actorId: number; fileName: string; bytes: Uint8Array }
): Promise<number> {
	const table = await parseTable(RHK_TABLE, input.bytes, input.fileName);
	const rows: RhkInput[] = table.records.map((r) => ({
		row: r.row,
		unitCode: cellOf(table, r.cells, 'unitCode'),
		periodStart: cellOf(table, r.cells, 'periodStart'),
		periodEnd: cellOf(table, r.cells, 'periodEnd'),
		code: cellOf(table, r.cells, 'code'),
		text: cellOf(table, r.cells, 'text')
	}));
	return inTransaction(db, async (trx) => {
		const batch = await trx
			.insertInto('rhk_import_batch')
			.values({
				created_by: input.actorId,
				created_at: new Date().toISOString(),
				file_name: input.fileName.slice(0, 255) || 'upload',
				status: 'previewed',
				rows_json: JSON.stringify(rows),
				file_errors_json: JSON.stringify(table.fileErrors),
				applied_at: null,
				created_count: null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			actorId: input.actorId,
			action: 'rhk.upload',
			objectType: 'rhk_import_batch',
			objectId: batch.id,
			after: {
				fileName: input.fileName,
				sha256: createHash('sha256').update(input.bytes).digest('hex'),
				format: table.format,
				rows: rows.length,
				fileErrors: table.fileErrors.map((e) => e.code)
			}
		});
		return batch.id;
	});
}

export async function getRhkBatch(db: Db, id: number): Promise<RhkBatch | null> {
	const b = await db
		.selectFrom('rhk_import_batch')
		.selectAll()
		.where('id', '=', id)
		.executeTakeFirst();
	if (!b) return null;
	return {
		id: b.id,
		createdBy: b.created_by,
		fileName: b.file_name,
		status: b.status,
		rows: JSON.parse(b.rows_json),
		fileErrors: JSON.parse(b.file_errors_json),
		createdCount: b.created_count
	};
}

/** The batch checked against the database as it is now. */
export function previewRhkBatch(db: Db, batch: RhkBatch): Promise<RhkPlan> {
	return planRhks(db, batch.fileErrors.length ? [] : batch.rows);
}

/**
 * All or nothing: a file with any problem writes no RHK (a half-imported plan would look
 * complete to the facilitator who bases a round on it).
 */
export async function applyRhkBatch(
	db: Kysely<Database>,
	input: { batchId: number; actorId: number }
): Promise<
	| { ok: true; created: number }
	| { ok: false; code: 'not_found' | 'not_pending' | 'file_errors' }
	| { ok: false; code: 'row_errors'; problems: RhkProblem[] }
> {
	const batch = await getRhkBatch(db, input.batchId);
	if (!batch) return { ok: false, code: 'not_found' };
	if (batch.status !== 'previewed') return { ok: false, code: 'not_pending' };
	if (batch.fileErrors.length) return { ok: false, code: 'file_errors' };
	try {
		const r = await writeAllOrNothing(
			db,
			batch.rows,
			input.actorId,
			{ action: 'rhk.import', extra: { importBatch: batch.id } },
			async (trx) => {
				const claimed = await trx
					.updateTable('rhk_import_batch')
					.set({
						status: 'applied',
						applied_at: new Date().toISOString(),
						created_count: batch.rows.length
					})
					.where('id', '=', batch.id)
					.where('status', '=', 'previewed')
					.executeTakeFirst();
				if (Number(claimed.numUpdatedRows) !== 1) throw new RhkRefusal('not_pending');
			}
		);
		if (!r.ok) return { ok: false, code: 'row_errors', problems: r.problems };
		return { ok: true, created: r.ids.length };
	} catch (e) {
		if (e instanceof RhkRefusal && e.code === 'not_pending')
			return { ok: false, code: 'not_pending' };
		throw e;
	}
}

export async function discardRhkBatch(
	db: Kysely<Database>,
	input: { batchId: number; actorId: number }
): Promise<boolean> {
	return inTransaction(db, async (trx) => {
		const r = await trx
			.updateTable('rhk_import_batch')
			.set({ status: 'discarded' })
			.where('id', '=', input.batchId)
			.where('status', '=', 'previewed')
			.executeTakeFirst();
		if (Number(r.numUpdatedRows) !== 1) return false;
		await recordAudit(trx, {
			actorId: input.actorId,
			action: 'rhk.discard',
			objectType: 'rhk_import_batch',
			objectId: input.batchId
		});
		return true;
	});
}
