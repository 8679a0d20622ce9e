import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { unitPath } from '$lib/server/org/units';
import { isInScope, parseScope } from '$lib/server/scope';
import { RuleError } from '$lib/server/rounds/errors';

type Db = Kysely<Database> | Transaction<Database>;

/** Today as YYYY-MM-DD (UTC), the day criteria periods are compared with. */
export function today(now: Date = new Date()): string {
	return now.toISOString().slice(0, 10);
}

export interface PeriodConflict {
	unitName: string;
	positionType: string;
	periodStart: string;
	periodEnd: string;
}

/**
 * Criteria in force for one of the units and position types over a period that overlaps the
 * given one without being the same period. The same period is not a conflict: it is superseded.
 */
export async function findPeriodConflict(
	db: Db,
	p: { unitIds: number[]; positionTypes: string[]; periodStart: string; periodEnd: string }
): Promise<PeriodConflict | null> {
	if (!p.unitIds.length || !p.positionTypes.length) return null;
	const row = await db
		.selectFrom('criteria_set')
		.innerJoin('org_unit', 'org_unit.id', 'criteria_set.org_unit_id')
		.select([
			'org_unit.name',
			'criteria_set.position_type',
			'criteria_set.period_start',
			'criteria_set.period_end'
		])
		.where('criteria_set.status', '=', 'in_force')
		.where('criteria_set.org_unit_id', 'in', p.unitIds)
		.where('criteria_set.position_type', 'in', p.positionTypes)
		.where('criteria_set.period_start', '<=', p.periodEnd)
		.where('criteria_set.period_end', '>=', p.periodStart)
		.where((eb) =>
			eb.or([
				eb('criteria_set.period_start', '!=', p.periodStart),
				eb('criteria_set.period_end', '!=', p.periodEnd)
			])
		)
		.executeTakeFirst();
	return row
		? {
				unitName: row.name,
				positionType: row.position_type,
				periodStart: row.period_start,
				periodEnd: row.period_end
			}
		: null;
}

export interface CriteriaSetSummary {
	id: number;
	unitId: number;
	unitCode: string;
	unitName: string;
	positionType: string;
	periodStart: string;
	periodEnd: string;
	version: number;
	status: 'in_force' | 'superseded';
	adoptionId: number;
	approvedAt: string | null;
	criteria: number;
}

/**
 * The catalogue: criteria sets, by unit and position type. `inForceOn` keeps only sets in force
 * on that day; `includeSuperseded` adds the history.
 */
export async function listCriteriaSets(
	db: Db,
	filter: {
		unitIds?: number[];
		positionType?: string;
		inForceOn?: string;
		includeSuperseded?: boolean;
	} = {}
): Promise<CriteriaSetSummary[]> {
	let q = db
		.selectFrom('criteria_set')
		.innerJoin('org_unit', 'org_unit.id', 'criteria_set.org_unit_id')
		.innerJoin('adoption', 'adoption.id', 'criteria_set.adoption_id')
		.leftJoin('official_criterion', 'official_criterion.set_id', 'criteria_set.id')
		.select((eb) => [
			'criteria_set.id',
			'criteria_set.org_unit_id',
			'org_unit.code',
			'org_unit.name',
			'criteria_set.position_type',
			'criteria_set.period_start',
			'criteria_set.period_end',
			'criteria_set.version',
			'criteria_set.status',
			'criteria_set.adoption_id',
			'adoption.approved_at',
			eb.fn.count<number>('official_criterion.id').as('criteria')
		])
		.groupBy([
			'criteria_set.id',
			'criteria_set.org_unit_id',
			'org_unit.code',
			'org_unit.name',
			'criteria_set.position_type',
			'criteria_set.period_start',
			'criteria_set.period_end',
			'criteria_set.version',
			'criteria_set.status',
			'criteria_set.adoption_id',
			'adoption.approved_at'
		])
		.orderBy('org_unit.code')
		.orderBy('criteria_set.position_type')
		.orderBy('criteria_set.period_start', 'desc')
		.orderBy('criteria_set.version', 'desc');
	if (!filter.includeSuperseded) q = q.where('criteria_set.status', '=', 'in_force');
	if (filter.unitIds)
		q = q.where('criteria_set.org_unit_id', 'in', filter.unitIds.length ? filter.unitIds : [-1]);
	if (filter.positionType) q = q.where('criteria_set.position_type', '=', filter.positionType);
	if (filter.inForceOn) {
		q = q
			.where('criteria_set.period_start', '<=', filter.inForceOn)
			.where('criteria_set.period_end', '>=', filter.inForceOn);
	}
	const rows = await q.execute();
	return rows.map((r) => ({
		id: r.id,
		unitId: r.org_unit_id,
		unitCode: r.code,
		unitName: r.name,
		positionType: r.position_type,
		periodStart: r.period_start,
		periodEnd: r.period_end,
		version: r.version,
		status: r.status,
		adoptionId: r.adoption_id,
		approvedAt: r.approved_at,
		criteria: Number(r.criteria)
	}));
}

