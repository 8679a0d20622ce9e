import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { recordAudit } from '$lib/server/audit';
import { RuleError } from '$lib/server/rounds/errors';
import { authorizeRound, type RoundActor } from '$lib/server/rounds/access';

/** A round's facilitators: its creator first, then those added, with names for display. */
export async function roundFacilitators(db: Kysely<Database>, roundId: number) {
	const creator = await db
		.selectFrom('round')
		.innerJoin('person', 'person.id', 'round.created_by')
		.select(['person.id', 'person.nip', 'person.full_name'])
		.where('round.id', '=', roundId)
		.executeTakeFirst();
	const added = await db
		.selectFrom('round_facilitator')
		.innerJoin('person', 'person.id', 'round_facilitator.person_id')
		.select(['person.id', 'person.nip', 'person.full_name'])
		.where('round_facilitator.round_id', '=', roundId)
		.orderBy('person.full_name')
		.execute();
	return [
		...(creator ? [{ ...creator, creator: true }] : []),
		...added.filter((p) => p.id !== creator?.id).map((p) => ({ ...p, creator: false }))
	];
}

/**
 * The creator or an admin adds a facilitator (by NIP) to the round. The person must be active and
 * hold the facilitator role. Adding someone twice changes nothing. Audited.
 */
export async function addRoundFacilitator(
	db: Kysely<Database>,
	actor: RoundActor,
	roundId: number,
	nip: string,
	now: Date = new Date()
): Promise<void> {
	const { round } = await authorizeRound(db, actor, 'assign_facilitators', { roundId }, now);
	const person = await db
		.selectFrom('person')
		.innerJoin('person_role', 'person_role.person_id', 'person.id')
		.select('person.id')
		.where('person.nip', '=', nip)
		.where('person.active', '=', 1)
		.where('person_role.role', '=', 'facilitator')
		.executeTakeFirst();
	if (!person) throw new RuleError('access_error_not_facilitator', 400);
	if (person.id === round.created_by) return;
	await db.transaction().execute(async (trx) => {
		const added = await trx
			.insertInto('round_facilitator')
			.values({
				round_id: roundId,
				person_id: person.id,
				added_by: actor.id,
				added_at: now.toISOString()
			})
			.onConflict((oc) => oc.columns(['round_id', 'person_id']).doNothing())
			.executeTakeFirst();
		if (Number(added.numInsertedOrUpdatedRows ?? 0) === 0) return;
		await recordAudit(
			trx,
			{
				actorId: actor.id,
				action: 'round.facilitator.add',
				objectType: 'round',
				objectId: roundId,
				after: { personId: person.id }
			},
			now
		);
	});
}

/** The creator or an admin removes an added facilitator; the creator cannot be removed. Audited. */
export async function removeRoundFacilitator(
	db: Kysely<Database>,
	actor: RoundActor,
	roundId: number,
	personId: number,
	now: Date = new Date()
): Promise<void> {
	await authorizeRound(db, actor, 'assign_facilitators', { roundId }, now);
	await db.transaction().execute(async (trx) => {
		const removed = await trx
			.deleteFrom('round_facilitator')
			.where('round_id', '=', roundId)
			.where('person_id', '=', personId)
			.executeTakeFirst();
		if (Number(removed.numDeletedRows) === 0) return;
		await recordAudit(
			trx,
			{
				actorId: actor.id,
				action: 'round.facilitator.remove',
				objectType: 'round',
				objectId: roundId,
				before: { personId }
			},
			now
		);
	});
}
