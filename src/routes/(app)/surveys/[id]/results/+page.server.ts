import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { hasRole, requireRole } from '$lib/server/auth/guard';
import { surveyFromParam } from '$lib/server/surveys';
import { participationCount } from '$lib/server/surveys/surveys';
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
	if (!resultsAvailable(survey)) {
		return {
			survey: head,
			available: false as const,
			participation: await participationCount(db, survey.id)
		};
	}
	const r = await computeResults(db, survey.id);
	const facilitator = hasRole(user, 'facilitator');
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
		texts: await textAnswers(db, survey.id, { includeHidden: false }),
		comparison: comparison.map((p) => ({
			id: p.survey.id,
			title: p.survey.title,
			period: p.survey.period,
			scores: p.scores
		})),
		facilitator
	};
}) satisfies PageServerLoad;
