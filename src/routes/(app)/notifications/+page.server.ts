import { fail, redirect } from '@sveltejs/kit';
import { idField } from '$lib/validation/fields';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { listNotifications, markRead } from '$lib/server/notifications';
import { parseForm } from '$lib/server/forms';

export const load = (async () => {
	const user = requireUser();
	return { notifications: await listNotifications(db, user.id, 100) };
}) satisfies PageServerLoad;

const readSchema = z.object({ id: idField });

export const actions = {
	read: async ({ request }) => {
		const user = requireUser();
		const parsed = parseForm(readSchema, await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
		await markRead(db, user.id, parsed.data.id);
		redirect(303, '/notifications');
	},
	read_all: async () => {
		const user = requireUser();
		await markRead(db, user.id, null);
		redirect(303, '/notifications');
	}
} satisfies Actions;
