import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { parseForm, translate } from '$lib/server/forms';
import { m } from '$lib/paraglide/messages';
import { createUnit, listUnits } from '$lib/server/org/manage';
import { unitCreateSchema } from '$lib/validation/people';

export const load = (async () => {
	requireRole('admin');
	return { units: await listUnits(db) };
}) satisfies PageServerLoad;

export const actions = {
	create: async ({ request }) => {
		const user = requireRole('admin');
		const parsed = parseForm(unitCreateSchema, await request.formData(), [
			'code',
			'name',
			'kind',
			'parentId'
		]);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const r = await createUnit(db, user.id, parsed.data);
		if (!r.ok) {
			return fail(400, {
				errors: { [r.field ?? '_form']: translate(r.problem) },
				values: {
					code: parsed.data.code,
					name: parsed.data.name,
					kind: parsed.data.kind,
					parentId: String(parsed.data.parentId ?? '')
				}
			});
		}
		return { success: m.unit_created() };
	}
} satisfies Actions;
