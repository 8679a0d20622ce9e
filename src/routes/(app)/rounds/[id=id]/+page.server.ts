import { fail, redirect } from '@sveltejs/kit';
import { idQuery, line } from '$lib/validation/fields';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { advanceRound, describeRound, getSchedule, roundCounts } from '$lib/server/rounds';
import { authorizeRound, flagsFor } from '$lib/server/rounds/access';
import { MANUAL_TRANSITIONS } from '$lib/rounds/phases';
import { listProposals, proposalUnits, SORTS } from '$lib/server/proposals';
import {
	addRoundFacilitator,
	removeRoundFacilitator,
	roundFacilitators
} from '$lib/server/privileges/facilitators';
import { ruleError, ruleFail } from '$lib/server/rounds/errors';
import { roundId } from '$lib/server/rounds/params';
import { parseForm } from '$lib/server/forms';
import { PHASES } from '$lib/rounds/phases';
import { ASPECTS, INDICATOR_STATUSES, KINDS, PERSPECTIVES } from '$lib/proposals/fields';
import { formatScheduleTime } from '$lib/rounds/schedule';
import { deliveryCounts } from '$lib/server/notify/outbox';
import { planPeriods, roundCitedRhks, setRoundRhkBasis } from '$lib/server/rhk/citation';
import { rhkBasisSchema, rhkFilterSchema } from '$lib/validation/rhk';
import { m } from '$lib/paraglide/messages';

// Unknown filter values are ignored rather than refused: a stale bookmark still opens the page.
const filterSchema = z.object({
	q: line(100, 0).catch(''),
	perspective: z.enum(PERSPECTIVES).optional().catch(undefined),
	aspect: z.enum(ASPECTS).optional().catch(undefined),
	kind: z.enum(KINDS).optional().catch(undefined),
	status: z.enum(INDICATOR_STATUSES).optional().catch(undefined),
	unit: idQuery,
	rhk: rhkFilterSchema,
	sort: z.enum(SORTS).catch('newest'),
	page: z.coerce.number().int().min(1).max(100000).catch(1)
});

export const load = (async ({ params, url }) => {
	const user = requireUser();
	const id = roundId(params.id);
	const { round } = await ruleError(() => authorizeRound(db, user, 'view', { roundId: id }));
	const filters = filterSchema.parse(Object.fromEntries(url.searchParams));
	const list = await listProposals(db, id, {
		q: filters.q,
		perspective: filters.perspective,
		aspect: filters.aspect,
		kind: filters.kind,
		status: filters.status,
		unitId: filters.unit,
		rhk: filters.rhk,
		sort: filters.sort,
		page: filters.page
	});
	const schedule = await getSchedule(db, id);
	const can = await flagsFor(db, round, user);
	return {
		round: describeRound(round),
		schedule: Object.fromEntries(
			Object.entries(schedule).map(([k, v]) => [k, formatScheduleTime(v)])
		),
		counts: await roundCounts(db, round),
		list,
		filters,
		units: await proposalUnits(db, id),
		rhk: {
			day: round.rhk_day,
			cited: (await roundCitedRhks(db, id)).map((x) => ({ id: x.id, code: x.code, text: x.text })),
			periods: can.edit && round.phase === 'draft' ? await planPeriods(db) : null
		},
		isFacilitator: can.edit,
		delivery: can.edit || can.advance ? await deliveryCounts(db, id) : null,
		canPropose: can.propose,
		canEdit: can.edit,
		canModerate: can.moderate,
		canMonitorRating: can.monitor_rating,
		nextPhases: can.advance ? MANUAL_TRANSITIONS[round.phase] : [],
		canAssignFacilitators: can.assign_facilitators,
		facilitators:
			can.assign_facilitators || can.view_results || can.edit || can.moderate
				? await roundFacilitators(db, id)
				: []
	};
}) satisfies PageServerLoad;

const advanceSchema = z.object({ to: z.enum(PHASES, { message: 'round_error_transition' }) });
const addFacilitatorSchema = z.object({
	nip: z
		.string()
		.trim()
		.regex(/^\d{18}$/, { message: 'access_error_not_facilitator' })
});
const removeFacilitatorSchema = z.object({ person_id: z.coerce.number().int().positive() });

export const actions = {
	rhkBasis: async ({ request, params }) => {
		const user = requireUser();
		const id = roundId(params.id);
		const allowed = await ruleFail(() => authorizeRound(db, user, 'edit', { roundId: id }));
		if ('status' in allowed) return allowed;
		const parsed = parseForm(rhkBasisSchema, await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors, message: parsed.errors.rhk_day });
		const result = await ruleFail(() => setRoundRhkBasis(db, user, id, parsed.data.rhk_day));
		if (result && 'status' in result) return result;
		return { success: m.rhk_basis_saved() };
	},
	add_facilitator: async ({ request, params }) => {
		const user = requireUser();
		const id = roundId(params.id);
		const allowed = await ruleFail(() =>
			authorizeRound(db, user, 'assign_facilitators', { roundId: id })
		);
		if ('status' in allowed) return allowed;
		const parsed = parseForm(addFacilitatorSchema, await request.formData(), ['nip']);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, message: parsed.errors.nip });
		const result = await ruleFail(() => addRoundFacilitator(db, user, id, parsed.data.nip));
		if (result) return result;
		redirect(303, `/rounds/${id}#facilitators-h`);
	},
	remove_facilitator: async ({ request, params }) => {
		const user = requireUser();
		const id = roundId(params.id);
		const allowed = await ruleFail(() =>
			authorizeRound(db, user, 'assign_facilitators', { roundId: id })
		);
		if ('status' in allowed) return allowed;
		const parsed = parseForm(removeFacilitatorSchema, await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
		const result = await ruleFail(() =>
			removeRoundFacilitator(db, user, id, parsed.data.person_id)
		);
		if (result) return result;
		redirect(303, `/rounds/${id}#facilitators-h`);
	},
	advance: async ({ request, params }) => {
		const user = requireUser();
		const id = roundId(params.id);
		// Who may advance is decided before the form is read: a refusal never depends on input.
		const allowed = await ruleFail(() => authorizeRound(db, user, 'advance', { roundId: id }));
		if ('status' in allowed) return allowed;
		const parsed = parseForm(advanceSchema, await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors, message: parsed.errors.to });
		const result = await ruleFail(() => advanceRound(db, user, id, parsed.data.to));
		if (result && 'status' in result) return result;
		redirect(303, `/rounds/${id}?moved=1`);
	}
} satisfies Actions;