/** One set with its criteria and every version of the same unit, type and period. */
export async function getCriteriaSet(db: Db, setId: number) {
	const set = await db
		.selectFrom('criteria_set')
		.innerJoin('org_unit', 'org_unit.id', 'criteria_set.org_unit_id')
		.selectAll('criteria_set')
		.select(['org_unit.code as unit_code', 'org_unit.name as unit_name'])
		.where('criteria_set.id', '=', setId)
		.executeTakeFirst();
	if (!set) throw new RuleError('criterion_error_not_found', 404);
	const criteria = await db
		.selectFrom('official_criterion')
		.selectAll()
		.where('set_id', '=', setId)
		.orderBy('skp_kind')
		.orderBy('id')
		.execute();
	const history = await db
		.selectFrom('criteria_set')
		.innerJoin('adoption', 'adoption.id', 'criteria_set.adoption_id')
		.select([
			'criteria_set.id',
			'criteria_set.version',
			'criteria_set.status',
			'criteria_set.adoption_id',
			'adoption.title',
			'adoption.approved_at'
		])
		.where('criteria_set.org_unit_id', '=', set.org_unit_id)
		.where('criteria_set.position_type', '=', set.position_type)
		.where('criteria_set.period_start', '=', set.period_start)
		.orderBy('criteria_set.version', 'desc')
		.execute();
	return { set, criteria, history };
}

export interface ExportRow {
	unitCode: string;
	unitName: string;
	positionType: string;
	periodStart: string;
	periodEnd: string;
	version: number;
	criterionId: number;
	skpKind: string;
	rencanaHasilKerja: string | null;
	indikatorKinerja: string;
	target: string;
	unitOfMeasure: string;
	aspect: string | null;
	berakhlakValue: string | null;
	weight: number;
	definition: string;
	formula: string;
	dataSource: string;
	frequency: string;
	roundId: number;
	adoptionId: number;
	approvedAt: string | null;
}

/**
 * Criteria in force on a day, one row per indicator per unit and position type — the shape of
 * an SKP entry (PermenPANRB 6/2022): hasil kerja rows carry the rencana hasil kerja, the
 * indikator kinerja individu, target and aspect; perilaku kerja rows their BerAKHLAK value.
 */
