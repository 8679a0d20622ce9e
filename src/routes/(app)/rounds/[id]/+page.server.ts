import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { hasRole, requireRole, requireUser } from '$lib/server/auth/guard';
import {
	canParticipate,
	describeRound,
	getSchedule,
	requireViewer,
	roundCounts
} from '$lib/server/rounds';
import { TRANSITIONS, transitionRound } from '$lib/server/rounds/phase';
import { freshRound, listProposals, proposalUnits, SORTS } from '$lib/server/proposals';
import { ruleError, ruleFail } from '$lib/server/rounds/errors';
import { roundId } from '$lib/server/rounds/params';
import { parseForm } from '$lib/server/forms';
import { PHASES } from '$lib/rounds/phases';
import { ASPECTS, INDICATOR_STATUSES, KINDS, PERSPECTIVES } from '$lib/proposals/fields';
import { formatScheduleTime } from '$lib/rounds/schedule';
import { deliveryCounts } from '$lib/server/notify/outbox';

// Unknown filter values are ignored rather than refused: a stale bookmark still opens the page.
const filterSchema = z.object({
	q: z.string().trim().max(100).catch(''),
	perspective: z.enum(PERSPECTIVES).optional().catch(undefined),
	aspect: z.enum(ASPECTS).optional().catch(undefined),
	kind: z.enum(KINDS).optional().catch(undefined),
	status: z.enum(INDICATOR_STATUSES).optional().catch(undefined),
	unit: z.coerce.number().int().positive().optional().catch(undefined),
	sort: z.enum(SORTS).catch('newest'),
	page: z.coerce.number().int().min(1).max(100000).catch(1)
});

export const load = (async ({ params, url }) => {
	const user = requireUser();
	const id = roundId(params.id);
	const round = await ruleError(async () => {
		const r = await freshRound(db, id);
		await requireViewer(db, r, user);
		return r;
	});
	const filters = filterSchema.parse(Object.fromEntries(url.searchParams));
	const list = await listProposals(db, id, {
		q: filters.q,
		perspective: filters.perspective,
		aspect: filters.aspect,
		kind: filters.kind,
		status: filters.status,
		unitId: filters.unit,
		sort: filters.sort,
		page: filters.page
	});
	const schedule = await getSchedule(db, id);
	const participant = await canParticipate(db, round, user.id);
	return {
		round: describeRound(round),
		schedule: Object.fromEntries(
			Object.entries(schedule).map(([k, v]) => [k, formatScheduleTime(v)])
		),
		counts: await roundCounts(db, round),
		list,
		filters,
		units: await proposalUnits(db, id),
		canPropose: participant && round.phase === 'proposing',
		isFacilitator: hasRole(user, 'facilitator'),
		delivery: hasRole(user, 'facilitator') ? await deliveryCounts(db, id) : null,
		nextPhases: hasRole(user, 'facilitator') ? TRANSITIONS[round.phase] : []
	};
}) satisfies PageServerLoad;

const advanceSchema = z.object({ to: z.enum(PHASES, { message: 'round_error_transition' }) });

export const actions = {
	advance: async ({ request, params }) => {
		const user = requireRole('facilitator');
		const id = roundId(params.id);
		const parsed = parseForm(advanceSchema, await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors, message: parsed.errors.to });
		const result = await ruleFail(() => transitionRound(db, id, parsed.data.to, user.id));
		if (result && 'status' in result) return result;
		redirect(303, `/rounds/${id}?moved=1`);
	}
} satisfies Actions;
