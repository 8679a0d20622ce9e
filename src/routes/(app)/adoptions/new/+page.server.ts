import { error, redirect } from '@sveltejs/kit';
import { parseId } from '$lib/ids';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { createAdoption } from '$lib/server/adoption';
import { adoptionFormData, defaultValues } from '$lib/server/adoption/page';
import { adoptionWrite, parseAdoptionForm } from '$lib/server/adoption/form';
import { ruleError } from '$lib/server/rounds/errors';

function roundIdOf(url: URL): number {
	const id = parseId(url.searchParams.get('round'));
	if (id === null) error(400, { message: m.adoption_error_round_missing() });
	return id;
}

export const load = (async ({ url }) => {
	requireRole('facilitator');
	const { round, indicators, units } = await ruleError(() => adoptionFormData(db, roundIdOf(url)));
	return {
		round: { id: round.id, title: round.title, phase: round.phase },
		indicators,
		units,
		initial: defaultValues(round, indicators, new Date().getUTCFullYear() + 1)
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, url }) => {
		const user = requireRole('facilitator');
		const roundId = roundIdOf(url);
		const form = await request.formData();
		const parsed = parseAdoptionForm(form);
		if (!parsed.ok) return parsed.failure;
		const written = await adoptionWrite(form, () =>
			createAdoption(db, user.id, roundId, parsed.data)
		);
		if (!written.ok) return written.failure;
		redirect(303, `/adoptions/${written.value}?saved=1`);
	}
} satisfies Actions;
