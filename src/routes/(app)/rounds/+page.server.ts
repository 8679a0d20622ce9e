import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireUser, hasRole } from '$lib/server/auth/guard';
import { listRoundsFor } from '$lib/server/rounds';
import { applySchedules } from '$lib/server/rounds/schedule';

export const load = (async () => {
	const user = requireUser();
	await applySchedules(db);
	const rounds = await listRoundsFor(db, user);
	return {
		rounds: rounds.map((r) => ({
			id: r.id,
			title: r.title,
			phase: r.phase,
			delphiIteration: r.delphi_iteration,
			phaseChangedAt: r.phase_changed_at
		})),
		canCreate: hasRole(user, 'facilitator')
	};
}) satisfies PageServerLoad;
