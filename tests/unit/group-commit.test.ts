import { describe, expect, it } from 'vitest';
import { GroupCommit } from '$lib/server/ratings/groupCommit';

describe('group commit', () => {
	it('commits writes that arrive together in one batch, answering each caller', async () => {
		const batches: number[][] = [];
		const gc = new GroupCommit<number, number>(
			async (jobs) => {
				batches.push(jobs);
				return jobs.map((j) => j * 2);
			},
			async (j) => j * 2
		);
		const results = await Promise.all([1, 2, 3, 4].map((j) => gc.submit(j)));
		expect(results).toEqual([2, 4, 6, 8]);
		expect(batches).toEqual([[1, 2, 3, 4]]);
	});

	it('a job refused by a rule fails alone; the others commit', async () => {
		const gc = new GroupCommit<number, number>(
			async (jobs) => jobs.map((j) => (j === 2 ? new Error('refused') : j)),
			async (j) => j
		);
		const results = await Promise.allSettled([1, 2, 3].map((j) => gc.submit(j)));
		expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
	});

	it('when a whole batch fails, each job is retried on its own so one bad job cannot sink the rest', async () => {
		const singles: number[] = [];
		const gc = new GroupCommit<number, number>(
			async () => {
				throw new Error('constraint');
			},
			async (j) => {
				singles.push(j);
				if (j === 3) throw new Error('bad job');
				return j;
			}
		);
		const results = await Promise.allSettled([1, 2, 3].map((j) => gc.submit(j)));
		expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
		expect(singles).toEqual([1, 2, 3]);
	});

	it('never answers before its batch has finished', async () => {
		let committed = false;
		const gc = new GroupCommit<number, boolean>(
			async (jobs) => {
				await new Promise((r) => setTimeout(r, 20));
				committed = true;
				return jobs.map(() => committed);
			},
			async () => committed
		);
		expect(await gc.submit(1)).toBe(true);
	});

	it('keeps batching writes that arrive while a batch is running', async () => {
		const batches: number[][] = [];
		const gc = new GroupCommit<number, number>(
			async (jobs) => {
				batches.push(jobs);
				await new Promise((r) => setTimeout(r, 10));
				return jobs;
			},
			async (j) => j
		);
		const first = gc.submit(1);
		await new Promise((r) => setTimeout(r, 2));
		const later = [2, 3, 4].map((j) => gc.submit(j));
		await Promise.all([first, ...later]);
		expect(batches).toEqual([[1], [2, 3, 4]]);
	});
});
