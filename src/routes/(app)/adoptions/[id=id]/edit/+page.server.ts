import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { getAdoption, updateAdoption } from '$lib/server/adoption';
import { adoptionFormData, adoptionValues } from '$lib/server/adoption/page';
import { adoptionWrite, parseAdoptionForm } from '$lib/server/adoption/form';
import { ruleError } from '$lib/server/rounds/errors';

function idOf(params: { id: string }): number {
	const id = Number(params.id);
	if (!Number.isInteger(id) || id <= 0) error(404, { message: m.error_not_found() });
	return id;
}

export const load = (async ({ params }) => {
	requireRole('facilitator');
	const adoption = await ruleError(() => getAdoption(db, idOf(params)));
	const { indicators, units } = await ruleError(() =>
		adoptionFormData(db, adoption.adoption.round_id)
	);
	return {
		id: adoption.adoption.id,
		// Submitted or approved adoptions are shown read-only with a note; the action refuses them.
		editable: ['draft', 'returned'].includes(adoption.adoption.status),
		round: adoption.round,
		lastReturn: adoption.events.filter((e) => e.kind === 'returned').at(-1) ?? null,
		indicators,
		units,
		initial: adoptionValues(adoption)
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, params }) => {
		const user = requireRole('facilitator');
		const id = idOf(params);
		const form = await request.formData();
		const parsed = parseAdoptionForm(form);
		if (!parsed.ok) return parsed.failure;
		const written = await adoptionWrite(form, () => updateAdoption(db, user.id, id, parsed.data));
		if (!written.ok) return written.failure;
		redirect(303, `/adoptions/${id}?saved=1`);
	}
} satisfies Actions;
