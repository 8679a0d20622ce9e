import { redirect } from '@sveltejs/kit';
import { parseId } from '$lib/ids';
import type { RequestHandler } from './$types';
import { requireRole } from '$lib/server/auth/guard';
import { m } from '$lib/paraglide/messages';
import { takeCredentials } from '$lib/server/import/credentials';
import { toCsv } from '$lib/server/csv';

function batchId(raw: string): number {
	return parseId(raw) ?? 0;
}

// A download that works once must not be a GET: link prefetching or a browser's "reopen" would
// spend it. GET only leads back to the import page.
export const GET: RequestHandler = async ({ params }) => {
	requireRole('admin');
	redirect(303, `/admin/import/${batchId(params.id)}`);
};

/** Hands the one-time list of temporary passwords over, then forgets it. */
export const POST: RequestHandler = async ({ params }) => {
	const user = requireRole('admin');
	const id = batchId(params.id);
	const credentials = takeCredentials(id, user.id);
	if (!credentials) redirect(303, `/admin/import/${id}`);
	const csv = toCsv(
		[
			m.import_csv_header_nip(),
			m.import_csv_header_name(),
			m.import_csv_header_unit(),
			m.import_csv_header_password()
		],
		credentials.map((c) => [c.nip, c.fullName, c.unitCode, c.password])
	);
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="kata-sandi-sementara-impor-${id}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
