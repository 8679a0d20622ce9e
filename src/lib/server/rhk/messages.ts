import { translate } from '$lib/server/forms';
import type { RhkProblem } from './columns';

// The staff import already words these in both languages.
const STAFF_IMPORT_CODES = new Set(['required', 'too_long', 'unit_unknown', 'unit_retired']);

export interface ShownRhkProblem {
	row: number;
	field: string;
	reason: string;
}

/** An RHK problem in the reader's language: the row, the column and what is wrong. */
export function describeRhkProblem(p: RhkProblem): ShownRhkProblem {
	const prefix = STAFF_IMPORT_CODES.has(p.code) ? 'import_err_' : 'rhk_err_';
	return {
		row: p.row,
		field: p.field ? translate(`rhk_field_${p.field}`) : '',
		reason: translate(`${prefix}${p.code}`, p.params ?? {})
	};
}
