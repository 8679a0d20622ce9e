import type { RequestHandler } from './$types';
import { requireRole } from '$lib/server/auth/guard';
import { toCsv } from '$lib/server/csv';
import { IMPORT_FIELDS, TEMPLATE_HEADERS } from '$lib/server/import/columns';

/** An empty register with the expected headers and one example row. */
export const GET: RequestHandler = async () => {
	requireRole('admin');
	const csv = toCsv(
		IMPORT_FIELDS.map((f) => TEMPLATE_HEADERS[f]),
		[
			[
				'198203152006041001',
				'Nama Lengkap, S.Kom.',
				'BTH.BKPSDM.01',
				'Pranata Komputer Ahli Muda',
				'fungsional',
				'III/d',
				'PNS',
				'asn'
			]
		]
	);
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': 'attachment; filename="templat-impor-pegawai.csv"'
		}
	});
};
