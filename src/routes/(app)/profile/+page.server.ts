import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { getProfile } from '$lib/server/people/profile';
import { parseForm } from '$lib/server/forms';
import { getNotifySettings, saveNotifySettings } from '$lib/server/notify/preferences';
import { notifySettingsSchema } from '$lib/validation/notify';

export const load = (async () => {
	const user = requireUser();
	return {
		profile: await getProfile(db, user.id),
		notify: await getNotifySettings(db, user.id)
	};
}) satisfies PageServerLoad;

export const actions = {
	notify: async ({ request }) => {
		const user = requireUser();
		const parsed = parseForm(notifySettingsSchema, await request.formData(), ['email', 'phone']);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const { email, phone, phone_consent, digest } = parsed.data;
		await saveNotifySettings(db, user.id, {
			contact: { email, phone, phoneConsent: phone_consent, digest },
			enabled: parsed.data['on[]']
		});
		return { success: m.notify_settings_saved() };
	}
} satisfies Actions;
