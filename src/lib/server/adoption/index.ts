import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Adoption, AdoptionStatus, ConsensusDecision } from '$lib/server/db/schema/criteria';
import { recordAudit } from '$lib/server/audit';
import { getRound, transitionRoundIn } from '$lib/server/rounds/phase';
import { RuleError } from '$lib/server/rounds/errors';
import { itemField, type AdoptionInput } from '$lib/criteria/adoption';
import { decisionOf, roundConsensus } from '$lib/server/criteria/consensus';
import { findPeriodConflict } from '$lib/server/criteria/catalogue';
import { AdoptionFieldError } from './errors';

type Db = Kysely<Database> | Transaction<Database>;

export { AdoptionFieldError } from './errors';

/** Rounds whose results may be adopted: published, or already adopted (a later period). */
export const ADOPTABLE_PHASES = ['published', 'adopted'] as const;

/** Statuses in which the facilitator may still edit and (re)submit. */
const EDITABLE: AdoptionStatus[] = ['draft', 'returned'];

/** The indicators of a round that may be adopted: those that were shortlisted and rated. */
export async function adoptableIndicators(db: Db, roundId: number) {
	return db
		.selectFrom('indicator')
		.select([
			'id',
			'name',
			'definition',
			'target',
			'kind',
			'aspect',
			'berakhlak_value',
			'unit_of_measure'
		])
		.where('round_id', '=', roundId)
		.where('status', '=', 'shortlisted')
		.orderBy('id')
		.execute();
}

async function requireAdoptableRound(db: Db, roundId: number) {
	const round = await getRound(db, roundId);
	if (!(ADOPTABLE_PHASES as readonly string[]).includes(round.phase)) {
		throw new RuleError('adoption_error_round_not_published', 409);
	}
	return round;
}

/**
 * Checks what zod cannot: indicators belong to the round and were shortlisted, the SKP mapping
 * fits each indicator's kind, no consensus → justification, per-unit targets name chosen units.
 * Returns the consensus decision per indicator, to be stored beside each item.
 */
async function checkItems(
	db: Db,
	roundId: number,
	input: AdoptionInput
): Promise<{ decisions: Map<number, ConsensusDecision>; unitIdByCode: Map<string, number> }> {
	const round = await requireAdoptableRound(db, roundId);
	const indicators = new Map((await adoptableIndicators(db, roundId)).map((i) => [i.id, i]));
	const consensus = await roundConsensus(db, round);
	const units = await db
		.selectFrom('org_unit')
		.select(['id', 'code'])
		.where('id', 'in', input.unitIds)
		.execute();
	if (units.length !== new Set(input.unitIds).size) {
		throw new AdoptionFieldError({ units: 'adoption_error_unit_unknown' });
	}
	const unitIdByCode = new Map(units.map((u) => [u.code.toUpperCase(), u.id]));
	const errors: Record<string, string> = {};
	const decisions = new Map<number, ConsensusDecision>();
	for (const item of input.items) {
		const indicator = indicators.get(item.indicatorId);
		if (!indicator) {
			errors.adopt = 'adoption_error_indicator_not_in_round';
			continue;
		}
		const decision = decisionOf(consensus, item.indicatorId);
		decisions.set(item.indicatorId, decision);
		if (decision !== 'reached' && !item.justification) {
			errors[itemField('justification', item.indicatorId)] =
				'adoption_error_justification_required';
		}
		if (indicator.kind === 'perilaku_kerja') {
			if (!item.berakhlakValue) {
				errors[itemField('berakhlak', item.indicatorId)] = 'adoption_error_berakhlak_required';
			}
		} else {
			if (!item.rencanaHasilKerja) {
				errors[itemField('rhk', item.indicatorId)] = 'adoption_error_rhk_required';
			}
			if (!item.aspect) {
				errors[itemField('aspect', item.indicatorId)] = 'adoption_error_aspect_required';
			}
		}
		const seen = new Set<string>();
		for (const t of item.unitTargets) {
			const code = t.unitCode.toUpperCase();
			if (!unitIdByCode.has(code) || seen.has(code)) {
				errors[itemField('unit_targets', item.indicatorId)] = 'adoption_error_unit_target_unit';
			}
			seen.add(code);
		}
	}
	if (new Set(input.items.map((i) => i.indicatorId)).size !== input.items.length) {
		errors.adopt = 'adoption_error_indicator_not_in_round';
	}
	if (Object.keys(errors).length) throw new AdoptionFieldError(errors);
	return { decisions, unitIdByCode };
}

