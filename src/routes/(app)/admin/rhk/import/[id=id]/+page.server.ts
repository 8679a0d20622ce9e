import { error, fail, redirect } from '@sveltejs/kit';
import { parseId } from '$lib/ids';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { m } from '$lib/paraglide/messages';
import { describeFileProblem } from '$lib/server/import/messages';
import { applyRhkBatch, discardRhkBatch, getRhkBatch, previewRhkBatch } from '$lib/server/rhk';
import { describeRhkProblem } from '$lib/server/rhk/messages';

const SHOWN = 500;

function batchId(raw: string): number {
	const id = parseId(raw);
	if (id === null) error(404, { message: m.error_not_found() });
	return id;
}

export const load = (async ({ params }) => {
	requireRole('admin', 'facilitator');
	const batch = await getRhkBatch(db, batchId(params.id));
	if (!batch) error(404, { message: m.error_not_found() });
	const plan = await previewRhkBatch(db, batch);
	return {
		batch: {
			id: batch.id,
			fileName: batch.fileName,
			status: batch.status,
			createdCount: batch.createdCount
		},
		fileErrors: batch.fileErrors.map(describeFileProblem),
		counts: { total: plan.total, valid: plan.rows.length, invalid: plan.invalidRows },
		problems: plan.problems.slice(0, SHOWN).map(describeRhkProblem),
		rows: plan.rows.slice(0, SHOWN).map((r) => ({
			row: r.row,
			unitCode: r.unitCode,
			periodStart: r.periodStart,
			periodEnd: r.periodEnd,
			code: r.code,
			text: r.text
		}))
	};
}) satisfies PageServerLoad;

export const actions = {
	apply: async ({ params }) => {
		const user = requireRole('admin', 'facilitator');
		const r = await applyRhkBatch(db, { batchId: batchId(params.id), actorId: user.id });
		if (r.ok) return { success: m.rhk_import_applied({ count: r.created }) };
		if (r.code === 'not_found') error(404, { message: m.error_not_found() });
		if (r.code === 'not_pending') return fail(409, { message: m.rhk_import_not_pending() });
		return fail(400, { message: m.rhk_import_has_errors() });
	},
	discard: async ({ params }) => {
		const user = requireRole('admin', 'facilitator');
		const ok = await discardRhkBatch(db, { batchId: batchId(params.id), actorId: user.id });
		if (!ok) return fail(409, { message: m.rhk_import_not_pending() });
		redirect(303, '/admin/rhk');
	}
} satisfies Actions;
