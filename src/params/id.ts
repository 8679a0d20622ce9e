import type { ParamMatcher } from '@sveltejs/kit';
import { parseId } from '$lib/ids';

/** `[name=id]` route segments: only a real id reaches the route; anything else is a 404. */
export const match = ((param: string) => parseId(param) !== null) satisfies ParamMatcher;
