import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { criteriaInForce } from '$lib/server/criteria/catalogue';
import { filterUnitIds, readFilter } from '$lib/server/criteria/filter';
import { toCsv, toJson, toXlsx } from '$lib/server/criteria/export';

/** The criteria in force (with the catalogue's filter) as CSV, XLSX or JSON for SKP entry. */
export const GET: RequestHandler = async ({ params, url }) => {
	requireUser();
	const filter = readFilter(url);
	const rows = await criteriaInForce(db, {
		on: filter.on,
		unitIds: await filterUnitIds(db, filter),
		positionType: filter.positionType ?? undefined
	});
	const name = `kriteria-skp-${filter.on}`;
	switch (params.format) {
		case 'csv':
			return new Response(toCsv(rows), {
				headers: {
					'content-type': 'text/csv; charset=utf-8',
					'content-disposition': `attachment; filename="${name}.csv"`
				}
			});
		case 'xlsx':
			return new Response(await toXlsx(rows, name), {
				headers: {
					'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
					'content-disposition': `attachment; filename="${name}.xlsx"`
				}
			});
		case 'json':
			return new Response(JSON.stringify(toJson(rows, filter.on), null, 2), {
				headers: {
					'content-type': 'application/json; charset=utf-8',
					'content-disposition': `attachment; filename="${name}.json"`
				}
			});
		default:
			error(404, { message: m.error_not_found() });
	}
};
