import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Round } from '$lib/server/db/schema/rounds';
import { recordAudit } from '$lib/server/audit';
import { unitPath } from '$lib/server/org/units';
import { RuleError } from '$lib/server/rounds/errors';
import { requireFacilitator, type Actor } from '$lib/server/rounds';
import { getRound, proposalsEditable } from '$lib/server/rounds/phase';
import { listRhks, type HeadRhk } from './index';

type Db = Kysely<Database> | Transaction<Database>;

export const CASCADING = ['direct', 'indirect'] as const;
export type Cascading = (typeof CASCADING)[number];

/** What a proposer chose: an RHK with its cascading, or "none — an additional result". */
export type CitationChoice = { rhkId: number; cascading: Cascading } | { rhkId: null };

/** The plan periods on offer for basing a round: one entry per distinct period start. */
export async function planPeriods(
	db: Db
): Promise<{ start: string; end: string; count: number }[]> {
	const rows = await db
		.selectFrom('head_rhk')
		.select(['period_start', 'period_end', (eb) => eb.fn.countAll<number>().as('n')])
		.where('retired_at', 'is', null)
		.groupBy(['period_start', 'period_end'])
		.orderBy('period_start', 'desc')
		.execute();
	return rows.map((r) => ({ start: r.period_start, end: r.period_end, count: Number(r.n) }));
}

/**
 * Bases a round on the heads' RHKs in force on `day` (or on none). Only in draft: once people
 * propose, what they may cite must not shift under them.
 */
export async function setRoundRhkBasis(
	db: Kysely<Database>,
	actor: Actor,
	roundId: number,
	day: string | null
): Promise<void> {
	requireFacilitator(actor);
	await db.transaction().execute(async (trx) => {
		const round = await getRound(trx, roundId);
		if (round.phase !== 'draft') throw new RuleError('rhk_error_basis_frozen', 409);
		await trx
			.updateTable('round')
			.set({ rhk_day: day, updated_at: new Date().toISOString() })
			.where('id', '=', roundId)
			.execute();
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'round.rhk_basis',
			objectType: 'round',
			objectId: roundId,
			before: { rhkDay: round.rhk_day },
			after: { rhkDay: day }
		});
	});
}

/** The RHKs a person of `unitId` may cite in `round`: their unit's and the units' above it. */
export async function citableRhks(
	db: Db,
	round: Pick<Round, 'rhk_day'>,
	unitId: number
): Promise<HeadRhk[]> {
	if (!round.rhk_day) return [];
	const path = await unitPath(db as Kysely<Database>, unitId);
	const rhks = await listRhks(db, { unitIds: path.map((u) => u.id), day: round.rhk_day });
	// The nearest head first: a sub-unit's head before the OPD's.
	const depth = new Map(path.map((u, i) => [u.id, i]));
	return rhks.sort((a, b) => depth.get(b.unitId)! - depth.get(a.unitId)! || a.id - b.id);
}

/**
 * Checks a proposer's choice against the round: an RHK-based round needs one (an RHK or "none"),
 * and the RHK must belong to the proposer's unit line and the round's plan period. Returns the
 * columns to store.
 */
export async function resolveCitation(
	db: Db,
	round: Pick<Round, 'rhk_day'>,
	unitId: number,
	choice: CitationChoice | undefined
): Promise<{ head_rhk_id: number | null; cascading: Cascading | null }> {
	if (!round.rhk_day) return { head_rhk_id: null, cascading: null };
	if (!choice) throw new RuleError('rhk_error_choice_required', 400);
	if (choice.rhkId === null) return { head_rhk_id: null, cascading: null };
	const [rhk] = await listRhks(db, { ids: [choice.rhkId], includeRetired: true });
	if (!rhk) throw new RuleError('rhk_error_unknown', 400);
	const path = await unitPath(db as Kysely<Database>, unitId);
	if (!path.some((u) => u.id === rhk.unitId)) {
		throw new RuleError('rhk_error_other_unit', 400, { unit: rhk.unitName });
	}
	if (rhk.periodStart > round.rhk_day || rhk.periodEnd < round.rhk_day) {
		throw new RuleError('rhk_error_other_period', 400, {
			start: rhk.periodStart,
			end: rhk.periodEnd
		});
	}
	if (rhk.retiredAt) throw new RuleError('rhk_error_retired', 400);
	return { head_rhk_id: rhk.id, cascading: choice.cascading };
}

/** The author changes which RHK their proposal supports, while proposals may be edited. */
export async function citeRhk(
	db: Kysely<Database>,
	actor: Actor,
	indicatorId: number,
	choice: CitationChoice
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const indicator = await trx
			.selectFrom('indicator')
			.select(['id', 'round_id', 'author_id', 'org_unit_id', 'head_rhk_id', 'cascading'])
			.where('id', '=', indicatorId)
			.executeTakeFirst();
		if (!indicator) throw new RuleError('round_error_not_found', 404);
		if (indicator.author_id !== actor.id) throw new RuleError('proposal_error_not_author', 403);
		const round = await getRound(trx, indicator.round_id);
		if (!proposalsEditable(round)) throw new RuleError('round_error_wrong_phase', 409);
		const cols = await resolveCitation(trx, round, indicator.org_unit_id, choice);
		await trx.updateTable('indicator').set(cols).where('id', '=', indicatorId).execute();
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'proposal.cite_rhk',
			objectType: 'indicator',
			objectId: indicatorId,
			before: { headRhkId: indicator.head_rhk_id, cascading: indicator.cascading },
			after: { headRhkId: cols.head_rhk_id, cascading: cols.cascading }
		});
	});
}

export interface Citation {
	rhkId: number;
	code: string | null;
	text: string;
	unitName: string;
	cascading: Cascading | null;
}

/** The RHK each indicator cites (absent: none). */
export async function citationsOf(db: Db, indicatorIds: number[]): Promise<Map<number, Citation>> {
	if (indicatorIds.length === 0) return new Map();
	const rows = await db
		.selectFrom('indicator')
		.innerJoin('head_rhk', 'head_rhk.id', 'indicator.head_rhk_id')
		.innerJoin('org_unit', 'org_unit.id', 'head_rhk.org_unit_id')
		.select([
			'indicator.id',
			'indicator.cascading',
			'head_rhk.id as rhk_id',
			'head_rhk.code',
			'head_rhk.text',
			'org_unit.name as unit_name'
		])
		.where('indicator.id', 'in', indicatorIds)
		.execute();
	return new Map(
		rows.map((r) => [
			r.id,
			{
				rhkId: r.rhk_id,
				code: r.code,
				text: r.text,
				unitName: r.unit_name,
				cascading: r.cascading as Cascading | null
			}
		])
	);
}

/** The RHKs a round's proposals cite, for its filter and columns. */
export async function roundCitedRhks(db: Db, roundId: number): Promise<HeadRhk[]> {
	const ids = await db
		.selectFrom('indicator')
		.select('head_rhk_id')
		.distinct()
		.where('round_id', '=', roundId)
		.where('head_rhk_id', 'is not', null)
		.execute();
	return listRhks(db, {
		ids: ids.map((r) => r.head_rhk_id!),
		includeRetired: true
	});
}
