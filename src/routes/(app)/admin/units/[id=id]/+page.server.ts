import { error, fail } from '@sveltejs/kit';
import { parseId } from '$lib/ids';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { parseForm, translate } from '$lib/server/forms';
import { m } from '$lib/paraglide/messages';
import { listUnits, moveUnit, reopenUnit, retireUnit, updateUnit } from '$lib/server/org/manage';
import { unitPath } from '$lib/server/org/units';
import { subtreeIds, unitTree } from '$lib/server/org/units';
import { unitMoveSchema, unitRenameSchema, unitRetireSchema } from '$lib/validation/people';

function unitId(raw: string): number {
	const id = parseId(raw);
	if (id === null) error(404, { message: m.unit_err_not_found() });
	return id;
}

export const load = (async ({ params }) => {
	requireRole('admin');
	const id = unitId(params.id);
	const units = await listUnits(db);
	const unit = units.find((u) => u.id === id);
	if (!unit) error(404, { message: m.unit_err_not_found() });
	const below = new Set(subtreeIds(await unitTree(db), [id]));
	const options = units
		.filter((u) => !u.retired)
		.map((u) => ({ id: u.id, code: u.code, name: u.name, depth: u.depth, below: below.has(u.id) }));
	const people = await db
		.selectFrom('person')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('org_unit_id', '=', id)
		.executeTakeFirstOrThrow();
	return { unit, path: await unitPath(db, id), options, peopleHere: Number(people.n) };
}) satisfies PageServerLoad;

export const actions = {
	update: async ({ request, params }) => {
		const user = requireRole('admin');
		const parsed = parseForm(unitRenameSchema, await request.formData(), ['name', 'kind']);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const r = await updateUnit(db, user.id, unitId(params.id), parsed.data);
		if (!r.ok) return fail(404, { message: translate(r.problem) });
		return { success: m.unit_saved() };
	},
	move: async ({ request, params }) => {
		const user = requireRole('admin');
		const parsed = parseForm(unitMoveSchema, await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
		const r = await moveUnit(db, user.id, unitId(params.id), parsed.data.parentId);
		if (!r.ok) return fail(400, { errors: { [r.field ?? '_form']: translate(r.problem) } });
		return { success: m.unit_moved() };
	},
	retire: async ({ request, params }) => {
		const user = requireRole('admin');
		const parsed = parseForm(unitRetireSchema, await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
		const r = await retireUnit(db, user.id, unitId(params.id), parsed.data.moveTo);
		if (!r.ok) {
			return fail(400, {
				message: translate(r.problem),
				errors: r.field ? { [r.field]: translate(r.problem) } : {}
			});
		}
		return { success: m.unit_retired_done({ moved: r.moved }) };
	},
	reopen: async ({ params }) => {
		const user = requireRole('admin');
		const r = await reopenUnit(db, user.id, unitId(params.id));
		if (!r.ok) return fail(404, { message: translate(r.problem) });
		return { success: m.unit_reopened() };
	}
} satisfies Actions;
