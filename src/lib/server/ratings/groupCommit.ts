/**
 * Group commit: writes that arrive while a transaction is running are queued and committed
 * together in the next one. Each caller still gets its own answer only after the transaction
 * holding its write has committed, so an acknowledged write is as durable as with one
 * transaction per write (SQLite synchronous=FULL), at a fraction of the fsyncs.
 */
export class GroupCommit<J, R> {
	private pending: { job: J; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
	private running = false;

	/**
	 * @param runBatch commits all jobs in one transaction and returns one outcome per job: a
	 *   value, or an Error for a job refused by a rule (the others still commit).
	 * @param runOne commits a single job; used when a batch fails as a whole, so one bad job
	 *   cannot take the others down with it.
	 */
	constructor(
		private readonly runBatch: (jobs: J[]) => Promise<(R | Error)[]>,
		private readonly runOne: (job: J) => Promise<R>,
		private readonly maxBatch = 256
	) {}

	submit(job: J): Promise<R> {
		return new Promise<R>((resolve, reject) => {
			this.pending.push({ job, resolve, reject });
			if (!this.running) void this.drain();
		});
	}

	private async drain(): Promise<void> {
		this.running = true;
		try {
			// Let the requests already parsed in this turn of the event loop join the first batch.
			await new Promise((r) => setImmediate(r));
			while (this.pending.length > 0) {
				const batch = this.pending.splice(0, this.maxBatch);
				try {
					const outcomes = await this.runBatch(batch.map((b) => b.job));
					batch.forEach((b, i) => {
						const o = outcomes[i];
						if (o instanceof Error) b.reject(o);
						else b.resolve(o);
					});
				} catch (e) {
					if (batch.length === 1) {
						batch[0].reject(e);
						continue;
					}
					for (const b of batch) {
						try {
							b.resolve(await this.runOne(b.job));
						} catch (err) {
							b.reject(err);
						}
					}
				}
			}
		} finally {
			this.running = false;
		}
	}
}
