import { error, fail } from '@sveltejs/kit';
import { parseId } from '$lib/ids';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { parseForm, translate } from '$lib/server/forms';
import { m } from '$lib/paraglide/messages';
import {
	getPerson,
	resetPassword,
	setPersonActive,
	setRoles,
	updatePerson
} from '$lib/server/people/admin';
import { listUnits } from '$lib/server/org/manage';
import { queryAudit } from '$lib/server/audit/query';
import { normalizeGrade } from '$lib/server/import/columns';
import { personEditSchema, rolesSchema } from '$lib/validation/people';

function personId(raw: string): number {
	const id = parseId(raw);
	if (id === null) error(404, { message: m.people_err_not_found() });
	return id;
}

export const load = (async ({ params }) => {
	requireRole('admin');
	const person = await getPerson(db, personId(params.id));
	if (!person) error(404, { message: m.people_err_not_found() });
	const units = (await listUnits(db))
		.filter((u) => !u.retired || u.id === person.orgUnitId)
		.map((u) => ({ id: u.id, code: u.code, name: u.name, depth: u.depth }));
	const history = await queryAudit(
		db,
		{ objectType: 'person', objectId: String(person.id) },
		1,
		20
	);
	return { person, units, history: history.items };
}) satisfies PageServerLoad;

export const actions = {
	update: async ({ request, params }) => {
		const user = requireRole('admin');
		const form = await request.formData();
		const echo = [
			'fullName',
			'orgUnitId',
			'positionTitle',
			'positionType',
			'grade',
			'employmentType'
		];
		const parsed = parseForm(personEditSchema, form, echo);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const grade = normalizeGrade(parsed.data.grade, parsed.data.employmentType);
		if (!grade) {
			return fail(400, {
				errors: { grade: m.people_err_grade() },
				values: Object.fromEntries(echo.map((k) => [k, String(form.get(k) ?? '')]))
			});
		}
		const r = await updatePerson(db, user.id, personId(params.id), { ...parsed.data, grade });
		if (!r.ok) {
			const field = r.problem === 'people_err_unit' ? 'orgUnitId' : '_form';
			return fail(r.problem === 'people_err_not_found' ? 404 : 400, {
				errors: { [field]: translate(r.problem) }
			});
		}
		return { success: m.people_saved() };
	},
	disable: async ({ params }) => {
		const user = requireRole('admin');
		const r = await setPersonActive(db, user.id, personId(params.id), false);
		if (!r.ok) return fail(400, { message: translate(r.problem) });
		return { success: m.people_disabled_done() };
	},
	enable: async ({ params }) => {
		const user = requireRole('admin');
		const r = await setPersonActive(db, user.id, personId(params.id), true);
		if (!r.ok) return fail(400, { message: translate(r.problem) });
		return { success: m.people_enabled_done() };
	},
	reset: async ({ params }) => {
		const user = requireRole('admin');
		const r = await resetPassword(db, user.id, personId(params.id));
		if (!r.ok) return fail(404, { message: translate(r.problem) });
		// Shown once in this response and never stored in plain text.
		return { temporaryPassword: r.password };
	},
	roles: async ({ request, params }) => {
		const user = requireRole('admin');
		const parsed = parseForm(rolesSchema, await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
		const r = await setRoles(db, user.id, personId(params.id), parsed.data['roles[]']);
		if (!r.ok) return fail(400, { message: translate(r.problem) });
		return { success: m.people_roles_saved() };
	}
} satisfies Actions;
