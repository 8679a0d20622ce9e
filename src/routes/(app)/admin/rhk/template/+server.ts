import type { RequestHandler } from './$types';
import { requireRole } from '$lib/server/auth/guard';
import { toCsv } from '$lib/server/csv';
import { RHK_FIELDS, RHK_TEMPLATE_HEADERS } from '$lib/server/rhk/columns';

/** An empty RHK list with the expected headers and one example row. */
export const GET: RequestHandler = async () => {
	requireRole('admin', 'facilitator');
	const csv = toCsv(
		RHK_FIELDS.map((f) => RHK_TEMPLATE_HEADERS[f]),
		[
			[
				'BTH.DUKCAPIL',
				'2026-01-01',
				'2026-12-31',
				'1',
				'Meningkatnya cakupan kepemilikan dokumen kependudukan'
			]
		]
	);
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': 'attachment; filename="templat-rhk-pimpinan.csv"'
		}
	});
};
