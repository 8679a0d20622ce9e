// npx tsx bench/import-direct.ts — the staff import without HTTP: 6,000 new people into the demo
// regency on a fresh SQLite file, timing preview (parse + plan), hashing and the transaction.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb } from '$lib/server/db/connect';
import { migrateOrThrow } from '$lib/server/db/migrate';
import { seedDemo, DEMO_ACCOUNTS } from '$lib/server/seed';
import { applyBatch, createBatch, getBatch, previewBatch } from '$lib/server/import';
import { HASH_CONCURRENCY } from '$lib/server/import/hashing';
import { staffFile } from './scenarios/staff-file.js';

const dir = mkdtempSync(join(tmpdir(), 'mufakat-import-bench-'));
const db = createDb(`file:${join(dir, 'bench.db')}`);
try {
	await migrateOrThrow(db);
	await seedDemo(db);
	const admin = await db
		.selectFrom('person')
		.select('id')
		.where('nip', '=', DEMO_ACCOUNTS.admin.nip)
		.executeTakeFirstOrThrow();
	const bytes = new TextEncoder().encode(staffFile(6000));
	const t0 = performance.now();
	const { batchId } = await createBatch(db, { actorId: admin.id, fileName: 'bench.csv', bytes });
	const plan = await previewBatch(db, (await getBatch(db, batchId))!);
	const t1 = performance.now();
	let hashedAt = 0;
	const r = await applyBatch(db, {
		batchId,
		actorId: admin.id,
		onProgress: (hashed, total) => {
			if (hashed === total) hashedAt = performance.now();
		}
	});
	const t2 = performance.now();
	console.log(
		JSON.stringify(
			{
				rows: plan.total,
				new: plan.newRows.length,
				hashConcurrency: HASH_CONCURRENCY,
				previewMs: Math.round(t1 - t0),
				hashingMs: Math.round(hashedAt - t1),
				transactionMs: Math.round(t2 - hashedAt),
				totalSeconds: +((t2 - t0) / 1000).toFixed(1),
				result: r.ok ? r.result : r
			},
			null,
			2
		)
	);
} finally {
	await db.destroy();
	rmSync(dir, { recursive: true, force: true });
}
