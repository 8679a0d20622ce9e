import { POSITION_TYPES } from '$lib/roles';
import { parseId } from '$lib/ids';
import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { unitSubtreeIds } from '$lib/server/org/units';
import { today } from './catalogue';

export interface CatalogueFilter {
	unitId: number | null;
	positionType: string | null;
	on: string;
	history: boolean;
}

/** Reads the catalogue filter from a query string; anything malformed falls back to "all". */
export function readFilter(url: URL): CatalogueFilter {
	const unit = parseId(url.searchParams.get('unit'));
	const pt = url.searchParams.get('pt');
	const on = url.searchParams.get('on') ?? '';
	return {
		unitId: unit,
		positionType: pt && (POSITION_TYPES as readonly string[]).includes(pt) ? pt : null,
		on: /^\d{4}-\d{2}-\d{2}$/.test(on) ? on : today(),
		history: url.searchParams.get('history') === '1'
	};
}

/** The unit and everything below it, or undefined for "every unit". */
export async function filterUnitIds(
	db: Kysely<Database>,
	filter: CatalogueFilter
): Promise<number[] | undefined> {
	return filter.unitId ? unitSubtreeIds(db, filter.unitId) : undefined;
}

export function filterQuery(filter: CatalogueFilter): string {
	const p = new URLSearchParams();
	if (filter.unitId) p.set('unit', String(filter.unitId));
	if (filter.positionType) p.set('pt', filter.positionType);
	p.set('on', filter.on);
	return p.toString();
}
