import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { authorizeRound } from '$lib/server/rounds/access';
import { findSimilar } from '$lib/server/proposals';
import { ruleError } from '$lib/server/rounds/errors';
import { roundId } from '$lib/server/rounds/params';

/** Similar active proposals for the live duplicate warning on the proposal form. */
export const GET: RequestHandler = async ({ params, url }) => {
	const user = requireUser();
	const id = roundId(params.id);
	await ruleError(() => authorizeRound(db, user, 'view', { roundId: id }));
	const name = (url.searchParams.get('name') ?? '').slice(0, 200);
	const definition = (url.searchParams.get('definition') ?? '').slice(0, 2000);
	const similar = name || definition ? await findSimilar(db, id, { name, definition }) : [];
	return json({ similar });
};
