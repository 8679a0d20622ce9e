import type { Kysely } from 'kysely';
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { line } from '$lib/validation/fields';
import type { Database } from '$lib/server/db/schema';
import { criteriaInForce, today } from '$lib/server/criteria/catalogue';
import { unitSubtreeIds } from '$lib/server/org/units';
import { frozenResults } from '$lib/server/ratings/results';
import { isAtOrAfter } from '$lib/rounds/phases';
import { getRound } from '$lib/server/rounds/phase';
import { RuleError } from '$lib/server/rounds/errors';
import { participationByOpd } from '$lib/server/dashboard';

// Text parameters pass the same text rules as forms: a NUL or a bidi control is a 400, not a query.
const criteriaQuery = z.object({
	unit: line(40, 0).optional(),
	position_type: line(40, 0).optional()
});

/** GET /api/v1/criteria: criteria in force, optionally for one unit (code, with sub-units) and type. */
export async function apiCriteria(db: Kysely<Database>, url: URL) {
	const on = /^\d{4}-\d{2}-\d{2}$/.test(url.searchParams.get('on') ?? '')
		? url.searchParams.get('on')!
		: today();
	const query = criteriaQuery.safeParse(Object.fromEntries(url.searchParams));
	if (!query.success) error(400, { message: m.input_bad_request() });
	const { unit: code, position_type: positionType } = query.data;
	let unitIds: number[] | undefined;
	if (code) {
		const unit = await db
			.selectFrom('org_unit')
			.select('id')
			.where('code', '=', code)
			.executeTakeFirst();
		unitIds = unit ? await unitSubtreeIds(db, unit.id) : [];
	}
	const rows = await criteriaInForce(db, { on, unitIds, positionType });
	return { inForceOn: on, count: rows.length, criteria: rows };
}

/** GET /api/v1/rounds/{id}/results: the published, already-suppressed aggregates of one round. */
export async function apiRoundResults(db: Kysely<Database>, roundId: number) {
	const round = await getRound(db, roundId);
	// Published, not merely closed: between the close and publication the facilitator may still
	// hold results back, and other systems must not see what participants cannot.
	if (!isAtOrAfter(round.phase, 'published')) {
		throw new RuleError('api_error_results_not_published', 409);
	}
	const r = await frozenResults(db, round);
	return {
		round: { id: round.id, title: round.title, phase: round.phase, minGroupSize: r.k },
		rule: r.rule,
		criteria: r.criteria,
		participation: r.participation,
		indicators: r.indicators.map((i) => ({
			id: i.id,
			name: i.name,
			decision: i.final.shown ? i.final.decision : null,
			raters: i.final.shown ? i.final.raters : null,
			criteria: i.final.shown
				? i.final.criteria.map((c) => ({
						key: c.key,
						n: c.dist.n,
						median: c.dist.median,
						iqr: c.dist.iqr,
						pctAgree: c.dist.pctAgree,
						pctDisagree: c.dist.pctDisagree,
						decision: c.decision
					}))
				: null
		}))
	};
}

/**
 * GET /api/v1/participation: eligible and raters per OPD for each round past rating. While rating
 * is open only a round-wide band is given (`liveRaters`); per-OPD raters follow the close, under
 * the same participation rule as the dashboard.
 */
export async function apiParticipation(db: Kysely<Database>) {
	const rounds = await db
		.selectFrom('round')
		.select(['id', 'title', 'phase'])
		.where('phase', 'in', ['rating', 'delphi', 'closed', 'published', 'adopted'])
		.orderBy('id')
		.execute();
	const out = [];
	for (const r of rounds) {
		const p = await participationByOpd(db, r.id);
		out.push({
			round: r,
			k: p.k,
			live: p.live,
			liveRaters: p.liveRaters,
			opds: p.rows.map(({ unitId, code, name, eligible, raters }) => ({
				unitId,
				code,
				name,
				eligible,
				raters
			}))
		});
	}
	return { rounds: out };
}
