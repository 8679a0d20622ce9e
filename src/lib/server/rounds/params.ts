import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';

/** A route's numeric id parameter, or a 404 for anything else. */
export function roundId(param: string): number {
	const n = Number(param);
	if (!/^\d{1,9}$/.test(param) || n <= 0) error(404, { message: m.error_not_found() });
	return n;
}

export { roundId as numericParam };