export async function criteriaInForce(
	db: Db,
	filter: { on?: string; unitIds?: number[]; positionType?: string } = {}
): Promise<ExportRow[]> {
	const on = filter.on ?? today();
	let q = db
		.selectFrom('official_criterion')
		.innerJoin('criteria_set', 'criteria_set.id', 'official_criterion.set_id')
		.innerJoin('org_unit', 'org_unit.id', 'criteria_set.org_unit_id')
		.innerJoin('adoption', 'adoption.id', 'criteria_set.adoption_id')
		.select([
			'org_unit.code',
			'org_unit.name as unit_name',
			'criteria_set.position_type',
			'criteria_set.period_start',
			'criteria_set.period_end',
			'criteria_set.version',
			'official_criterion.id',
			'official_criterion.skp_kind',
			'official_criterion.rencana_hasil_kerja',
			'official_criterion.indikator_kinerja',
			'official_criterion.target',
			'official_criterion.unit_of_measure',
			'official_criterion.aspect',
			'official_criterion.berakhlak_value',
			'official_criterion.weight',
			'official_criterion.definition',
			'official_criterion.formula',
			'official_criterion.data_source',
			'official_criterion.frequency',
			'official_criterion.round_id',
			'criteria_set.adoption_id',
			'adoption.approved_at'
		])
		.where('criteria_set.status', '=', 'in_force')
		.where('criteria_set.period_start', '<=', on)
		.where('criteria_set.period_end', '>=', on)
		.orderBy('org_unit.code')
		.orderBy('criteria_set.position_type')
		.orderBy('official_criterion.skp_kind')
		.orderBy('official_criterion.id');
	if (filter.unitIds)
		q = q.where('criteria_set.org_unit_id', 'in', filter.unitIds.length ? filter.unitIds : [-1]);
	if (filter.positionType) q = q.where('criteria_set.position_type', '=', filter.positionType);
	const rows = await q.execute();
	return rows.map((r) => ({
		unitCode: r.code,
		unitName: r.unit_name,
		positionType: r.position_type,
		periodStart: r.period_start,
		periodEnd: r.period_end,
		version: r.version,
		criterionId: r.id,
		skpKind: r.skp_kind,
		rencanaHasilKerja: r.rencana_hasil_kerja,
		indikatorKinerja: r.indikator_kinerja,
		target: r.target,
		unitOfMeasure: r.unit_of_measure,
		aspect: r.aspect,
		berakhlakValue: r.berakhlak_value,
		weight: r.weight,
		definition: r.definition,
		formula: r.formula,
		dataSource: r.data_source,
		frequency: r.frequency,
		roundId: r.round_id,
		adoptionId: r.adoption_id,
		approvedAt: r.approved_at
	}));
}

/** One official criterion with its set and unit, or a 404. */
export async function getCriterion(db: Db, criterionId: number) {
	const row = await db
		.selectFrom('official_criterion')
		.innerJoin('criteria_set', 'criteria_set.id', 'official_criterion.set_id')
		.selectAll('official_criterion')
		.select([
			'criteria_set.org_unit_id',
			'criteria_set.position_type',
			'criteria_set.period_start',
			'criteria_set.period_end',
			'criteria_set.version',
			'criteria_set.status as set_status',
			'criteria_set.adoption_id'
		])
		.where('official_criterion.id', '=', criterionId)
		.executeTakeFirst();
	if (!row) throw new RuleError('criterion_error_not_found', 404);
	return row;
}

/**
 * Who may read a criterion and its provenance: facilitators, leaders and admins; and any ASN it
 * applies to (their unit is the criterion's unit or below it, their position type matches) or
 * who was in scope of the round it came from.
 */
export async function canViewCriterion(
	db: Kysely<Database>,
	user: Pick<SessionUser, 'id' | 'orgUnitId' | 'roles'>,
	criterion: { org_unit_id: number; position_type: string; round_id: number }
): Promise<boolean> {
	if (user.roles.some((r) => r === 'facilitator' || r === 'leader' || r === 'admin')) return true;
	const person = await db
		.selectFrom('person')
		.select(['org_unit_id', 'position_type'])
		.where('id', '=', user.id)
		.executeTakeFirst();
	if (!person) return false;
	if (person.position_type === criterion.position_type) {
		const path = await unitPath(db, person.org_unit_id);
		if (path.some((u) => u.id === criterion.org_unit_id)) return true;
	}
	const round = await db
		.selectFrom('round')
		.select('scope_json')
		.where('id', '=', criterion.round_id)
		.executeTakeFirst();
	return !!round && (await isInScope(db, parseScope(round.scope_json), user.id));
}
