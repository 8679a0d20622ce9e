import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { withApiToken } from '$lib/server/api/respond';
import { apiCriteria } from '$lib/server/api/data';

export const GET: RequestHandler = ({ request, url }) =>
	withApiToken(request, 'criteria', () => apiCriteria(db, url));
