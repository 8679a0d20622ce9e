import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { parseId } from '$lib/ids';

/**
 * A route's id parameter, or a 404 for anything else. The `[x=id]` matcher already keeps other
 * values away from the route; this reads the value once more for the type, never trusting `Number`.
 */
export function roundId(param: string): number {
	const id = parseId(param);
	if (id === null) error(404, { message: m.error_not_found() });
	return id;
}

export { roundId as numericParam };
