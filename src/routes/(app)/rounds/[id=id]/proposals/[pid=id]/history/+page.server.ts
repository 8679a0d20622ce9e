import { redirect } from '@sveltejs/kit';
import { parseId } from '$lib/ids';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { viewProposal } from '$lib/server/proposals';
import { diffVersions } from '$lib/server/proposals/revisions';
import { ruleError } from '$lib/server/rounds/errors';
import { roundId as numericParam } from '$lib/server/rounds/params';

export const load = (async ({ params, url }) => {
	const user = requireUser();
	const rid = numericParam(params.id);
	const pid = numericParam(params.pid);
	const view = await ruleError(() => viewProposal(db, user, pid));
	if (view.indicator.round_id !== rid)
		redirect(308, `/rounds/${view.indicator.round_id}/proposals/${pid}/history`);
	const latest = view.indicator.version;
	const pick = (name: string, fallback: number) => {
		const n = parseId(url.searchParams.get(name));
		return n !== null && n <= latest ? n : fallback;
	};
	const to = pick('to', latest);
	const from = pick('from', Math.max(1, to - 1));
	const diff = await ruleError(() => diffVersions(db, pid, from, to));
	return {
		round: { id: view.round.id, title: view.round.title },
		indicator: { id: pid, name: view.indicator.name, version: latest },
		revisions: diff.revisions.map(({ snapshot: _s, ...r }) => r),
		from,
		to,
		fields: diff.fields
	};
}) satisfies PageServerLoad;
