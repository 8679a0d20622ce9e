import type { PageServerLoad } from './$types';
import { parseId } from '$lib/ids';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import {
	consensusPerRound,
	fairnessOverview,
	participationByOpd,
	roundsByPhase
} from '$lib/server/dashboard';
import { ruleError } from '$lib/server/rounds/errors';
import { indicatorFairness } from '$lib/server/surveys/indicator-fairness';

export const load = (async ({ url }) => {
	const user = requireRole('leader', 'facilitator');
	const rounds = await db
		.selectFrom('round')
		.select(['id', 'title', 'phase'])
		.where('phase', 'in', ['rating', 'delphi', 'closed', 'published', 'adopted'])
		.orderBy('id', 'desc')
		.execute();
	const chosen = parseId(url.searchParams.get('round'));
	const round = rounds.find((r) => r.id === chosen) ?? rounds[0] ?? null;
	const opd = parseId(url.searchParams.get('opd'));
	const participation = round ? await ruleError(() => participationByOpd(db, round.id, opd)) : null;
	return {
		rounds,
		round,
		participation,
		phases: await roundsByPhase(db),
		consensus: await consensusPerRound(db),
		fairness: await fairnessOverview(db),
		// Fairness of each indicator of the chosen round, from its ratings: hidden until it closes.
		indicatorFairness: round ? await ruleError(() => indicatorFairness(db, round.id, user)) : null
	};
}) satisfies PageServerLoad;
