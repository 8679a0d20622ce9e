import type { Generated } from 'kysely';

/**
 * One uploaded staff register file between its preview and its apply. The parsed rows are kept so
 * the apply step (possibly minutes later, possibly without JavaScript) works on exactly the rows
 * the admin previewed. No passwords are ever stored here.
 */
export interface ImportBatchTable {
	id: Generated<number>;
	created_by: number;
	created_at: string;
	file_name: string;
	file_sha256: string;
	/** 'previewed' → 'applied' (or 'discarded'). */
	status: string;
	/** Parsed rows as JSON (`ImportRow[]`), with their spreadsheet row numbers. */
	rows_json: string;
	/** Problems with the file as a whole (missing columns, too many rows), as JSON. */
	file_errors_json: string;
	applied_at: string | null;
	applied_by: number | null;
	/** Counts written by the apply step, as JSON. */
	result_json: string | null;
}

export interface PeopleTables {
	import_batch: ImportBatchTable;
}
