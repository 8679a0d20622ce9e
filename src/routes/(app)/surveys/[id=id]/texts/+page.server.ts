import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { parseForm, translate } from '$lib/server/forms';
import { surveyFromParam } from '$lib/server/surveys';
import { hideText, resultsAvailable, textAnswers, unhideText } from '$lib/server/surveys/results';
import { SurveyError } from '$lib/server/surveys/surveys';
import { hideTextSchema } from '$lib/validation/surveys';

export const load = (async ({ params }) => {
	requireRole('facilitator');
	const survey = await surveyFromParam(db, params.id);
	const available = resultsAvailable(survey);
	return {
		survey: { id: survey.id, title: survey.title, textK: survey.min_text_group_size },
		available,
		texts: available ? await textAnswers(db, survey.id, { includeHidden: true }) : null
	};
}) satisfies PageServerLoad;

export const actions = {
	hide: async ({ params, request }) => {
		const user = requireRole('facilitator');
		const survey = await surveyFromParam(db, params.id);
		if (!resultsAvailable(survey))
			return fail(409, { message: translate('survey_results_not_yet') });
		const parsed = parseForm(hideTextSchema, await request.formData(), ['reason']);
		if (!parsed.ok) {
			const reason = parsed.errors.reason;
			return fail(400, {
				message: reason
					? `${m.survey_texts_reason_label({ n: '' }).trim()}: ${reason}`
					: m.error_invalid()
			});
		}
		try {
			await hideText(db, user.id, survey.id, parsed.data);
		} catch (e) {
			if (e instanceof SurveyError) return fail(404, { message: translate(e.key) });
			throw e;
		}
		return { success: m.survey_texts_hidden_ok() };
	},
	unhide: async ({ params, request }) => {
		const user = requireRole('facilitator');
		const survey = await surveyFromParam(db, params.id);
		if (!resultsAvailable(survey))
			return fail(409, { message: translate('survey_results_not_yet') });
		const parsed = parseForm(hideTextSchema, await request.formData(), ['reason']);
		if (!parsed.ok) {
			return fail(400, {
				message: parsed.errors.reason ? m.survey_texts_reason_invalid() : m.error_invalid()
			});
		}
		try {
			await unhideText(db, user.id, survey.id, parsed.data);
		} catch (e) {
			if (e instanceof SurveyError) return fail(404, { message: translate(e.key) });
			throw e;
		}
		return { success: m.survey_texts_unhidden_ok() };
	}
} satisfies Actions;
