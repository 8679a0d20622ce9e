import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { ruleError } from '$lib/server/rounds/errors';
import { myBallots, ratableIndicators, requireRater } from '$lib/server/ratings/ballots';

export const load = (async ({ params }) => {
	const user = requireUser();
	const roundId = Number(params.roundId);
	if (!Number.isInteger(roundId) || roundId <= 0) error(404, { message: m.error_not_found() });
	const rater = await ruleError(() => requireRater(db, roundId, user.id, user));
	const [indicators, mine] = await Promise.all([
		ratableIndicators(db, roundId, rater.iteration),
		myBallots(db, rater, rater.iteration)
	]);
	return {
		round: { id: rater.round.id, title: rater.round.title, phase: rater.round.phase },
		iteration: rater.iteration,
		indicators: indicators.map((i) => ({ id: i.id, name: i.name, rated: mine.has(i.id) })),
		rated: indicators.filter((i) => mine.has(i.id)).length
	};
}) satisfies PageServerLoad;
