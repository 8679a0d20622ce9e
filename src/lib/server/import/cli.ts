import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { normalizeNip } from '$lib/nip';
import { toCsv } from '$lib/server/csv';
import { translate } from '$lib/server/forms';
import { applyBatch, createBatch, disableMissing, getBatch, previewBatch } from './index';
import { takeCredentials } from './credentials';
import { describeFileProblem, rowProblemLine } from './messages';
import { MAX_IMPORT_BYTES } from './parse';

export const CLI_USAGE = `Usage: npm run import:staff -- <file.csv|file.xlsx> --as <admin NIP> [options]

  (no option)          preview only: check every row and show what would change; writes no person
  --apply              write all valid rows in one transaction
  --skip-invalid       with --apply: allowed to skip rows that have errors
  --credentials <path> with --apply: where to write NIP + temporary passwords of new people
                       (default ./kata-sandi-sementara-<batch>.csv, created 0600, never overwritten)
  --disable-missing    with --apply: then disable active people who are not in the file
  --lang id|en         language of the messages (default id)`;

export interface CliArgs {
	file: string;
	as: string;
	apply: boolean;
	skipInvalid: boolean;
	credentials?: string;
	disableMissing: boolean;
	lang: 'id' | 'en';
}

export function parseCliArgs(argv: string[]): CliArgs | null {
	const out: Partial<CliArgs> = {
		apply: false,
		skipInvalid: false,
		disableMissing: false,
		lang: 'id'
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--apply') out.apply = true;
		else if (a === '--skip-invalid') out.skipInvalid = true;
		else if (a === '--disable-missing') out.disableMissing = true;
		else if (a === '--as') out.as = argv[++i];
		else if (a === '--credentials') out.credentials = argv[++i];
		else if (a === '--lang') {
			const lang = argv[++i];
			if (lang !== 'id' && lang !== 'en') return null;
			out.lang = lang;
		} else if (a.startsWith('--')) return null;
		else if (!out.file) out.file = a;
		else return null;
	}
	if (!out.file || !out.as) return null;
	return out as CliArgs;
}

export interface CliIo {
	log: (line: string) => void;
	error: (line: string) => void;
}

/**
 * The command-line import: the same parse, preview and apply as the web pages, for large files
 * and scripted runs. Returns the process exit code (0 done, 1 refused or file unusable, 2 usage).
 */
export async function runImportCli(
	db: Kysely<Database>,
	args: CliArgs,
	io: CliIo
): Promise<number> {
	const actor = await db
		.selectFrom('person')
		.innerJoin('person_role', 'person_role.person_id', 'person.id')
		.select('person.id')
		.where('person.nip', '=', normalizeNip(args.as))
		.where('person.active', '=', 1)
		.where('person_role.role', '=', 'admin')
		.executeTakeFirst();
	if (!actor) {
		io.error(
			`--as ${args.as}: not an active admin (the import is recorded in the audit log under this person).`
		);
		return 2;
	}
	let bytes: Uint8Array;
	try {
		bytes = await readFile(args.file);
	} catch (e) {
		io.error(`${args.file}: ${(e as Error).message}`);
		return 1;
	}
	if (bytes.byteLength > MAX_IMPORT_BYTES) {
		io.error(translate('import_file_too_large', { max: '20 MB' }));
		return 1;
	}
	const { batchId } = await createBatch(db, {
		actorId: actor.id,
		fileName: basename(args.file),
		bytes
	});
	const batch = (await getBatch(db, batchId))!;
	if (batch.fileErrors.length) {
		for (const p of batch.fileErrors) io.error(describeFileProblem(p));
		io.error(translate('import_file_errors_help'));
		return 1;
	}
	const plan = await previewBatch(db, batch);
	io.log(`${translate('import_count_total')}: ${plan.total}`);
	io.log(`${translate('import_count_new')}: ${plan.newRows.length}`);
	io.log(`${translate('import_count_changed')}: ${plan.changed.length}`);
	io.log(`${translate('import_count_unchanged')}: ${plan.unchanged}`);
	io.log(`${translate('import_count_errors')}: ${plan.invalidRows}`);
	io.log(`${translate('import_count_missing')}: ${plan.missing.length}`);
	for (const p of plan.problems) io.error(rowProblemLine(p));

	if (!args.apply) return plan.invalidRows > 0 ? 1 : 0;
	if (plan.invalidRows > 0 && !args.skipInvalid) {
		io.error(translate('import_confirm_skip', { count: plan.invalidRows }) + ' (--skip-invalid)');
		return 1;
	}
	const started = Date.now();
	const r = await applyBatch(db, { batchId, actorId: actor.id });
	if (!r.ok) {
		io.error(translate('import_not_pending'));
		return 1;
	}
	io.log(`${translate('import_applied', { ...r.result })} (${Date.now() - started} ms)`);
	const credentials = takeCredentials(batchId, actor.id);
	if (credentials?.length) {
		const path = args.credentials ?? `kata-sandi-sementara-${batchId}.csv`;
		const csv = toCsv(
			[
				translate('import_csv_header_nip'),
				translate('import_csv_header_name'),
				translate('import_csv_header_unit'),
				translate('import_csv_header_password')
			],
			credentials.map((c) => [c.nip, c.fullName, c.unitCode, c.password])
		);
		// 'wx': never overwrite an earlier list; 0600: readable by this user only.
		await writeFile(path, csv, { flag: 'wx', mode: 0o600 });
		io.log(`${translate('import_credentials_title')}: ${path}`);
	}
	if (args.disableMissing) {
		const d = await disableMissing(db, { batchId, actorId: actor.id });
		if (d.ok) io.log(translate('import_disabled_missing', { count: d.disabled }));
	}
	return 0;
}
