import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { loadUnitsByCode } from '$lib/server/import/plan';
import { checkRhk, type CleanRhk, type RhkInput, type RhkProblem } from './columns';

type Db = Kysely<Database> | Transaction<Database>;

export interface PlannedRhk extends CleanRhk {
	unitId: number;
}

export interface RhkPlan {
	total: number;
	problems: RhkProblem[];
	invalidRows: number;
	rows: PlannedRhk[];
}

interface Period {
	start: string;
	end: string;
}

const samePeriod = (a: Period, b: Period) => a.start === b.start && a.end === b.end;
const overlaps = (a: Period, b: Period) => a.start <= b.end && b.start <= a.end;

/**
 * Checks RHKs against the database and each other. A unit's plan periods are equal or disjoint
 * (a plan is for one period; a second, overlapping one would make "the RHK for 2026" ambiguous),
 * and one text appears once per unit and period. Pure reads.
 */
export async function planRhks(db: Db, inputs: RhkInput[]): Promise<RhkPlan> {
	const problems: RhkProblem[] = [];
	const clean: PlannedRhk[] = [];
	const units = await loadUnitsByCode(db);
	for (const input of inputs) {
		const checked = checkRhk(input);
		if (!checked.ok) {
			problems.push(...checked.problems);
			continue;
		}
		const unit = units.get(checked.rhk.unitCode.toUpperCase());
		if (!unit) {
			problems.push({
				row: input.row,
				field: 'unitCode',
				code: 'unit_unknown',
				params: { code: checked.rhk.unitCode }
			});
			continue;
		}
		if (unit.retired) {
			problems.push({
				row: input.row,
				field: 'unitCode',
				code: 'unit_retired',
				params: { code: checked.rhk.unitCode }
			});
			continue;
		}
		clean.push({ ...checked.rhk, unitId: unit.id });
	}

	const unitIds = [...new Set(clean.map((r) => r.unitId))];
	const existing = unitIds.length
		? await db
				.selectFrom('head_rhk')
				.select(['org_unit_id', 'period_start', 'period_end', 'text_key'])
				.where('org_unit_id', 'in', unitIds)
				.execute()
		: [];
	const bad = new Set<number>();
	const flag = (r: PlannedRhk, p: Omit<RhkProblem, 'row'>) => {
		problems.push({ row: r.row, ...p });
		bad.add(r.row);
	};
	const seen: PlannedRhk[] = [];
	for (const r of clean) {
		const period = { start: r.periodStart, end: r.periodEnd };
		const mine = existing.filter((e) => e.org_unit_id === r.unitId);
		const clash = mine.find((e) => {
			const other = { start: e.period_start, end: e.period_end };
			return !samePeriod(period, other) && overlaps(period, other);
		});
		if (clash) {
			flag(r, {
				field: 'periodStart',
				code: 'period_overlap',
				params: { start: clash.period_start, end: clash.period_end }
			});
		} else if (
			mine.some(
				(e) =>
					samePeriod(period, { start: e.period_start, end: e.period_end }) &&
					e.text_key === r.textKey
			)
		) {
			flag(r, { field: 'text', code: 'duplicate_existing' });
		}
		// One problem per row: a row already wrong against the database is not compared again.
		for (const other of bad.has(r.row) ? [] : seen) {
			if (other.unitId !== r.unitId) continue;
			const otherPeriod = { start: other.periodStart, end: other.periodEnd };
			if (samePeriod(period, otherPeriod)) {
				if (other.textKey === r.textKey) {
					flag(r, { field: 'text', code: 'duplicate', params: { other: String(other.row) } });
					break;
				}
			} else if (overlaps(period, otherPeriod)) {
				flag(r, {
					field: 'periodStart',
					code: 'period_overlap_row',
					params: { other: String(other.row) }
				});
				break;
			}
		}
		if (!bad.has(r.row)) seen.push(r);
	}
	problems.sort((a, b) => a.row - b.row);
	return {
		total: inputs.length,
		problems,
		invalidRows: new Set(problems.map((p) => p.row)).size,
		rows: clean.filter((r) => !bad.has(r.row))
	};
}
