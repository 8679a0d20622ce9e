import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { inTransaction } from '$lib/server/db/errors';
import { recordAudit, recordAuditMany, type AuditEntry } from '$lib/server/audit';
import { searchable } from '$lib/text';
import type { Role } from '$lib/roles';
import type { ImportRow } from './columns';
import { parseStaffFile, type FileProblem, type ParsedFile } from './parse';
import { loadUnitsByCode, planImport, type ImportPlan } from './plan';
import { dropPrehash, issueTemporaryPasswords, takePrehashed } from './hashing';
import { holdCredentials, type Credential } from './credentials';
import { temporaryPasswordExpiry } from '$lib/server/auth/password';

export { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from './parse';
export type { ImportPlan } from './plan';

export interface ImportBatch {
	id: number;
	createdBy: number;
	createdAt: string;
	fileName: string;
	fileSha256: string;
	status: 'previewed' | 'applied' | 'discarded';
	rows: ImportRow[];
	fileErrors: FileProblem[];
	appliedAt: string | null;
	result: ApplyResult | null;
}

export interface ApplyResult {
	created: number;
	updated: number;
	unchanged: number;
	skipped: number;
	credentials: number;
	disabled?: number;
}

/** Reads and parses an uploaded file and keeps it as a batch to preview; writes no person. */
export async function createBatch(
	db: Kysely<Database>,
	input: { actorId: number; fileName: string; bytes: Uint8Array }
): Promise<{ batchId: number; parsed: ParsedFile }> {
	const parsed = await parseStaffFile(input.bytes, input.fileName);
	const now = new Date().toISOString();
	const batchId = await inTransaction(db, async (trx) => {
		const row = await trx
			.insertInto('import_batch')
			.values({
				created_by: input.actorId,
				created_at: now,
				file_name: input.fileName.slice(0, 255) || 'upload',
				file_sha256: createHash('sha256').update(input.bytes).digest('hex'),
				status: 'previewed',
				rows_json: JSON.stringify(parsed.rows),
				file_errors_json: JSON.stringify(parsed.fileErrors),
				applied_at: null,
				applied_by: null,
				result_json: null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			actorId: input.actorId,
			action: 'import.upload',
			objectType: 'import_batch',
			objectId: row.id,
			after: {
				fileName: input.fileName,
				format: parsed.format,
				encoding: parsed.encoding,
				sheet: parsed.sheet,
				rows: parsed.rows.length,
				fileErrors: parsed.fileErrors.map((e) => e.code)
			}
		});
		return row.id;
	});
	return { batchId, parsed };
}

export async function getBatch(db: Kysely<Database>, batchId: number): Promise<ImportBatch | null> {
	const b = await db
		.selectFrom('import_batch')
		.selectAll()
		.where('id', '=', batchId)
		.executeTakeFirst();
	if (!b) return null;
	return {
		id: b.id,
		createdBy: b.created_by,
		createdAt: b.created_at,
		fileName: b.file_name,
		fileSha256: b.file_sha256,
		status: b.status as ImportBatch['status'],
		rows: JSON.parse(b.rows_json),
		fileErrors: JSON.parse(b.file_errors_json),
		appliedAt: b.applied_at,
		result: b.result_json ? JSON.parse(b.result_json) : null
	};
}

export async function listBatches(db: Kysely<Database>, limit = 20) {
	return db
		.selectFrom('import_batch')
		.innerJoin('person', 'person.id', 'import_batch.created_by')
		.select([
			'import_batch.id',
			'import_batch.file_name',
			'import_batch.created_at',
			'import_batch.status',
			'import_batch.result_json',
			'person.full_name as created_by_name'
		])
		.orderBy('import_batch.id', 'desc')
		.limit(limit)
		.execute();
}

/** The preview of a batch against the database as it is now. */
export async function previewBatch(db: Kysely<Database>, batch: ImportBatch): Promise<ImportPlan> {
	return planImport(db, batch.fileErrors.length ? [] : batch.rows);
}

export type ApplyOutcome =
	| { ok: true; result: ApplyResult }
	| { ok: false; code: 'not_found' | 'not_pending' | 'file_errors' };

class NotPending extends Error {}

/**
 * Writes every valid row of a batch in one transaction: new people (with a hashed temporary
 * password each), changed people, granted roles, and one audit entry per person. Rows with
 * errors are skipped; running it again on the same file changes nothing. Never deletes and
 * never disables anybody.
 */
export async function applyBatch(
	db: Kysely<Database>,
	input: {
		batchId: number;
		actorId: number;
		/** Told after each hash: how many of the new people have their password ready. */
		onProgress?: (hashed: number, total: number) => void;
	}
): Promise<ApplyOutcome> {
	const batch = await getBatch(db, input.batchId);
	if (!batch) return { ok: false, code: 'not_found' };
	if (batch.status !== 'previewed') return { ok: false, code: 'not_pending' };
	if (batch.fileErrors.length) return { ok: false, code: 'file_errors' };

	// Hash before the transaction: thousands of argon2id hashes take many seconds and must not
	// hold the write lock, which would stall every other writer meanwhile.
	const before = await planImport(db, batch.rows);
	const issued = await takePrehashed(batch.id);
	const newNips = before.newRows.map((r) => r.nip);
	// Counted once, then one more per hash: re-counting on every hash was quadratic (36 M lookups
	// for 6,000 people, on the event loop).
	let ready = newNips.filter((n) => issued.has(n)).length;
	input.onProgress?.(ready, newNips.length);
	await issueTemporaryPasswords(newNips, issued, {
		onHashed: () => input.onProgress?.(++ready, newNips.length)
	});

	const now = new Date().toISOString();
	const expiresAt = temporaryPasswordExpiry();
	let outcome: { result: ApplyResult; credentials: Credential[] };
	try {
		outcome = await inTransaction(db, async (trx) => {
			const claimed = await trx
				.updateTable('import_batch')
				.set({ status: 'applied', applied_at: now, applied_by: input.actorId })
				.where('id', '=', batch.id)
				.where('status', '=', 'previewed')
				.executeTakeFirst();
			if (Number(claimed.numUpdatedRows) !== 1) throw new NotPending();

			// Re-planned inside the transaction: someone may have changed people since the preview.
			const plan = await planImport(trx, batch.rows);
			const late = plan.newRows.filter((r) => !issued.has(r.nip)).map((r) => r.nip);
			if (late.length) await issueTemporaryPasswords(late, issued);
			const units = await loadUnitsByCode(trx);
			const unitId = (code: string) => units.get(code.toUpperCase())!.id;
			const audit: AuditEntry[] = [];
			const credentials: Credential[] = [];

			for (let i = 0; i < plan.newRows.length; i += 500) {
				const chunk = plan.newRows.slice(i, i + 500);
				const inserted = await trx
					.insertInto('person')
					.values(
						chunk.map((r) => ({
							nip: r.nip,
							full_name: r.fullName,
							org_unit_id: unitId(r.unitCode),
							position_title: r.positionTitle,
							position_type: r.positionType,
							grade: r.grade,
							employment_type: r.employmentType,
							password_hash: issued.get(r.nip)!.hash,
							must_change_password: 1,
							temporary_password_expires_at: expiresAt,
							active: 1,
							locale: null,
							name_search: searchable(r.fullName),
							created_at: now,
							updated_at: now
						}))
					)
					.returning(['id', 'nip'])
					.execute();
				const idOf = new Map(inserted.map((p) => [p.nip, p.id]));
				const roles: { person_id: number; role: Role }[] = [];
				for (const r of chunk) {
					const id = idOf.get(r.nip)!;
					// Everyone on the staff register is an ASN; the file may add more roles.
					const personRoles = [...new Set<Role>(['asn', ...(r.roles ?? [])])];
					for (const role of personRoles) roles.push({ person_id: id, role });
					credentials.push({
						nip: r.nip,
						fullName: r.fullName,
						unitCode: r.unitCode,
						password: issued.get(r.nip)!.password
					});
					audit.push({
						actorId: input.actorId,
						action: 'person.create',
						objectType: 'person',
						objectId: id,
						after: {
							nip: r.nip,
							fullName: r.fullName,
							unitCode: r.unitCode,
							positionTitle: r.positionTitle,
							positionType: r.positionType,
							grade: r.grade,
							employmentType: r.employmentType,
							roles: personRoles,
							importBatch: batch.id,
							row: r.row
						}
					});
				}
				if (roles.length) await trx.insertInto('person_role').values(roles).execute();
			}

			for (const c of plan.changed) {
				const r = c.row;
				await trx
					.updateTable('person')
					.set({
						full_name: r.fullName,
						name_search: searchable(r.fullName),
						org_unit_id: unitId(r.unitCode),
						position_title: r.positionTitle,
						position_type: r.positionType,
						grade: r.grade,
						employment_type: r.employmentType,
						updated_at: now
					})
					.where('id', '=', c.personId)
					.execute();
				if (c.addRoles.length) {
					await trx
						.insertInto('person_role')
						.values(c.addRoles.map((role) => ({ person_id: c.personId, role })))
						.execute();
				}
				audit.push({
					actorId: input.actorId,
					action: 'person.update',
					objectType: 'person',
					objectId: c.personId,
					before: Object.fromEntries(c.changes.map((ch) => [ch.field, ch.before])),
					after: {
						...Object.fromEntries(c.changes.map((ch) => [ch.field, ch.after])),
						importBatch: batch.id,
						row: r.row
					}
				});
			}

			const result: ApplyResult = {
				created: plan.newRows.length,
				updated: plan.changed.length,
				unchanged: plan.unchanged,
				skipped: plan.invalidRows,
				credentials: credentials.length
			};
			audit.push({
				actorId: input.actorId,
				action: 'import.apply',
				objectType: 'import_batch',
				objectId: batch.id,
				after: { fileName: batch.fileName, ...result }
			});
			await recordAuditMany(trx, audit);
			await trx
				.updateTable('import_batch')
				.set({ result_json: JSON.stringify(result) })
				.where('id', '=', batch.id)
				.execute();
			return { result, credentials };
		});
	} catch (e) {
		if (e instanceof NotPending) return { ok: false, code: 'not_pending' };
		throw e;
	}
	holdCredentials(batch.id, input.actorId, outcome.credentials);
	return { ok: true, result: outcome.result };
}

/** Discards a batch that was previewed but should not be applied. */
export async function discardBatch(
	db: Kysely<Database>,
	input: { batchId: number; actorId: number }
): Promise<boolean> {
	return inTransaction(db, async (trx) => {
		const r = await trx
			.updateTable('import_batch')
			.set({ status: 'discarded', rows_json: '[]' })
			.where('id', '=', input.batchId)
			.where('status', '=', 'previewed')
			.executeTakeFirst();
		if (Number(r.numUpdatedRows) !== 1) return false;
		dropPrehash(input.batchId);
		await recordAudit(trx, {
			actorId: input.actorId,
			action: 'import.discard',
			objectType: 'import_batch',
			objectId: input.batchId
		});
		return true;
	});
}

/**
 * The separate, explicit step after an apply: disables the active people the file left out
 * (never the admin doing it) and ends their sessions, in one transaction.
 */
export async function disableMissing(
	db: Kysely<Database>,
	input: { batchId: number; actorId: number }
): Promise<{ ok: true; disabled: number } | { ok: false; code: 'not_found' | 'not_applied' }> {
	const batch = await getBatch(db, input.batchId);
	if (!batch) return { ok: false, code: 'not_found' };
	if (batch.status !== 'applied') return { ok: false, code: 'not_applied' };
	const now = new Date().toISOString();
	const disabled = await inTransaction(db, async (trx) => {
		const plan = await planImport(trx, batch.rows);
		const targets = plan.missing.filter((p) => p.id !== input.actorId);
		for (let i = 0; i < targets.length; i += 500) {
			const ids = targets.slice(i, i + 500).map((p) => p.id);
			await trx
				.updateTable('person')
				.set({ active: 0, updated_at: now })
				.where('id', 'in', ids)
				.execute();
			await trx.deleteFrom('session').where('person_id', 'in', ids).execute();
		}
		await recordAuditMany(
			trx,
			targets.map((p) => ({
				actorId: input.actorId,
				action: 'person.disable',
				objectType: 'person',
				objectId: p.id,
				before: { active: true },
				after: { active: false, reason: 'absent_from_import', importBatch: batch.id }
			}))
		);
		return targets.length;
	});
	return { ok: true, disabled };
}