/** Refuses a period that overlaps, without being the same period, criteria already in force. */
async function refuseOverlap(
	db: Db,
	input: Pick<AdoptionInput, 'unitIds' | 'positionTypes' | 'periodStart' | 'periodEnd'>
) {
	const conflict = await findPeriodConflict(db, input);
	if (conflict) {
		throw new RuleError('adoption_error_overlap', 409, {
			unit: conflict.unitName,
			start: conflict.periodStart,
			end: conflict.periodEnd
		});
	}
}

async function writeItems(
	trx: Transaction<Database>,
	adoptionId: number,
	input: AdoptionInput,
	checked: Awaited<ReturnType<typeof checkItems>>
) {
	const old = await trx
		.selectFrom('adoption_item')
		.select('id')
		.where('adoption_id', '=', adoptionId)
		.execute();
	if (old.length) {
		await trx
			.deleteFrom('adoption_item_target')
			.where(
				'item_id',
				'in',
				old.map((o) => o.id)
			)
			.execute();
		await trx.deleteFrom('adoption_item').where('adoption_id', '=', adoptionId).execute();
	}
	const indicators = new Map(
		(await adoptableIndicators(trx, (await getAdoptionRow(trx, adoptionId)).round_id)).map((i) => [
			i.id,
			i
		])
	);
	for (const item of input.items) {
		const kind = indicators.get(item.indicatorId)!.kind;
		const hasil = kind !== 'perilaku_kerja';
		const row = await trx
			.insertInto('adoption_item')
			.values({
				adoption_id: adoptionId,
				indicator_id: item.indicatorId,
				weight: item.weight,
				target: item.target,
				consensus_decision: checked.decisions.get(item.indicatorId) ?? 'unknown',
				justification: item.justification,
				skp_kind: hasil ? 'hasil_kerja' : 'perilaku_kerja',
				rencana_hasil_kerja: hasil ? item.rencanaHasilKerja : null,
				indikator_kinerja: item.indikatorKinerja,
				aspect: hasil ? item.aspect : null,
				berakhlak_value: hasil ? null : item.berakhlakValue
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		for (const t of item.unitTargets) {
			await trx
				.insertInto('adoption_item_target')
				.values({
					item_id: row.id,
					org_unit_id: checked.unitIdByCode.get(t.unitCode.toUpperCase())!,
					target: t.target
				})
				.execute();
		}
	}
}

async function getAdoptionRow(db: Db, adoptionId: number): Promise<Adoption> {
	const row = await db
		.selectFrom('adoption')
		.selectAll()
		.where('id', '=', adoptionId)
		.executeTakeFirst();
	if (!row) throw new RuleError('adoption_error_not_found', 404);
	return row;
}

async function addEditor(trx: Transaction<Database>, adoptionId: number, personId: number) {
	await trx
		.insertInto('adoption_editor')
		.values({ adoption_id: adoptionId, person_id: personId })
		.onConflict((oc) => oc.columns(['adoption_id', 'person_id']).doNothing())
		.execute();
}

/** A facilitator drafts an adoption from a published round. Returns its id. */
export async function createAdoption(
	db: Kysely<Database>,
	actorId: number,
	roundId: number,
	input: AdoptionInput,
	now: Date = new Date()
): Promise<number> {
	return db.transaction().execute(async (trx) => {
		const checked = await checkItems(trx, roundId, input);
		await refuseOverlap(trx, input);
		const at = now.toISOString();
		const row = await trx
			.insertInto('adoption')
			.values({
				round_id: roundId,
				title: input.title,
				status: 'draft',
				period_start: input.periodStart,
				period_end: input.periodEnd,
				unit_ids_json: JSON.stringify([...new Set(input.unitIds)]),
				position_types_json: JSON.stringify([...new Set(input.positionTypes)]),
				drafted_by: actorId,
				submitted_at: null,
				approved_by: null,
				approved_at: null,
				created_at: at,
				updated_at: at
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await addEditor(trx, row.id, actorId);
		await writeItems(trx, row.id, input, checked);
		await recordAudit(
			trx,
			{
				actorId,
				action: 'adoption.draft',
				objectType: 'adoption',
				objectId: row.id,
				after: { roundId, ...input }
			},
			now
		);
		return row.id;
	});
}

/** Replaces a draft's (or returned adoption's) content; the editor joins the two-person rule. */
export async function updateAdoption(
	db: Kysely<Database>,
	actorId: number,
	adoptionId: number,
	input: AdoptionInput,
	now: Date = new Date()
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const before = await getAdoptionRow(trx, adoptionId);
		if (!EDITABLE.includes(before.status)) throw new RuleError('adoption_error_not_editable', 409);
		const checked = await checkItems(trx, before.round_id, input);
		await refuseOverlap(trx, input);
		const at = now.toISOString();
		await trx
			.updateTable('adoption')
			.set({
				title: input.title,
				period_start: input.periodStart,
				period_end: input.periodEnd,
				unit_ids_json: JSON.stringify([...new Set(input.unitIds)]),
				position_types_json: JSON.stringify([...new Set(input.positionTypes)]),
				updated_at: at
			})
			.where('id', '=', adoptionId)
			.execute();
		await addEditor(trx, adoptionId, actorId);
		await writeItems(trx, adoptionId, input, checked);
		await recordAudit(
			trx,
			{
				actorId,
				action: 'adoption.update',
				objectType: 'adoption',
				objectId: adoptionId,
				before: {
					title: before.title,
					periodStart: before.period_start,
					periodEnd: before.period_end
				},
				after: input
			},
			now
		);
	});
}

/** Moves a status forward only from the expected one, so two reviewers cannot both act. */
async function moveStatus(
	trx: Transaction<Database>,
	adoption: Adoption,
	to: AdoptionStatus,
	extra: { submitted_at?: string; approved_by?: number; approved_at?: string },
	at: string
) {
	const done = await trx
		.updateTable('adoption')
		.set({ status: to, updated_at: at, ...extra })
		.where('id', '=', adoption.id)
		.where('status', '=', adoption.status)
		.executeTakeFirst();
	if (Number(done.numUpdatedRows) !== 1) throw new RuleError('adoption_error_wrong_status', 409);
}

/** The facilitator sends the draft to leadership for approval. */
export async function submitAdoption(
	db: Kysely<Database>,
	actorId: number,
	adoptionId: number,
	now: Date = new Date()
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const adoption = await getAdoptionRow(trx, adoptionId);
		if (!EDITABLE.includes(adoption.status))
			throw new RuleError('adoption_error_wrong_status', 409);
		await requireAdoptableRound(trx, adoption.round_id);
		const at = now.toISOString();
		await moveStatus(trx, adoption, 'submitted', { submitted_at: at }, at);
		await trx
			.insertInto('adoption_event')
			.values({ adoption_id: adoptionId, kind: 'submitted', actor_id: actorId, comment: null, at })
			.execute();
		await recordAudit(
			trx,
			{
				actorId,
				action: 'adoption.submit',
				objectType: 'adoption',
				objectId: adoptionId,
				before: { status: adoption.status },
				after: { status: 'submitted' }
			},
			now
		);
	});
}

