import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { authorizeRound } from '$lib/server/rounds/access';
import { ruleError, ruleFail } from '$lib/server/rounds/errors';
import { openIteration } from '$lib/server/ratings/ballots';
import { bandWidth, roundParticipation } from '$lib/server/disclosure/participation';
import { closeRating, maxDelphiIterations, openDelphi } from '$lib/server/ratings/delphi';
import { delphiChanges, reRatingProgress } from '$lib/server/ratings/stability';
import { STABLE_MAX_CHANGED_PCT } from '$lib/stats/consensus';

function roundIdOf(params: { roundId: string }): number {
	const id = Number(params.roundId);
	if (!Number.isInteger(id) || id <= 0) error(404, { message: m.error_not_found() });
	return id;
}

export const load = (async ({ params }) => {
	const user = requireRole('facilitator', 'admin');
	const { round } = await ruleError(() =>
		authorizeRound(db, user, 'monitor_rating', { roundId: roundIdOf(params) })
	);
	const [counts, items, changes, reRating] = await Promise.all([
		roundParticipation(db, round),
		db
			.selectFrom('delphi_item')
			.select(['iteration', (eb) => eb.fn.countAll<number>().as('n')])
			.where('round_id', '=', round.id)
			.groupBy('iteration')
			.execute(),
		delphiChanges(db, round),
		reRatingProgress(db, round)
	]);
	const open = openIteration(round);
	const maxIterations = maxDelphiIterations(round);
	return {
		round: {
			id: round.id,
			title: round.title,
			phase: round.phase,
			iteration: round.delphi_iteration
		},
		// Counts only: who rated, and what, is never shown — not even here; while an iteration is
		// open, only as a round-wide band (disclosure/participation).
		participation: counts,
		bandWidth: bandWidth(round.min_group_size),
		items: Object.fromEntries(items.map((i) => [i.iteration, Number(i.n)])),
		open,
		canOpenDelphi: open !== null && open < maxIterations,
		maxIterations,
		// Whether ratings still move: counts of changed ratings only, never scores.
		changes,
		// How many of the panel re-rated so far, coarse (never below k): the rest will be carried.
		reRating,
		k: round.min_group_size,
		stablePct: STABLE_MAX_CHANGED_PCT
	};
}) satisfies PageServerLoad;

export const actions = {
	delphi: async ({ params }) => {
		const user = requireRole('facilitator', 'admin');
		const roundId = roundIdOf(params);
		const r = await ruleFail(async () => {
			await authorizeRound(db, user, 'manage_rating', { roundId });
			return openDelphi(db, roundId, user.id);
		});
		if (r && 'status' in r) return r;
		redirect(303, `/ratings/${roundId}/manage?opened=1`);
	},
	close: async ({ params }) => {
		const user = requireRole('facilitator', 'admin');
		const roundId = roundIdOf(params);
		const r = await ruleFail(async () => {
			await authorizeRound(db, user, 'manage_rating', { roundId });
			return closeRating(db, roundId, user.id);
		});
		if (r && 'status' in r) return r;
		redirect(303, `/ratings/${roundId}/results`);
	}
} satisfies Actions;
