import { fail } from '@sveltejs/kit';
import { idField, line } from '$lib/validation/fields';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { parseForm } from '$lib/server/forms';
import { API_SCOPES, issueApiToken, listApiTokens, revokeApiToken } from '$lib/server/api/tokens';
import { ruleFail } from '$lib/server/rounds/errors';

export const load = (async () => {
	requireRole('admin');
	return { tokens: await listApiTokens(db), scopes: API_SCOPES };
}) satisfies PageServerLoad;

const issueSchema = z.object({
	name: line(120, 3),
	'scopes[]': z.array(z.enum(API_SCOPES)).min(1, { message: 'api_scopes_required' })
});
const revokeSchema = z.object({ id: idField });

export const actions = {
	issue: async ({ request }) => {
		const user = requireRole('admin');
		const parsed = parseForm(issueSchema, await request.formData(), ['name']);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const { token } = await issueApiToken(db, user.id, {
			name: parsed.data.name,
			scopes: parsed.data['scopes[]']
		});
		// Shown once, in this response only; the database keeps a hash.
		return { issued: token };
	},
	revoke: async ({ request }) => {
		const user = requireRole('admin');
		const parsed = parseForm(revokeSchema, await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const failed = await ruleFail(() => revokeApiToken(db, user.id, parsed.data.id));
		if (failed) return failed;
		return { revoked: true };
	}
} satisfies Actions;
