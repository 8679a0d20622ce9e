import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { formToObject, translate } from '$lib/server/forms';
import { isInScope } from '$lib/server/scope';
import { itemView, surveyFromParam } from '$lib/server/surveys';
import { getItems, surveyScope, surveyStatus } from '$lib/server/surveys/surveys';
import { hasAnswered, submitResponse } from '$lib/server/surveys/responses';

export const load = (async ({ params, url }) => {
	const user = requireUser();
	const survey = await surveyFromParam(db, params.id);
	if (!(await isInScope(db, surveyScope(survey), user.id))) {
		error(403, { message: translate('survey_out_of_scope') });
	}
	const status = surveyStatus(survey);
	const answered = await hasAnswered(db, survey.id, user.id);
	return {
		survey: {
			id: survey.id,
			title: survey.title,
			description: survey.description,
			period: survey.period,
			opensAt: survey.opens_at,
			closesAt: survey.closes_at,
			k: survey.min_group_size
		},
		status,
		answered,
		justAnswered: answered && url.searchParams.has('done'),
		// The form is only sent while the person can still use it.
		items: status === 'open' && !answered ? (await getItems(db, survey.id)).map(itemView) : []
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ params, request }) => {
		const user = requireUser();
		const survey = await surveyFromParam(db, params.id);
		const raw = formToObject(await request.formData());
		const result = await submitResponse(db, survey.id, user.id, raw);
		if (result.ok) redirect(303, `/surveys/${survey.id}?done=1`);
		const errors = Object.fromEntries(
			Object.entries(result.errors ?? {}).map(([field, key]) => [field, translate(key)])
		);
		// The person's own answers go back into the form so nothing they chose is lost.
		const values: Record<string, string> = {};
		if (result.status === 400) {
			for (const [k, v] of Object.entries(raw)) {
				if (/^q\d+$/.test(k) && typeof v === 'string') values[k] = v.slice(0, 2000);
			}
		}
		return fail(result.status, { message: translate(result.key), errors, values });
	}
} satisfies Actions;
