import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { withApiToken } from '$lib/server/api/respond';
import { apiParticipation } from '$lib/server/api/data';

export const GET: RequestHandler = ({ request }) =>
	withApiToken(request, 'participation', () => apiParticipation(db));
