import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { ruleError } from '$lib/server/rounds/errors';
import {
	myBallots,
	myPreviousBallots,
	ratableIndicators,
	requireRater
} from '$lib/server/ratings/ballots';
import { rateFromForm } from '$lib/server/ratings/rateForm';
import { iterationReasons, iterationSummary } from '$lib/server/ratings/results';
import { ratingContext } from '$lib/server/ratings/context';
import { citationsOf } from '$lib/server/rhk/citation';

function ids(params: { roundId: string; indicatorId: string }) {
	const roundId = Number(params.roundId);
	const indicatorId = Number(params.indicatorId);
	if (![roundId, indicatorId].every((x) => Number.isInteger(x) && x > 0)) {
		error(404, { message: m.error_not_found() });
	}
	return { roundId, indicatorId };
}

export const load = (async ({ params }) => {
	const user = requireUser();
	const { roundId, indicatorId } = ids(params);
	const rater = await ruleError(() => requireRater(db, roundId, user.id, user));
	const list = await ratableIndicators(db, roundId, rater.iteration);
	const index = list.findIndex((i) => i.id === indicatorId);
	if (index < 0) error(404, { message: m.rating_error_indicator() });
	const [mine, previous, context] = await Promise.all([
		myBallots(db, rater, rater.iteration),
		rater.iteration > 0 ? myPreviousBallots(db, rater, rater.iteration) : Promise.resolve(null),
		ratingContext(db, roundId, indicatorId)
	]);
	if (!context) error(404, { message: m.rating_error_indicator() });
	let feedback = null;
	if (rater.iteration > 0) {
		const summary = await iterationSummary(db, rater.round, rater.iteration - 1, indicatorId);
		feedback = {
			summary,
			reasons: summary
				? await iterationReasons(db, rater.round, rater.iteration - 1, indicatorId, summary.raters)
				: []
		};
	}
	const en = getLocale() === 'en';
	return {
		// Raters see which of the head's results the indicator supports (RHK-based rounds).
		rhkBased: !!rater.round.rhk_day,
		citation: (await citationsOf(db, [indicatorId])).get(indicatorId) ?? null,
		round: { id: rater.round.id, title: rater.round.title },
		iteration: rater.iteration,
		indicator: context.indicator,
		discussion: context.discussion,
		position: index + 1,
		total: list.length,
		rated: list.filter((i) => mine.has(i.id)).length,
		criteria: rater.criteria.map((c) => ({
			key: c.key,
			label: en ? c.label_en : c.label_id,
			description: (en ? c.description_en : c.description_id) ?? '',
			points: c.points ? (en ? c.points.en : c.points.id) : null
		})),
		current: mine.get(indicatorId) ?? null,
		previous: previous?.get(indicatorId) ?? null,
		feedback,
		prevId: index > 0 ? list[index - 1].id : null,
		nextId: index < list.length - 1 ? list[index + 1].id : null
	};
}) satisfies PageServerLoad;

export const actions = {
	rate: async ({ params, request }) => {
		const user = requireUser();
		const { roundId, indicatorId } = ids(params);
		const outcome = await rateFromForm(db, user, roundId, indicatorId, await request.formData());
		if (outcome.type === 'failure') return fail(outcome.status, outcome.data);
		redirect(303, outcome.location);
	}
} satisfies Actions;