/** Two-person rule: nobody who drafted or edited an adoption may review it. */
async function refuseOwnDraft(db: Db, adoptionId: number, reviewerId: number) {
	const editor = await db
		.selectFrom('adoption_editor')
		.select('person_id')
		.where('adoption_id', '=', adoptionId)
		.where('person_id', '=', reviewerId)
		.executeTakeFirst();
	if (editor) throw new RuleError('adoption_error_own_draft', 403);
}

/** A leader sends the adoption back to the facilitator with comments. */
export async function returnAdoption(
	db: Kysely<Database>,
	leaderId: number,
	adoptionId: number,
	comment: string,
	now: Date = new Date()
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const adoption = await getAdoptionRow(trx, adoptionId);
		if (adoption.status !== 'submitted') throw new RuleError('adoption_error_wrong_status', 409);
		await refuseOwnDraft(trx, adoptionId, leaderId);
		const at = now.toISOString();
		await moveStatus(trx, adoption, 'returned', {}, at);
		await trx
			.insertInto('adoption_event')
			.values({ adoption_id: adoptionId, kind: 'returned', actor_id: leaderId, comment, at })
			.execute();
		await recordAudit(
			trx,
			{
				actorId: leaderId,
				action: 'adoption.return',
				objectType: 'adoption',
				objectId: adoptionId,
				before: { status: 'submitted' },
				after: { status: 'returned', comment }
			},
			now
		);
	});
}

/**
 * A leader approves: the adoption is published as official criteria, one criteria set per unit
 * and position type. A set for the same unit, type and exact period is superseded (kept, marked
 * so, and pointing at its successor); a different but overlapping period is refused. The round
 * moves to `adopted` the first time one of its adoptions is approved.
 */
