import { error, fail, redirect } from '@sveltejs/kit';
import { parseId } from '$lib/ids';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { m } from '$lib/paraglide/messages';
import { translate } from '$lib/server/forms';
import { disableMissing, discardBatch, getBatch, previewBatch } from '$lib/server/import';
import { applyJobStatus, startApplyJob } from '$lib/server/import/jobs';
import { credentialsWaiting } from '$lib/server/import/credentials';
import { HASH_CONCURRENCY, prehashProgress } from '$lib/server/import/hashing';
import { describeFileProblem, describeRowProblem } from '$lib/server/import/messages';

const SHOWN_ERRORS = 500;
const SHOWN_ROWS = 100;

function batchId(raw: string): number {
	const id = parseId(raw);
	if (id === null) error(404, { message: m.error_not_found() });
	return id;
}

export const load = (async ({ params }) => {
	const user = requireRole('admin');
	const batch = await getBatch(db, batchId(params.id));
	if (!batch) error(404, { message: m.error_not_found() });
	const plan = await previewBatch(db, batch);
	const job = applyJobStatus(batch.id);
	const prehash = prehashProgress(batch.id);
	const ready = prehash ? prehash.hashed : 0;
	// Measured ≈ 25 ms of one core per argon2id hash (m=19456, t=2) on the reference machine.
	const seconds = Math.max(
		1,
		Math.ceil((Math.max(0, plan.newRows.length - ready) * 0.025) / HASH_CONCURRENCY)
	);
	return {
		batch: {
			id: batch.id,
			fileName: batch.fileName,
			status: batch.status,
			createdAt: batch.createdAt,
			result: batch.result
		},
		fileErrors: batch.fileErrors.map(describeFileProblem),
		counts: {
			total: plan.total,
			new: plan.newRows.length,
			changed: plan.changed.length,
			unchanged: plan.unchanged,
			invalidRows: plan.invalidRows,
			problems: plan.problems.length,
			missing: plan.missing.length
		},
		problems: plan.problems.slice(0, SHOWN_ERRORS).map(describeRowProblem),
		changed: plan.changed.slice(0, SHOWN_ROWS).map((c) => ({
			row: c.row.row,
			nip: c.row.nip,
			fullName: c.row.fullName,
			changes: c.changes.map((ch) => ({
				field: translate(`import_field_${ch.field}`),
				before: ch.before,
				after: ch.after
			}))
		})),
		newRows: plan.newRows.slice(0, SHOWN_ROWS),
		missing: plan.missing.slice(0, SHOWN_ROWS),
		credentials: credentialsWaiting(batch.id, user.id),
		seconds,
		job: batch.status === 'previewed' ? job : null
	};
}) satisfies PageServerLoad;

export const actions = {
	apply: async ({ request, params }) => {
		const user = requireRole('admin');
		const id = batchId(params.id);
		const form = await request.formData();
		const batch = await getBatch(db, id);
		if (!batch) error(404, { message: m.error_not_found() });
		const plan = await previewBatch(db, batch);
		if (plan.invalidRows > 0 && form.get('confirmSkip') !== 'on') {
			return fail(400, { errors: { confirmSkip: m.import_err_confirm() } });
		}
		if (batch.status !== 'previewed') return fail(409, { message: m.import_not_pending() });
		startApplyJob(db, { batchId: id, actorId: user.id });
		redirect(303, `/admin/import/${id}`);
	},
	discard: async ({ params }) => {
		const user = requireRole('admin');
		const ok = await discardBatch(db, { batchId: batchId(params.id), actorId: user.id });
		if (!ok) return fail(409, { message: m.import_not_pending() });
		redirect(303, '/admin/import');
	},
	disableMissing: async ({ request, params }) => {
		const user = requireRole('admin');
		const form = await request.formData();
		if (form.get('confirmDisable') !== 'on') {
			return fail(400, { errors: { confirmDisable: m.import_err_confirm_disable() } });
		}
		const r = await disableMissing(db, { batchId: batchId(params.id), actorId: user.id });
		if (!r.ok) {
			if (r.code === 'not_found') error(404, { message: m.error_not_found() });
			return fail(409, { message: m.import_not_pending() });
		}
		return { success: m.import_disabled_missing({ count: r.disabled }) };
	}
} satisfies Actions;
