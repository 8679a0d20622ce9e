import type { Generated } from 'kysely';

export interface HeadRhkTable {
	id: Generated<number>;
	org_unit_id: number;
	period_start: string;
	period_end: string;
	code: string | null;
	text: string;
	text_key: string;
	retired_at: string | null;
	retired_by: number | null;
	created_by: number;
	created_at: string;
	updated_at: string;
}

export interface RhkImportBatchTable {
	id: Generated<number>;
	created_by: number;
	created_at: string;
	file_name: string;
	status: 'previewed' | 'applied' | 'discarded';
	rows_json: string;
	file_errors_json: string;
	applied_at: string | null;
	created_count: number | null;
}

export interface RhkTables {
	head_rhk: HeadRhkTable;
	rhk_import_batch: RhkImportBatchTable;
}