export async function approveAdoption(
	db: Kysely<Database>,
	leaderId: number,
	adoptionId: number,
	comment: string | null,
	now: Date = new Date()
): Promise<{ setIds: number[] }> {
	return db.transaction().execute(async (trx) => {
		const adoption = await getAdoptionRow(trx, adoptionId);
		if (adoption.status !== 'submitted') throw new RuleError('adoption_error_wrong_status', 409);
		await refuseOwnDraft(trx, adoptionId, leaderId);
		const round = await requireAdoptableRound(trx, adoption.round_id);
		const unitIds = JSON.parse(adoption.unit_ids_json) as number[];
		const positionTypes = JSON.parse(adoption.position_types_json) as string[];
		const period = { periodStart: adoption.period_start, periodEnd: adoption.period_end };
		await refuseOverlap(trx, { unitIds, positionTypes, ...period } as Parameters<
			typeof refuseOverlap
		>[1]);
		const at = now.toISOString();
		await moveStatus(trx, adoption, 'approved', { approved_by: leaderId, approved_at: at }, at);

		const items = await trx
			.selectFrom('adoption_item')
			.innerJoin('indicator', 'indicator.id', 'adoption_item.indicator_id')
			.select([
				'adoption_item.id',
				'adoption_item.indicator_id',
				'adoption_item.weight',
				'adoption_item.target',
				'adoption_item.skp_kind',
				'adoption_item.rencana_hasil_kerja',
				'adoption_item.indikator_kinerja',
				'adoption_item.aspect',
				'adoption_item.berakhlak_value',
				'indicator.name',
				'indicator.definition',
				'indicator.formula',
				'indicator.unit_of_measure',
				'indicator.data_source',
				'indicator.frequency'
			])
			.where('adoption_item.adoption_id', '=', adoptionId)
			.orderBy('adoption_item.id')
			.execute();
		const unitTargets = items.length
			? await trx
					.selectFrom('adoption_item_target')
					.selectAll()
					.where(
						'item_id',
						'in',
						items.map((i) => i.id)
					)
					.execute()
			: [];
		const targetFor = (itemId: number, unitId: number) =>
			unitTargets.find((t) => t.item_id === itemId && t.org_unit_id === unitId)?.target;

		const setIds: number[] = [];
		const superseded: number[] = [];
		for (const unitId of unitIds) {
			for (const positionType of positionTypes) {
				const previous = await trx
					.selectFrom('criteria_set')
					.selectAll()
					.where('org_unit_id', '=', unitId)
					.where('position_type', '=', positionType)
					.where('period_start', '=', adoption.period_start)
					.where('period_end', '=', adoption.period_end)
					.where('status', '=', 'in_force')
					.executeTakeFirst();
				const set = await trx
					.insertInto('criteria_set')
					.values({
						org_unit_id: unitId,
						position_type: positionType,
						period_start: adoption.period_start,
						period_end: adoption.period_end,
						version: previous ? previous.version + 1 : 1,
						adoption_id: adoptionId,
						status: 'in_force',
						superseded_by: null,
						created_at: at
					})
					.returning('id')
					.executeTakeFirstOrThrow();
				if (previous) {
					await trx
						.updateTable('criteria_set')
						.set({ status: 'superseded', superseded_by: set.id })
						.where('id', '=', previous.id)
						.execute();
					superseded.push(previous.id);
				}
				setIds.push(set.id);
				for (const item of items) {
					await trx
						.insertInto('official_criterion')
						.values({
							set_id: set.id,
							adoption_item_id: item.id,
							indicator_id: item.indicator_id,
							round_id: adoption.round_id,
							name: item.name,
							definition: item.definition,
							formula: item.formula,
							unit_of_measure: item.unit_of_measure,
							data_source: item.data_source,
							frequency: item.frequency,
							weight: item.weight,
							target: targetFor(item.id, unitId) ?? item.target,
							skp_kind: item.skp_kind,
							rencana_hasil_kerja: item.rencana_hasil_kerja,
							indikator_kinerja: item.indikator_kinerja,
							aspect: item.aspect,
							berakhlak_value: item.berakhlak_value
						})
						.execute();
				}
			}
		}
		await trx
			.insertInto('adoption_event')
			.values({ adoption_id: adoptionId, kind: 'approved', actor_id: leaderId, comment, at })
			.execute();
		await recordAudit(
			trx,
			{
				actorId: leaderId,
				action: 'adoption.approve',
				objectType: 'adoption',
				objectId: adoptionId,
				before: { status: 'submitted' },
				after: { status: 'approved', criteriaSets: setIds, superseded, comment }
			},
			now
		);
		if (round.phase === 'published') {
			await transitionRoundIn(trx, round.id, 'adopted', leaderId, now);
		}
		return { setIds };
	});
}

