import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { criteriaInForce, today } from '$lib/server/criteria/catalogue';
import { publicPageEnabled } from '$lib/server/criteria/public-page';
import { participationByOpd } from '$lib/server/dashboard';

/**
 * Public, without login, when the admin has switched it on: criteria in force and participation
 * per OPD. Nothing personal: criteria rows name units, never people; counts follow the
 * participation rule ($lib/server/disclosure/participation) through participationByOpd.
 */
export const load = (async () => {
	if (!(await publicPageEnabled(db))) error(404, { message: m.error_not_found() });
	const rounds = await db
		.selectFrom('round')
		.select(['id', 'title'])
		.where('phase', 'in', ['published', 'adopted'])
		.orderBy('id', 'desc')
		.limit(5)
		.execute();
	const participation = [];
	for (const r of rounds) {
		const p = await participationByOpd(db, r.id);
		participation.push({
			round: r,
			k: p.k,
			rows: p.rows.map(({ unitId, name, eligible, raters, rate, suppressed }) => ({
				unitId,
				name,
				eligible,
				raters,
				rate,
				suppressed
			}))
		});
	}
	return { on: today(), criteria: await criteriaInForce(db), participation };
}) satisfies PageServerLoad;
