import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { publicPageEnabled, setPublicPage } from '$lib/server/criteria/public-page';

export const load = (async () => {
	requireRole('admin');
	return { enabled: await publicPageEnabled(db) };
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ request }) => {
		const user = requireRole('admin');
		const enabled = (await request.formData()).get('enabled') === '1';
		await setPublicPage(db, user.id, enabled);
		return { success: enabled ? m.dashboard_public_now_on() : m.dashboard_public_now_off() };
	}
} satisfies Actions;
