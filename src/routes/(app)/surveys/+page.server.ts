import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { hasRole, requireUser } from '$lib/server/auth/guard';
import { allSurveys, surveysForRespondent } from '$lib/server/surveys/surveys';

export const load = (async () => {
	const user = requireUser();
	const staff = hasRole(user, 'facilitator', 'leader');
	const everything = staff ? await allSurveys(db) : [];
	return {
		forYou: (await surveysForRespondent(db, user)).map((e) => ({
			id: e.survey.id,
			title: e.survey.title,
			period: e.survey.period,
			opensAt: e.survey.opens_at,
			closesAt: e.survey.closes_at,
			status: e.status,
			answered: e.answered
		})),
		isFacilitator: hasRole(user, 'facilitator'),
		// Leaders see surveys whose results exist; facilitators see every survey.
		all: everything
			.filter((e) => hasRole(user, 'facilitator') || e.status === 'closed')
			.map((e) => ({
				id: e.survey.id,
				title: e.survey.title,
				period: e.survey.period,
				opensAt: e.survey.opens_at,
				closesAt: e.survey.closes_at,
				status: e.status
			})),
		staff
	};
}) satisfies PageServerLoad;
