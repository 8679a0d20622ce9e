import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { createRound } from '$lib/server/rounds';
import { parseRoundForm, roundFormValues, unitOptions } from '$lib/server/rounds/form';
import { ruleFail } from '$lib/server/rounds/errors';
import {
	DEFAULT_CONSENSUS_RULE,
	DEFAULT_CRITERIA,
	DEFAULT_MIN_GROUP_SIZE
} from '$lib/rounds/criteria';

export const load = (async () => {
	requireRole('facilitator');
	return {
		values: roundFormValues(
			null,
			{},
			{
				criteria: DEFAULT_CRITERIA,
				consensusRule: DEFAULT_CONSENSUS_RULE,
				minGroupSize: DEFAULT_MIN_GROUP_SIZE
			}
		),
		units: await unitOptions(db)
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ request }) => {
		const user = requireRole('facilitator');
		const parsed = parseRoundForm(await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const { input } = parsed;
		const result = await ruleFail(() =>
			createRound(db, user, { ...input, title: input.title!, purpose: input.purpose! })
		);
		if (typeof result !== 'number') return result;
		redirect(303, `/rounds/${result}`);
	}
} satisfies Actions;
