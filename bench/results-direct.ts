// npx tsx bench/results-direct.ts [data/bench.db] — times computeResults() on the 1.44 M-ballot
// round that `npm run bench` leaves in its database, without HTTP: the recomputation alone.
import { createDb } from '$lib/server/db/connect';
import { computeResults } from '$lib/server/ratings/results';

const file = process.argv[2] ?? 'data/bench.db';
const db = createDb(`file:${file}`);
try {
	const round = await db
		.selectFrom('round')
		.selectAll()
		.where('title', '=', 'Bench 1.4 M ballots')
		.orderBy('id', 'desc')
		.executeTakeFirst();
	if (!round) throw new Error(`no bench round in ${file}: run \`npm run bench -- results\` first`);
	const times: number[] = [];
	for (let i = 0; i < 5; i++) {
		const t = performance.now();
		const r = await computeResults(db, round);
		times.push(performance.now() - t);
		if (i === 0) console.log(`indicators: ${r.indicators.length}, criteria: ${r.criteria.length}`);
	}
	console.log(`computeResults ms: ${times.map((t) => Math.round(t)).join(', ')}`);
} finally {
	await db.destroy();
}
