import { diffWords } from 'diff';
import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { PROPOSAL_FIELD_NAMES, type ProposalFields } from '$lib/validation/proposal';
import { RuleError } from '$lib/server/rounds/errors';

/** Every version of a proposal, oldest first, with who made it, when and why. */
export async function listRevisions(db: Kysely<Database>, indicatorId: number) {
	const rows = await db
		.selectFrom('indicator_revision')
		.innerJoin('person', 'person.id', 'indicator_revision.editor_id')
		.select([
			'indicator_revision.version',
			'indicator_revision.reason',
			'indicator_revision.created_at',
			'indicator_revision.snapshot_json',
			'person.full_name as editor_name'
		])
		.where('indicator_revision.indicator_id', '=', indicatorId)
		.orderBy('indicator_revision.version')
		.execute();
	return rows.map(({ snapshot_json, ...r }) => ({
		...r,
		snapshot: JSON.parse(snapshot_json) as ProposalFields
	}));
}

export interface DiffPart {
	value: string;
	added: boolean;
	removed: boolean;
}

export interface FieldDiff {
	field: (typeof PROPOSAL_FIELD_NAMES)[number];
	changed: boolean;
	parts: DiffPart[];
}

/** Word-level differences, field by field, between two snapshots (pure). */
export function diffSnapshots(from: ProposalFields, to: ProposalFields): FieldDiff[] {
	return PROPOSAL_FIELD_NAMES.map((field) => {
		const a = String(from[field] ?? '');
		const b = String(to[field] ?? '');
		const parts = diffWords(a, b).map((p) => ({
			value: p.value,
			added: !!p.added,
			removed: !!p.removed
		}));
		return { field, changed: a !== b, parts };
	});
}

/** The diff between any two versions of a proposal. */
export async function diffVersions(
	db: Kysely<Database>,
	indicatorId: number,
	fromVersion: number,
	toVersion: number
) {
	const revisions = await listRevisions(db, indicatorId);
	const from = revisions.find((r) => r.version === fromVersion);
	const to = revisions.find((r) => r.version === toVersion);
	if (!from || !to) throw new RuleError('proposal_error_version', 404);
	return { revisions, from, to, fields: diffSnapshots(from.snapshot, to.snapshot) };
}
