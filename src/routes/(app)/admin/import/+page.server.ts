import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { m } from '$lib/paraglide/messages';
import { createBatch, getBatch, listBatches, previewBatch } from '$lib/server/import';
import { startPrehash } from '$lib/server/import/hashing';

export const load = (async () => {
	requireRole('admin');
	return { batches: await listBatches(db) };
}) satisfies PageServerLoad;

export const actions = {
	upload: async ({ request }) => {
		const user = requireRole('admin');
		const form = await request.formData();
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) {
			return fail(400, { errors: { file: m.import_err_no_file() } });
		}
		const { batchId } = await createBatch(db, {
			actorId: user.id,
			fileName: file.name,
			bytes: new Uint8Array(await file.arrayBuffer())
		});
		// Start hashing the new people's temporary passwords while the admin reads the preview.
		const batch = await getBatch(db, batchId);
		if (batch && !batch.fileErrors.length) {
			const plan = await previewBatch(db, batch);
			startPrehash(
				batchId,
				plan.newRows.map((r) => r.nip)
			);
		}
		redirect(303, `/admin/import/${batchId}`);
	}
} satisfies Actions;
