import type { AnyDb } from './util';

/*
 * Delphi carry-forward: when a Delphi iteration closes, a panel member of the iteration before
 * who did not re-rate an item keeps their previous rating, written as a ballot of the closing
 * iteration (same rater key, same scores). `carried` = 1 marks such a copy, so results can say
 * how many were carried and participation still counts only the people who rated. Existing
 * ballots were all given by people: 0.
 */
export async function up(db: AnyDb): Promise<void> {
	await db.schema
		.alterTable('rating_ballot')
		.addColumn('carried', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.deleteFrom('rating_ballot').where('carried', '=', 1).execute();
	await db.schema.alterTable('rating_ballot').dropColumn('carried').execute();
}
