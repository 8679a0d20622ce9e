import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { applyBatch, type ApplyOutcome } from './index';

/**
 * Applies run in the background: hashing thousands of temporary passwords takes longer than an
 * HTTP request should wait (and longer than proxies allow), so the apply action starts a job and
 * the batch page reports its progress. The write itself is still one transaction at the end —
 * if the process dies before it commits, nothing was written and the batch can be applied again.
 */
interface Job {
	hashed: number;
	total: number;
	outcome: ApplyOutcome | null;
	failed: boolean;
	finishedAt: number | null;
}

const jobs = new Map<number, Job>();
const KEEP_FINISHED_MS = 10 * 60_000;

function sweep(now = Date.now()) {
	for (const [id, j] of jobs)
		if (j.finishedAt && now - j.finishedAt > KEEP_FINISHED_MS) jobs.delete(id);
}

/** Starts applying a batch unless it is already being applied; returns the job's promise. */
export function startApplyJob(
	db: Kysely<Database>,
	input: { batchId: number; actorId: number }
): { started: boolean; done: Promise<void> } {
	sweep();
	const existing = jobs.get(input.batchId);
	if (existing && !existing.finishedAt) return { started: false, done: Promise.resolve() };
	const job: Job = { hashed: 0, total: 0, outcome: null, failed: false, finishedAt: null };
	jobs.set(input.batchId, job);
	const done = applyBatch(db, {
		...input,
		onProgress: (hashed, total) => {
			job.hashed = hashed;
			job.total = total;
		}
	})
		.then((outcome) => {
			job.outcome = outcome;
		})
		.catch((e) => {
			// Logged for the operator; the page shows a localised "failed, nothing was written".
			console.error(`import batch ${input.batchId} failed:`, e);
			job.failed = true;
		})
		.finally(() => {
			job.finishedAt = Date.now();
		});
	return { started: true, done };
}

export type ApplyJobStatus =
	| { state: 'running'; hashed: number; total: number }
	| { state: 'failed' }
	| { state: 'refused'; code: string }
	| { state: 'done' };

export function applyJobStatus(batchId: number): ApplyJobStatus | null {
	const job = jobs.get(batchId);
	if (!job) return null;
	if (!job.finishedAt) return { state: 'running', hashed: job.hashed, total: job.total };
	if (job.failed) return { state: 'failed' };
	if (job.outcome && !job.outcome.ok) return { state: 'refused', code: job.outcome.code };
	return { state: 'done' };
}
