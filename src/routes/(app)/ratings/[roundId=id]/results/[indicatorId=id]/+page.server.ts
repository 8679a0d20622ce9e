import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { ruleError } from '$lib/server/rounds/errors';
import { requireResults } from '$lib/server/ratings/access';
import { frozenResults } from '$lib/server/ratings/results';
import { parseCriteria } from '$lib/rounds/criteria';
import { positionTypeLabel } from '$lib/labels';

export const load = (async ({ params }) => {
	const user = requireUser();
	const roundId = Number(params.roundId);
	const indicatorId = Number(params.indicatorId);
	if (![roundId, indicatorId].every((x) => Number.isInteger(x) && x > 0)) {
		error(404, { message: m.error_not_found() });
	}
	const round = await ruleError(() => requireResults(db, roundId, user));
	const results = await frozenResults(db, round);
	const index = results.indicators.findIndex((i) => i.id === indicatorId);
	if (index < 0) error(404, { message: m.error_not_found() });
	const ind = results.indicators[index];
	const en = getLocale() === 'en';
	const criteriaLabels = Object.fromEntries(
		parseCriteria(round.criteria_json).map((c) => [c.key, en ? c.label_en : c.label_id])
	);
	return {
		round: { id: round.id, title: round.title },
		rank: index + 1,
		k: results.k,
		indicator: ind,
		criteriaLabels,
		groupLabels: {
			opd: Object.fromEntries(ind.groups.opd.map((g) => [g.id, results.opdNames[g.id] ?? g.id])),
			position_type: Object.fromEntries(
				ind.groups.position_type.map((g) => [g.id, positionTypeLabel(g.id)])
			)
		}
	};
}) satisfies PageServerLoad;
