import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Round } from '$lib/server/db/schema/rounds';
import { buildCounts } from '$lib/server/ratings/counts';
import { computeResults } from '$lib/server/ratings/results';

/**
 * The results the round would have if rating closed now. The app builds counts only when an
 * iteration closes; statistics tests look at results mid-round, so they build them first.
 */
export async function resultsNow(db: Kysely<Database>, round: Round) {
	await db.transaction().execute((trx) => buildCounts(trx, round.id));
	return computeResults(db, round);
}
