import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { parseForm } from '$lib/server/forms';
import { ruleError, ruleFail } from '$lib/server/rounds/errors';
import {
	myBallots,
	myPreviousBallots,
	ratableIndicators,
	requireRater,
	submitBallot
} from '$lib/server/ratings/ballots';
import { iterationReasons, iterationSummary } from '$lib/server/ratings/results';
import { ratingContext } from '$lib/server/ratings/context';
import { ratingFormSchema, scoresFrom } from '$lib/ratings/form';

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
		const rater = await ruleFail(() => requireRater(db, roundId, user.id, user));
		if (!('round' in rater)) return rater;
		// Read once, used twice: to check the indicator is open for rating, and to pick the next.
		const list = await ratableIndicators(db, roundId, rater.iteration);
		const keys = rater.criteria.map((c) => c.key);
		const parsed = parseForm(ratingFormSchema(keys), await request.formData(), [
			'reason',
			...keys.map((k) => `c_${k}`)
		]);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const data = parsed.data as Record<string, unknown>;
		const saved = await ruleFail(() =>
			submitBallot(
				db,
				{
					roundId,
					personId: user.id,
					indicatorId,
					iteration: Number(data.iteration),
					scores: scoresFrom(data, keys),
					reason: String(data.reason ?? '') || null
				},
				rater,
				list
			).then(() => true as const)
		);
		if (saved !== true) return saved;
		// On to the next indicator still unrated, or back to the overview when all are done.
		const mine = await myBallots(db, rater, rater.iteration);
		const after = list.findIndex((i) => i.id === indicatorId);
		const next =
			list.slice(after + 1).find((i) => !mine.has(i.id)) ?? list.find((i) => !mine.has(i.id));
		redirect(303, next ? `/ratings/${roundId}/${next.id}?saved=1` : `/ratings/${roundId}?saved=1`);
	}
} satisfies Actions;
