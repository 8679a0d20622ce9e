import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Phase } from '$lib/rounds/phases';
import type { Round } from '$lib/server/db/schema/rounds';
import { RuleError } from './errors';
import { transitionRound } from './phase';

/** Where a scheduled phase goes when its end passes. */
const NEXT: Partial<Record<Phase, Phase>> = {
	proposing: 'discussing',
	discussing: 'rating',
	rating: 'closed',
	delphi: 'closed'
};

/**
 * Whether the scheduled end of the round's current phase (`endsAt`, for a Delphi iteration the
 * rating end) has passed, so that `applySchedule` has something to do. The same rule as below,
 * answered from one row, so the hot paths pay nothing when nothing is due.
 */
export function scheduleDue(
	round: Pick<Round, 'phase' | 'phase_changed_at'>,
	endsAt: string | null | undefined,
	now: Date = new Date()
): boolean {
	if (!NEXT[round.phase] || !endsAt || endsAt > now.toISOString()) return false;
	return round.phase !== 'delphi' || round.phase_changed_at < endsAt;
}

/**
 * Lazy, cron-free schedule: whenever a round is read or acted on, any phase whose scheduled end
 * has passed is closed first (repeatedly, if several ends passed), so a late request can never
 * slip into a phase that should be over. Transitions are done as "the schedule" (actor null) and
 * audited like manual ones. A Delphi iteration ends at the rating end if it has none of its own.
 * Discussion cannot roll into rating with an empty shortlist: it then stays open for the
 * facilitator. Returns the number of transitions made.
 */
export async function applySchedule(
	db: Kysely<Database>,
	roundId: number,
	now: Date = new Date()
): Promise<number> {
	let moved = 0;
	for (let guard = 0; guard < 5; guard++) {
		const round = await db
			.selectFrom('round')
			.select(['phase'])
			.where('id', '=', roundId)
			.executeTakeFirst();
		if (!round) return moved;
		const next = NEXT[round.phase];
		if (!next) return moved;
		const schedulePhase = round.phase === 'delphi' ? 'rating' : round.phase;
		const row = await db
			.selectFrom('round_schedule')
			.select('ends_at')
			.where('round_id', '=', roundId)
			.where('phase', '=', schedulePhase)
			.executeTakeFirst();
		// A Delphi iteration that opened after the rating end runs until the facilitator closes it.
		if (!row?.ends_at || row.ends_at > now.toISOString()) return moved;
		if (round.phase === 'delphi') {
			const opened = await db
				.selectFrom('round')
				.select('phase_changed_at')
				.where('id', '=', roundId)
				.executeTakeFirstOrThrow();
			if (opened.phase_changed_at >= row.ends_at) return moved;
		}
		try {
			await transitionRound(db, roundId, next, null, now);
			moved++;
		} catch (e) {
			// Someone else moved it first, or there is nothing shortlisted to rate: leave it.
			if (e instanceof RuleError) return moved;
			throw e;
		}
	}
	return moved;
}

/** `applySchedule` for every round with a passed end, for list pages. */
export async function applySchedules(
	db: Kysely<Database>,
	now: Date = new Date()
): Promise<number> {
	const due = await db
		.selectFrom('round_schedule')
		.innerJoin('round', 'round.id', 'round_schedule.round_id')
		.select('round.id')
		.distinct()
		.where('round_schedule.ends_at', '<=', now.toISOString())
		.where('round.phase', 'in', ['proposing', 'discussing', 'rating', 'delphi'])
		.execute();
	let moved = 0;
	for (const { id } of due) moved += await applySchedule(db, id, now);
	return moved;
}
