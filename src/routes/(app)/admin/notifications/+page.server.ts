import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { failedMessages } from '$lib/server/notify/outbox';

export const load = (async () => {
	requireRole('admin');
	return { failed: await failedMessages(db) };
}) satisfies PageServerLoad;