export interface AdoptionSummary {
	id: number;
	roundId: number;
	roundTitle: string;
	title: string;
	status: AdoptionStatus;
	periodStart: string;
	periodEnd: string;
	draftedBy: string;
	updatedAt: string;
}

/** Adoptions, newest first, optionally only those in some statuses. */
export async function listAdoptions(
	db: Db,
	filter: { statuses?: AdoptionStatus[] } = {}
): Promise<AdoptionSummary[]> {
	let q = db
		.selectFrom('adoption')
		.innerJoin('round', 'round.id', 'adoption.round_id')
		.innerJoin('person', 'person.id', 'adoption.drafted_by')
		.select([
			'adoption.id',
			'adoption.round_id',
			'round.title as round_title',
			'adoption.title',
			'adoption.status',
			'adoption.period_start',
			'adoption.period_end',
			'person.full_name',
			'adoption.updated_at'
		])
		.orderBy('adoption.updated_at', 'desc')
		.orderBy('adoption.id', 'desc');
	if (filter.statuses?.length) q = q.where('adoption.status', 'in', filter.statuses);
	const rows = await q.execute();
	return rows.map((r) => ({
		id: r.id,
		roundId: r.round_id,
		roundTitle: r.round_title,
		title: r.title,
		status: r.status,
		periodStart: r.period_start,
		periodEnd: r.period_end,
		draftedBy: r.full_name,
		updatedAt: r.updated_at
	}));
}

/** An adoption with its items, per-unit targets, units, review history and the people involved. */
export async function getAdoption(db: Db, adoptionId: number) {
	const adoption = await getAdoptionRow(db, adoptionId);
	const round = await getRound(db, adoption.round_id);
	const unitIds = JSON.parse(adoption.unit_ids_json) as number[];
	const units = unitIds.length
		? await db
				.selectFrom('org_unit')
				.select(['id', 'code', 'name'])
				.where('id', 'in', unitIds)
				.orderBy('code')
				.execute()
		: [];
	const items = await db
		.selectFrom('adoption_item')
		.innerJoin('indicator', 'indicator.id', 'adoption_item.indicator_id')
		.selectAll('adoption_item')
		.select(['indicator.name', 'indicator.kind'])
		.where('adoption_item.adoption_id', '=', adoptionId)
		.orderBy('adoption_item.indicator_id')
		.execute();
	const targets = items.length
		? await db
				.selectFrom('adoption_item_target')
				.innerJoin('org_unit', 'org_unit.id', 'adoption_item_target.org_unit_id')
				.select([
					'adoption_item_target.item_id',
					'adoption_item_target.target',
					'org_unit.code',
					'org_unit.name'
				])
				.where(
					'adoption_item_target.item_id',
					'in',
					items.map((i) => i.id)
				)
				.execute()
		: [];
	const events = await db
		.selectFrom('adoption_event')
		.innerJoin('person', 'person.id', 'adoption_event.actor_id')
		.select([
			'adoption_event.id',
			'adoption_event.kind',
			'adoption_event.comment',
			'adoption_event.at',
			'person.full_name'
		])
		.where('adoption_event.adoption_id', '=', adoptionId)
		.orderBy('adoption_event.id')
		.execute();
	const people = await db
		.selectFrom('person')
		.select(['id', 'full_name'])
		.where('id', 'in', [adoption.drafted_by, adoption.approved_by ?? adoption.drafted_by])
		.execute();
	const nameOf = (id: number | null) => people.find((p) => p.id === id)?.full_name ?? null;
	const editors = await db
		.selectFrom('adoption_editor')
		.select('person_id')
		.where('adoption_id', '=', adoptionId)
		.execute();
	return {
		adoption,
		round: { id: round.id, title: round.title, phase: round.phase },
		units,
		positionTypes: JSON.parse(adoption.position_types_json) as string[],
		items: items.map((i) => ({
			...i,
			unitTargets: targets
				.filter((t) => t.item_id === i.id)
				.map((t) => ({ unitCode: t.code, unitName: t.name, target: t.target }))
		})),
		events,
		draftedBy: nameOf(adoption.drafted_by),
		approvedBy: nameOf(adoption.approved_by),
		editorIds: editors.map((e) => e.person_id)
	};
}
