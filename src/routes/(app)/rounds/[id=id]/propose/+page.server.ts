import { fail, redirect } from '@sveltejs/kit';
import { randomBytes } from 'node:crypto';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { authorizeRound, currentRound } from '$lib/server/rounds/access';
import { createProposal } from '$lib/server/proposals';
import { RuleError, ruleError, ruleFail } from '$lib/server/rounds/errors';
import { roundId } from '$lib/server/rounds/params';
import { parseForm } from '$lib/server/forms';
import { newProposalSchema, PROPOSAL_FIELD_NAMES } from '$lib/validation/proposal';
import { smartCheck } from '$lib/proposals/smart';
import { citableRhks } from '$lib/server/rhk/citation';
import { citationSchema } from '$lib/validation/rhk';

const ECHO = [...PROPOSAL_FIELD_NAMES, 'client_token', 'head_rhk', 'cascading'];

export const load = (async ({ params }) => {
	const user = requireUser();
	const id = roundId(params.id);
	const { round } = await ruleError(() => authorizeRound(db, user, 'propose', { roundId: id }));
	const person = await db
		.selectFrom('person')
		.select('org_unit_id')
		.where('id', '=', user.id)
		.executeTakeFirstOrThrow();
	return {
		round: { id: round.id, title: round.title, minSmartScore: round.min_smart_score },
		clientToken: randomBytes(18).toString('base64url'),
		rhkBased: !!round.rhk_day,
		rhks: (await citableRhks(db, round, person.org_unit_id)).map((r) => ({
			id: r.id,
			code: r.code,
			text: r.text,
			unitName: r.unitName
		}))
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, params }) => {
		const user = requireUser();
		const id = roundId(params.id);
		const form = await request.formData();
		const parsed = parseForm(newProposalSchema, form, ECHO);
		// Read only for an RHK-based round; the domain refuses a missing or foreign choice.
		const round = await currentRound(db, id).catch((e) => {
			if (e instanceof RuleError) return null; // answered by createProposal below
			throw e;
		});
		const citation = round?.rhk_day ? parseForm(citationSchema, form, ECHO) : null;
		if (!parsed.ok || (citation && !citation.ok)) {
			const values = parsed.ok
				? (citation as { values: Record<string, string> }).values
				: parsed.values;
			const smart = smartCheck(values);
			return fail(400, {
				errors: {
					...(parsed.ok ? {} : parsed.errors),
					...(citation && !citation.ok ? citation.errors : {})
				},
				values,
				smart: { score: smart.score, issues: smart.issues.map((i) => i.key) }
			});
		}
		const { client_token, confirm_unique, ...fields } = parsed.data;
		const result = await ruleFail(() =>
			createProposal(db, user, id, fields, {
				clientToken: client_token,
				confirmUnique: confirm_unique,
				citation: citation?.ok ? citation.data : undefined
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
