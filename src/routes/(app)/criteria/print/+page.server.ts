import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { criteriaInForce } from '$lib/server/criteria/catalogue';
import { filterUnitIds, readFilter } from '$lib/server/criteria/filter';
import { unitPath } from '$lib/server/org/units';

/** A printable A4 document of one unit's criteria in force, grouped by position type, for signature. */
export const load = (async ({ url }) => {
	requireUser();
	const filter = readFilter(url);
	if (!filter.unitId) error(400, { message: m.criterion_print_choose_unit() });
	const path = await unitPath(db, filter.unitId);
	if (!path.length) error(404, { message: m.error_not_found() });
	const rows = await criteriaInForce(db, {
		on: filter.on,
		unitIds: await filterUnitIds(db, filter),
		positionType: filter.positionType ?? undefined
	});
	const groups = new Map<string, typeof rows>();
	for (const r of rows) {
		const key = `${r.unitCode}|${r.positionType}`;
		groups.set(key, [...(groups.get(key) ?? []), r]);
	}
	return {
		on: filter.on,
		regency: path[0].name,
		unit: path.at(-1)!,
		groups: [...groups.values()].map((list) => ({
			unitName: list[0].unitName,
			positionType: list[0].positionType,
			periodStart: list[0].periodStart,
			periodEnd: list[0].periodEnd,
			rows: list
		}))
	};
}) satisfies PageServerLoad;
