import { error, fail, redirect } from '@sveltejs/kit';
import { prose } from '$lib/validation/fields';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { parseForm } from '$lib/server/forms';
import { approveAdoption, getAdoption, returnAdoption, submitAdoption } from '$lib/server/adoption';
import { roundConsensus } from '$lib/server/criteria/consensus';
import { getRound } from '$lib/server/rounds/phase';
import { ruleError, ruleFail } from '$lib/server/rounds/errors';

function idOf(params: { id: string }): number {
	const id = Number(params.id);
	if (!Number.isInteger(id) || id <= 0) error(404, { message: m.error_not_found() });
	return id;
}

export const load = (async ({ params, url }) => {
	const user = requireRole('facilitator', 'leader');
	const a = await ruleError(() => getAdoption(db, idOf(params)));
	const consensus = await roundConsensus(db, await getRound(db, a.round.id));
	const isEditor = a.editorIds.includes(user.id);
	return {
		...a,
		consensus: Object.fromEntries(
			a.items.map((i) => [i.indicator_id, consensus.get(i.indicator_id) ?? null])
		),
		saved: url.searchParams.has('saved'),
		can: {
			edit: user.roles.includes('facilitator') && ['draft', 'returned'].includes(a.adoption.status),
			submit:
				user.roles.includes('facilitator') && ['draft', 'returned'].includes(a.adoption.status),
			review: user.roles.includes('leader') && a.adoption.status === 'submitted' && !isEditor
		},
		ownDraft: user.roles.includes('leader') && a.adoption.status === 'submitted' && isEditor
	};
}) satisfies PageServerLoad;

const returnSchema = z.object({ comment: prose(4000, 3) });
const approveSchema = z.object({
	comment: z
		.string()
		.trim()
		.max(4000)
		.transform((v) => (v === '' ? null : v))
});

export const actions = {
	submit: async ({ params }) => {
		const user = requireRole('facilitator');
		const id = idOf(params);
		const failed = await ruleFail(() => submitAdoption(db, user.id, id));
		if (failed) return failed;
		redirect(303, `/adoptions/${id}`);
	},
	return: async ({ params, request }) => {
		const user = requireRole('leader');
		const id = idOf(params);
		const parsed = parseForm(returnSchema, await request.formData(), ['comment']);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const failed = await ruleFail(() => returnAdoption(db, user.id, id, parsed.data.comment));
		if (failed) return failed;
		redirect(303, `/adoptions/${id}`);
	},
	approve: async ({ params, request }) => {
		const user = requireRole('leader');
		const id = idOf(params);
		const parsed = parseForm(approveSchema, await request.formData(), ['comment']);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const failed = await ruleFail(() => approveAdoption(db, user.id, id, parsed.data.comment));
		if (failed) return failed;
		redirect(303, `/adoptions/${id}`);
	}
} satisfies Actions;
