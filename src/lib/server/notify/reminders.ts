import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { OutboxMessage } from '$lib/server/db/schema/notify';
import { openIteration } from '$lib/server/rounds/phase';
import { raterKey } from '$lib/server/ratings/secret';
import { eligiblePeople, parseScope } from '$lib/server/scope';
import { enqueue } from './outbox';

/** How long before a rating phase ends its reminder goes out: REMINDER_LEAD_HOURS, default 24. */
export function reminderLeadMs(env = process.env): number {
	const hours = Number(env.REMINDER_LEAD_HOURS ?? 24);
	return (Number.isFinite(hours) && hours > 0 ? hours : 24) * 3_600_000;
}

/**
 * Queues the reminder of every rating phase (or Delphi iteration) that ends within the lead
 * time: one row for EVERY active person in the round's scope, voted or not — the worker decides
 * at send time. A marker in `setting` (round and iteration only) makes this happen once, even
 * after the rows are gone.
 */
export async function scheduleReminders(
	db: Kysely<Database>,
	now: Date = new Date(),
	leadMs: number = reminderLeadMs()
): Promise<number> {
	const at = now.toISOString();
	const horizon = new Date(now.getTime() + leadMs).toISOString();
	const due = await db
		.selectFrom('round')
		.innerJoin('round_schedule', (j) =>
			j
				.onRef('round_schedule.round_id', '=', 'round.id')
				.onRef('round_schedule.phase', '=', 'round.phase')
		)
		.select([
			'round.id',
			'round.title',
			'round.phase',
			'round.delphi_iteration',
			'round.scope_json',
			'round_schedule.ends_at'
		])
		.where('round.phase', 'in', ['rating', 'delphi'])
		.where('round_schedule.ends_at', '>', at)
		.where('round_schedule.ends_at', '<=', horizon)
		.execute();
	let queued = 0;
	for (const round of due) {
		const iteration = openIteration(round);
		if (iteration === null) continue;
		queued += await db.transaction().execute(async (trx) => {
			const marker = await trx
				.insertInto('setting')
				.values({ key: `notify.reminder.${round.id}.${iteration}`, value: at, updated_at: at })
				.onConflict((oc) => oc.column('key').doNothing())
				.executeTakeFirst();
			if (Number(marker.numInsertedOrUpdatedRows ?? 0) === 0) return 0;
			const people = await (
				await eligiblePeople(trx, parseScope(round.scope_json))
			)
				.select('person.id')
				.execute();
			return enqueue(
				trx,
				people.map((p) => ({
					sourceKey: `reminder:${round.id}:${iteration}:${p.id}`,
					personId: p.id,
					kind: 'reminder_rating',
					roundId: round.id,
					link: `/rounds/${round.id}`,
					params: { title: round.title, closes: round.ends_at!, iteration }
				})),
				now
			);
		});
	}
	return queued;
}

/**
 * Whether a reminder should still go out: its iteration is still open and the person has no
 * ballot in it. Computed from the ballot key, which only this server can derive.
 */
export async function reminderStillWanted(
	db: Kysely<Database>,
	row: Pick<OutboxMessage, 'round_id' | 'person_id' | 'params_json'>
): Promise<boolean> {
	if (row.round_id === null) return false;
	const round = await db
		.selectFrom('round')
		.select(['phase', 'delphi_iteration'])
		.where('id', '=', row.round_id)
		.executeTakeFirst();
	if (!round) return false;
	const iteration = openIteration(round);
	const params = JSON.parse(row.params_json) as { iteration?: number };
	if (iteration === null || iteration !== params.iteration) return false;
	const ballot = await db
		.selectFrom('rating_ballot')
		.select('round_id')
		.where('round_id', '=', row.round_id)
		.where('iteration', '=', iteration)
		.where('rater_key', '=', raterKey(row.round_id, row.person_id))
		.limit(1)
		.executeTakeFirst();
	return !ballot;
}
