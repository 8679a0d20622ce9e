import { fail, redirect } from '@sveltejs/kit';
import { randomBytes } from 'node:crypto';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { authorizeRound } from '$lib/server/rounds/access';
import { createProposal } from '$lib/server/proposals';
import { ruleError, ruleFail } from '$lib/server/rounds/errors';
import { roundId } from '$lib/server/rounds/params';
import { parseForm } from '$lib/server/forms';
import { newProposalSchema, PROPOSAL_FIELD_NAMES } from '$lib/validation/proposal';
import { smartCheck } from '$lib/proposals/smart';

const ECHO = [...PROPOSAL_FIELD_NAMES, 'client_token'];

export const load = (async ({ params }) => {
	const user = requireUser();
	const id = roundId(params.id);
	const { round } = await ruleError(() => authorizeRound(db, user, 'propose', { roundId: id }));
	return {
		round: { id: round.id, title: round.title, minSmartScore: round.min_smart_score },
		clientToken: randomBytes(18).toString('base64url')
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, params }) => {
		const user = requireUser();
		const id = roundId(params.id);
		const form = await request.formData();
		const parsed = parseForm(newProposalSchema, form, ECHO);
		if (!parsed.ok) {
			const smart = smartCheck(parsed.values);
			return fail(400, {
				errors: parsed.errors,
				values: parsed.values,
				smart: { score: smart.score, issues: smart.issues.map((i) => i.key) }
			});
		}
		const { client_token, confirm_unique, ...fields } = parsed.data;
		const result = await ruleFail(() =>
			createProposal(db, user, id, fields, {
				clientToken: client_token,
				confirmUnique: confirm_unique
			})
		);
		const values = Object.fromEntries(
			ECHO.map((k) => [k, String(form.get(k) ?? '').slice(0, 2000)])
		);
		if ('status' in result) return fail(result.status, { ...result.data, values });
		if (result.kind === 'similar') return { similar: result.similar, values };
		redirect(303, `/rounds/${id}/proposals/${result.id}?created=1`);
	}
} satisfies Actions;
