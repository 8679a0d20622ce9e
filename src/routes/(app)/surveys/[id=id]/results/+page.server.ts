import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { hasRole, requireRole } from '$lib/server/auth/guard';
import { parseForm, translate } from '$lib/server/forms';
import { ruleError } from '$lib/server/rounds/errors';
import { linkRound } from '$lib/server/surveys/edit';
import { linkableRounds, surveyIndicatorFairness } from '$lib/server/surveys/indicator-fairness';
import { surveyFromParam } from '$lib/server/surveys';
import { roundLinkSchema } from '$lib/validation/surveys';
import { SurveyError, surveyScope } from '$lib/server/surveys/surveys';
import { countEligible } from '$lib/server/scope';
import { surveyParticipation } from '$lib/server/disclosure/participation';
import {
	computeResults,
	periodComparison,
	resultsAvailable,
	textAnswers
} from '$lib/server/surveys/results';
import { itemView } from '$lib/server/surveys';

export const load = (async ({ params }) => {
	const user = requireRole('facilitator', 'leader');
	const survey = await surveyFromParam(db, params.id);
	const head = { id: survey.id, title: survey.title, period: survey.period };
	const facilitator = hasRole(user, 'facilitator');
	// The round's own visibility rule decides, whether or not the survey itself has closed.
	const roundPart = {
		roundId: survey.round_id,
		indicatorFairness: await ruleError(() => surveyIndicatorFairness(db, survey, user)),
		rounds: facilitator ? await linkableRounds(db) : []
	};
	if (!resultsAvailable(survey)) {
		return {
			survey: head,
			available: false as const,
			// A band while the survey is open (disclosure/participation): never +1 per answer.
			participation: await surveyParticipation(
				db,
				survey,
				await countEligible(db, surveyScope(survey))
			),
			facilitator,
			...roundPart
		};
	}
	const r = await computeResults(db, survey.id);
	const comparison = await periodComparison(db, new Date(), r);
	return {
		survey: head,
		available: true as const,
		total: r.total,
		eligible: r.eligible,
		k: r.k,
		textK: survey.min_text_group_size,
		overall: r.overall,
		byOpd: r.byOpd,
		byPositionType: r.byPositionType,
		// Reliability is a facilitator's check on the instrument, not a leadership figure.
		alpha: facilitator ? r.alpha : null,
		customItems: r.customItems.map((c) => ({ item: itemView(c.item), n: c.n, counts: c.counts })),
		// Free text is for facilitators (issue 6: "shown to facilitators after moderation"): it may
		// name someone until a facilitator has read it, so leaders get the aggregates only.
		texts: facilitator ? await textAnswers(db, survey.id, { includeHidden: false }) : null,
		comparison: comparison.map((p) => ({
			id: p.survey.id,
			title: p.survey.title,
			period: p.survey.period,
			scores: p.scores
		})),
		facilitator,
		...roundPart
	};
}) satisfies PageServerLoad;

export const actions = {
	linkRound: async ({ params, request }) => {
		const user = requireRole('facilitator');
		const survey = await surveyFromParam(db, params.id);
		const parsed = parseForm(roundLinkSchema, await request.formData());
		if (!parsed.ok) return fail(400, { message: m.error_invalid() });
		try {
			await linkRound(db, user.id, survey.id, parsed.data.roundId);
		} catch (e) {
			if (e instanceof SurveyError) return fail(404, { message: translate(e.key) });
			throw e;
		}
		return { success: m.indicator_fairness_linked_ok() };
	}
} satisfies Actions;
