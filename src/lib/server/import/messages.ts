import { translate } from '$lib/server/forms';
import type { RowProblem } from './columns';
import type { FileProblem } from './parse';

export interface ShownProblem {
	row: number;
	field: string;
	reason: string;
}

/** A row problem in the reader's language: the row, the column and what is wrong. */
export function describeRowProblem(p: RowProblem): ShownProblem {
	const params = { ...p.params };
	// NIP problems reuse the login form's messages ("NIP harus 18 digit" …).
	if (p.code === 'nip' && params.problem) params.reason = translate(params.problem);
	// Text problems reuse the forms' messages (a control character, a bidi override …).
	if (p.code === 'text' && params.problem) params.reason = translate(params.problem);
	return {
		row: p.row,
		field: p.field ? translate(`import_field_${p.field}`) : '',
		reason: translate(`import_err_${p.code}`, params)
	};
}

/** One line per problem, for the CLI and logs: "Baris 7, kolom NIP: …". */
export function rowProblemLine(p: RowProblem): string {
	const shown = describeRowProblem(p);
	return translate('import_row_problem', {
		row: String(shown.row),
		field: shown.field,
		reason: shown.reason
	});
}

export function describeFileProblem(p: FileProblem): string {
	return translate(`import_file_${p.code}`, p.params ?? {});
}
