import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { m } from '$lib/paraglide/messages';
import { auditCsv } from '$lib/server/audit/query';
import { auditFilterFromUrl } from '$lib/server/audit/filter';

export const GET: RequestHandler = async ({ url }) => {
	requireRole('admin', 'leader');
	const { filter } = auditFilterFromUrl(url);
	const csv = await auditCsv(db, filter, [
		m.audit_col_id(),
		m.audit_col_when(),
		m.people_col_nip(),
		m.audit_col_actor(),
		m.audit_col_action(),
		m.audit_filter_object(),
		m.audit_filter_object_id(),
		m.audit_col_before(),
		m.audit_col_after()
	]);
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="log-audit-${new Date().toISOString().slice(0, 10)}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
