import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { parseForm } from '$lib/server/forms';
import { createSurvey } from '$lib/server/surveys/surveys';
import { surveyOpds } from '$lib/server/surveys/edit';
import { linkableRounds } from '$lib/server/surveys/indicator-fairness';
import { roundLinkSchema, surveyFormSchema } from '$lib/validation/surveys';
import { POSITION_TYPES } from '$lib/roles';
import { toWibInput } from '$lib/surveys/format';

export const load = (async () => {
	requireRole('facilitator');
	const now = new Date();
	return {
		opds: await surveyOpds(db),
		rounds: await linkableRounds(db),
		positionTypes: [...POSITION_TYPES],
		defaults: {
			opensAt: toWibInput(new Date(now.getTime() + 24 * 3600_000)),
			closesAt: toWibInput(new Date(now.getTime() + 15 * 24 * 3600_000)),
			period: String(now.getUTCFullYear())
		}
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ request }) => {
		const user = requireRole('facilitator');
		const formData = await request.formData();
		const parsed = parseForm(surveyFormSchema, formData, [
			'title',
			'description',
			'period',
			'opensAt',
			'closesAt',
			'minGroupSize'
		]);
		if (!parsed.ok) {
			return fail(400, {
				errors: parsed.errors,
				values: parsed.values,
				units: formData.getAll('units[]').map(String),
				positionTypes: formData.getAll('positionTypes[]').map(String),
				roundId: String(formData.get('roundId') ?? '')
			});
		}
		const link = parseForm(roundLinkSchema, formData);
		const roundId = link.ok ? link.data.roundId : undefined;
		if (
			roundId === undefined ||
			(roundId !== null && !(await linkableRounds(db)).some((r) => r.id === roundId))
		) {
			return fail(400, { errors: { roundId: m.error_invalid() }, values: {} });
		}
		const known = new Set((await surveyOpds(db)).map((u) => u.id));
		if (parsed.data['units[]'].some((id) => !known.has(id))) {
			return fail(400, { errors: { 'units[]': m.error_invalid() }, values: {} });
		}
		const id = await createSurvey(db, user.id, { ...parsed.data, roundId });
		redirect(303, `/surveys/${id}/manage`);
	}
} satisfies Actions;
