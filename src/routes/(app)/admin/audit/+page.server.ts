import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { auditVocabulary, queryAudit } from '$lib/server/audit/query';
import { auditFilterFromUrl } from '$lib/server/audit/filter';

// Leaders read the log too (read-only: this page has no actions).
export const load = (async ({ url }) => {
	requireRole('admin', 'leader');
	const { filter, page, dateError } = auditFilterFromUrl(url);
	const [result, vocabulary] = await Promise.all([
		queryAudit(db, filter, page),
		auditVocabulary(db)
	]);
	return { filter, result, vocabulary, dateError, search: url.searchParams.toString() };
}) satisfies PageServerLoad;
