import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { getRound } from '$lib/server/rounds/phase';
import { unitPath } from '$lib/server/org/units';
import { getCriterion } from './catalogue';
import { roundConsensus } from './consensus';

/**
 * Where an official criterion came from: the proposal as first written and each revision, the
 * discussion (hidden comments keep their place but not their text or author), the rating
 * results per iteration, the consensus decision seen at adoption, the adoption and its approver.
 */
export async function criterionProvenance(db: Kysely<Database>, criterionId: number) {
	const criterion = await getCriterion(db, criterionId);
	const round = await getRound(db, criterion.round_id);
	const indicator = await db
		.selectFrom('indicator')
		.innerJoin('person', 'person.id', 'indicator.author_id')
		.select([
			'indicator.id',
			'indicator.name',
			'indicator.status',
			'indicator.version',
			'indicator.created_at',
			'person.full_name as author'
		])
		.where('indicator.id', '=', criterion.indicator_id)
		.executeTakeFirstOrThrow();
	const revisions = await db
		.selectFrom('indicator_revision')
		.innerJoin('person', 'person.id', 'indicator_revision.editor_id')
		.select([
			'indicator_revision.version',
			'indicator_revision.reason',
			'indicator_revision.snapshot_json',
			'indicator_revision.created_at',
			'person.full_name as editor'
		])
		.where('indicator_revision.indicator_id', '=', indicator.id)
		.orderBy('indicator_revision.version')
		.execute();
	// Proposals merged into this one brought their discussion along; show theirs too.
	const comments = await db
		.selectFrom('comment')
		.innerJoin('person', 'person.id', 'comment.author_id')
		.select([
			'comment.id',
			'comment.parent_id',
			'comment.depth',
			'comment.stance',
			'comment.body',
			'comment.hidden_at',
			'comment.created_at',
			'person.full_name as author'
		])
		.where('comment.indicator_id', '=', indicator.id)
		.orderBy('comment.created_at')
		.orderBy('comment.id')
		.execute();
	const item = await db
		.selectFrom('adoption_item')
		.select(['consensus_decision', 'justification'])
		.where('id', '=', criterion.adoption_item_id)
		.executeTakeFirstOrThrow();
	const adoption = await db
		.selectFrom('adoption')
		.leftJoin('person as drafter', 'drafter.id', 'adoption.drafted_by')
		.leftJoin('person as approver', 'approver.id', 'adoption.approved_by')
		.select([
			'adoption.id',
			'adoption.title',
			'adoption.approved_at',
			'adoption.created_at',
			'drafter.full_name as drafted_by',
			'approver.full_name as approved_by'
		])
		.where('adoption.id', '=', criterion.adoption_id)
		.executeTakeFirstOrThrow();
	const events = await db
		.selectFrom('adoption_event')
		.innerJoin('person', 'person.id', 'adoption_event.actor_id')
		.select([
			'adoption_event.kind',
			'adoption_event.comment',
			'adoption_event.at',
			'person.full_name as actor'
		])
		.where('adoption_event.adoption_id', '=', adoption.id)
		.orderBy('adoption_event.id')
		.execute();
	const consensus = (await roundConsensus(db, round)).get(indicator.id) ?? null;
	return {
		criterion,
		unitPath: await unitPath(db, criterion.org_unit_id),
		round: { id: round.id, title: round.title, phase: round.phase, k: round.min_group_size },
		indicator,
		revisions: revisions.map((r) => ({
			version: r.version,
			reason: r.reason,
			editor: r.editor,
			createdAt: r.created_at,
			snapshot: JSON.parse(r.snapshot_json) as Record<string, unknown>
		})),
		comments: comments.map((c) =>
			c.hidden_at
				? {
						id: c.id,
						parentId: c.parent_id,
						depth: c.depth,
						hidden: true as const,
						stance: null,
						body: null,
						author: null,
						createdAt: c.created_at
					}
				: {
						id: c.id,
						parentId: c.parent_id,
						depth: c.depth,
						hidden: false as const,
						stance: c.stance,
						body: c.body,
						author: c.author,
						createdAt: c.created_at
					}
		),
		consensus,
		decision: item.consensus_decision,
		justification: item.justification,
		adoption,
		events
	};
}

export type Provenance = Awaited<ReturnType<typeof criterionProvenance>>;
