import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { ruleError } from '$lib/server/rounds/errors';
import { currentRound } from '$lib/server/rounds/access';
import { requireResults, resultsAccess } from '$lib/server/ratings/access';
import { BREAKDOWNS, frozenResults, type Breakdown } from '$lib/server/ratings/results';
import { positionTypeLabel } from '$lib/labels';
import { addCounts, combineCriteria, emptyCounts, summarise } from '$lib/stats/consensus';

export const load = (async ({ params, url }) => {
	const user = requireUser();
	const roundId = Number(params.roundId);
	if (!Number.isInteger(roundId) || roundId <= 0) error(404, { message: m.error_not_found() });
	const round = await ruleError(() => currentRound(db, roundId));
	const access = await resultsAccess(db, round, user);
	if (access === 'denied') error(403, { message: m.error_forbidden() });
	if (access === 'not_yet') {
		return {
			round: { id: round.id, title: round.title, phase: round.phase },
			notYet: true as const
		};
	}
	await ruleError(() => requireResults(db, roundId, user));
	const results = await frozenResults(db, round);

	// One filter parameter, `g=<breakdown>:<group id>`, so breakdown and group cannot disagree.
	const [byParam, ...rest] = (url.searchParams.get('g') ?? '').split(':');
	const by: Breakdown | null = (BREAKDOWNS as readonly string[]).includes(byParam)
		? (byParam as Breakdown)
		: null;
	const group = by ? rest.join(':') : '';
	const labelOf = (dim: Breakdown, id: string) =>
		dim === 'opd' ? (results.opdNames[id] ?? id) : positionTypeLabel(id);

	// Only groups shown for at least one indicator can be picked (the results list no others).
	const groupOptions = Object.fromEntries(
		BREAKDOWNS.map((dim) => {
			const ids = new Set<string>();
			for (const ind of results.indicators) for (const g of ind.groups[dim]) ids.add(g.id);
			return [
				dim,
				[...ids]
					.map((id) => ({ id, label: labelOf(dim, id) }))
					.sort((a, b) => a.label.localeCompare(b.label))
			];
		})
	) as Record<Breakdown, { id: string; label: string }[]>;

	const rows = results.indicators.map((ind, i) => {
		let figures: {
			decision: string | null;
			median: number | null;
			iqr: number | null;
			pctAgree: number | null;
			polarised: boolean;
			raters: number | null;
			/** Of the raters, how many were carried forward in a Delphi iteration. */
			carried: number | null;
		} | null = null;
		if (!by || !group) {
			figures = ind.final.shown
				? {
						decision: ind.final.decision,
						median: ind.final.pooled!.median,
						iqr: ind.final.pooled!.iqr,
						pctAgree: ind.final.pooled!.pctAgree,
						polarised: ind.final.pooled!.polarised,
						raters: ind.final.raters,
						carried: ind.final.carried ?? null
					}
				: null;
		} else {
			const g = ind.groups[by].find((x) => x.id === group);
			if (g) {
				const pooled = summarise(
					g.criteria
						.map((c) => ({ counts: c.dist.counts, cannotJudge: c.dist.cannotJudge }))
						.reduce(addCounts, emptyCounts())
				);
				figures = {
					decision: combineCriteria(g.criteria.map((c) => c.decision)),
					median: pooled.median,
					iqr: pooled.iqr,
					pctAgree: pooled.pctAgree,
					polarised: pooled.polarised,
					raters: null,
					carried: null
				};
			}
		}
		return { rank: i + 1, id: ind.id, name: ind.name, iteration: ind.final.iteration, figures };
	});

	return {
		round: { id: round.id, title: round.title, phase: round.phase },
		notYet: false as const,
		k: results.k,
		rule: results.rule,
		participation: results.participation,
		rows,
		by,
		group,
		groupLabel: by && group ? labelOf(by, group) : null,
		groupOptions
	};
}) satisfies PageServerLoad;
