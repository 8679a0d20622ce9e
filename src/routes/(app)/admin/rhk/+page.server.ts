import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { m } from '$lib/paraglide/messages';
import { parseForm, translate } from '$lib/server/forms';
import { listUnits } from '$lib/server/org/manage';
import {
	createRhk,
	createRhkBatch,
	deleteRhk,
	listRhks,
	reopenRhk,
	retireRhk,
	RhkRefusal
} from '$lib/server/rhk';
import { describeRhkProblem } from '$lib/server/rhk/messages';
import { rhkFormSchema, rhkIdSchema, rhkQuerySchema } from '$lib/validation/rhk';

// BKPSDM keeps the heads' plans alongside the rounds it runs; admins import them.
const MANAGERS = ['admin', 'facilitator'] as const;

export const load = (async ({ url }) => {
	requireRole(...MANAGERS);
	const query = rhkQuerySchema.parse(Object.fromEntries(url.searchParams));
	const units = (await listUnits(db))
		.filter((u) => !u.retired)
		.map((u) => ({ id: u.id, code: u.code, name: u.name, depth: u.depth }));
	const rhks = await listRhks(db, {
		unitIds: query.unit ? [query.unit] : undefined,
		includeRetired: query.retired === '1'
	});
	return { units, rhks, query: { unit: query.unit ?? null, retired: query.retired === '1' } };
}) satisfies PageServerLoad;

function refusal(e: unknown) {
	if (!(e instanceof RhkRefusal)) throw e;
	return fail(e.code === 'not_found' ? 404 : 409, { message: translate(`rhk_refused_${e.code}`) });
}

async function idFrom(request: Request) {
	const parsed = parseForm(rhkIdSchema, await request.formData());
	return parsed.ok ? parsed.data.id : null;
}

export const actions = {
	create: async ({ request }) => {
		const user = requireRole(...MANAGERS);
		const echo = ['unitCode', 'periodStart', 'periodEnd', 'code', 'text'];
		const parsed = parseForm(rhkFormSchema, await request.formData(), echo);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const r = await createRhk(db, { actorId: user.id, rhk: parsed.data });
		if (!r.ok) {
			const errors: Record<string, string> = {};
			for (const p of r.problems) {
				const key = p.field ?? '_form';
				errors[key] ??= describeRhkProblem(p).reason;
			}
			return fail(400, { errors, values: parsed.data });
		}
		return { success: m.rhk_created() };
	},
	upload: async ({ request }) => {
		const user = requireRole(...MANAGERS);
		const file = (await request.formData()).get('file');
		if (!(file instanceof File) || file.size === 0) {
			return fail(400, { errors: { file: m.import_err_no_file() } });
		}
		const batchId = await createRhkBatch(db, {
			actorId: user.id,
			fileName: file.name,
			bytes: new Uint8Array(await file.arrayBuffer())
		});
		redirect(303, `/admin/rhk/import/${batchId}`);
	},
	retire: async ({ request }) => {
		const user = requireRole(...MANAGERS);
		const id = await idFrom(request);
		if (!id) return fail(400, { message: m.error_invalid() });
		try {
			await retireRhk(db, { id, actorId: user.id });
		} catch (e) {
			return refusal(e);
		}
		return { success: m.rhk_retired() };
	},
	reopen: async ({ request }) => {
		const user = requireRole(...MANAGERS);
		const id = await idFrom(request);
		if (!id) return fail(400, { message: m.error_invalid() });
		try {
			await reopenRhk(db, { id, actorId: user.id });
		} catch (e) {
			return refusal(e);
		}
		return { success: m.rhk_reopened() };
	},
	delete: async ({ request }) => {
		const user = requireRole(...MANAGERS);
		const id = await idFrom(request);
		if (!id) return fail(400, { message: m.error_invalid() });
		try {
			await deleteRhk(db, { id, actorId: user.id });
		} catch (e) {
			return refusal(e);
		}
		return { success: m.rhk_deleted() };
	}
} satisfies Actions;
