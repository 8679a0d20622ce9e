import { fail, redirect } from '@sveltejs/kit';
import { idField } from '$lib/validation/fields';
import { parseId } from '$lib/ids';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { dismissReports, hideComment, moderationQueue } from '$lib/server/discussion';
import { ruleFail } from '$lib/server/rounds/errors';
import { parseForm } from '$lib/server/forms';
import { hideSchema } from '$lib/validation/comment';
import { z } from 'zod';

export const load = (async ({ url }) => {
	const user = requireRole('facilitator');
	const round = parseId(url.searchParams.get('round')) ?? undefined;
	return { queue: await moderationQueue(db, user, round), round: round ?? null };
}) satisfies PageServerLoad;

const dismissSchema = z.object({ comment_id: idField });

export const actions = {
	hide: async ({ request, url }) => {
		const user = requireRole('facilitator');
		const parsed = parseForm(hideSchema, await request.formData(), ['reason', 'comment_id']);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const r = await ruleFail(() =>
			hideComment(db, user, parsed.data.comment_id, parsed.data.reason)
		);
		if (r) return r;
		redirect(303, `/moderation${url.search}`);
	},
	dismiss: async ({ request, url }) => {
		const user = requireRole('facilitator');
		const parsed = parseForm(dismissSchema, await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
		const r = await ruleFail(() => dismissReports(db, user, parsed.data.comment_id));
		if (r) return r;
		redirect(303, `/moderation${url.search}`);
	}
} satisfies Actions;
