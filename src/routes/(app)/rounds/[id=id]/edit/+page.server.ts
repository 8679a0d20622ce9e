import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { describeRound, getSchedule, updateRound } from '$lib/server/rounds';
import { ratingSetupFrozen } from '$lib/server/rounds/phase';
import { authorizeRound } from '$lib/server/rounds/access';
import { parseRoundForm, roundFormValues, unitOptions } from '$lib/server/rounds/form';
import { ruleError, ruleFail } from '$lib/server/rounds/errors';
import { roundId } from '$lib/server/rounds/params';
import {
	DEFAULT_CONSENSUS_RULE,
	DEFAULT_CRITERIA,
	DEFAULT_MIN_GROUP_SIZE
} from '$lib/rounds/criteria';

export const load = (async ({ params }) => {
	const user = requireRole('facilitator');
	const { round } = await ruleError(() =>
		authorizeRound(db, user, 'edit', { roundId: roundId(params.id) })
	);
	const described = describeRound(round);
	return {
		round: { id: round.id, title: round.title, phase: round.phase },
		values: roundFormValues(described, await getSchedule(db, round.id), {
			criteria: DEFAULT_CRITERIA,
			consensusRule: DEFAULT_CONSENSUS_RULE,
			minGroupSize: DEFAULT_MIN_GROUP_SIZE
		}),
		scopeEditable: round.phase === 'draft',
		ratingEditable: !ratingSetupFrozen(round),
		units: await unitOptions(db)
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, params }) => {
		const user = requireRole('facilitator');
		const id = roundId(params.id);
		const parsed = parseRoundForm(await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const result = await ruleFail(() => updateRound(db, user, id, parsed.input));
		if (result) return result;
		redirect(303, `/rounds/${id}`);
	}
} satisfies Actions;
