import ExcelJS from 'exceljs';
import type { Distribution } from '$lib/stats/consensus';
import type { RoundResults } from './results';
import { toCsv } from '$lib/server/csv';

/**
 * Aggregates only: one row per indicator, iteration, group and criterion. Suppressed groups
 * appear as a row without figures, so the reader sees that they exist and why they are empty.
 * Never a ballot, a rater key or a person.
 */
export const EXPORT_COLUMNS = [
	'rank',
	'indicator_id',
	'indicator',
	'iteration',
	'breakdown',
	'group',
	'criterion',
	'status',
	'raters',
	'n',
	'cannot_judge',
	'count_1',
	'count_2',
	'count_3',
	'count_4',
	'count_5',
	'mean',
	'median',
	'q1',
	'q3',
	'iqr',
	'pct_agree',
	'pct_disagree',
	'polarised',
	'decision',
	'pct_changed',
	'median_shift',
	'iqr_shift'
] as const;

type Row = Record<(typeof EXPORT_COLUMNS)[number], string | number | null>;

function distCells(d: Distribution | null) {
	return {
		n: d?.n ?? null,
		cannot_judge: d?.cannotJudge ?? null,
		count_1: d?.counts[0] ?? null,
		count_2: d?.counts[1] ?? null,
		count_3: d?.counts[2] ?? null,
		count_4: d?.counts[3] ?? null,
		count_5: d?.counts[4] ?? null,
		mean: d?.mean ?? null,
		median: d?.median ?? null,
		q1: d?.q1 ?? null,
		q3: d?.q3 ?? null,
		iqr: d?.iqr ?? null,
		pct_agree: d ? d.pctAgree : null,
		pct_disagree: d ? d.pctDisagree : null,
		polarised: d ? (d.polarised ? 1 : 0) : null
	};
}

export function exportRows(results: RoundResults): Row[] {
	const rows: Row[] = [];
	const none = { pct_changed: null, median_shift: null, iqr_shift: null };
	results.indicators.forEach((ind, i) => {
		const base = { rank: i + 1, indicator_id: ind.id, indicator: ind.name };
		for (const it of ind.history.length ? ind.history : [ind.final]) {
			if (!it.shown) {
				rows.push({
					...base,
					iteration: it.iteration,
					breakdown: 'all',
					group: '',
					criterion: '',
					status: 'suppressed',
					raters: null,
					...distCells(null),
					decision: null,
					...none
				});
				continue;
			}
			for (const c of it.criteria) {
				const s = it.stability.find((x) => x.key === c.key);
				rows.push({
					...base,
					iteration: it.iteration,
					breakdown: 'all',
					group: '',
					criterion: c.key,
					status: 'shown',
					raters: it.raters,
					...distCells(c.dist),
					decision: c.decision,
					pct_changed: s?.pctChanged ?? null,
					median_shift: s?.medianShift ?? null,
					iqr_shift: s?.iqrShift ?? null
				});
			}
		}
		for (const [dim, groups] of Object.entries(ind.groups)) {
			for (const g of groups) {
				const label = dim === 'opd' ? (results.opdNames[g.id] ?? g.id) : g.id;
				for (const c of g.criteria) {
					rows.push({
						...base,
						iteration: ind.final.iteration,
						breakdown: dim,
						group: label,
						criterion: c.key,
						status: 'shown',
						raters: null,
						...distCells(c.dist),
						decision: c.decision,
						...none
					});
				}
			}
		}
	});
	return rows;
}

/** Comma-separated as before, through the shared writer (BOM, quoting, formula neutralising). */
export function resultsCsv(results: RoundResults): string {
	return toCsv(
		[...EXPORT_COLUMNS],
		exportRows(results).map((r) => EXPORT_COLUMNS.map((c) => r[c])),
		{ separator: ',' }
	);
}

export async function resultsXlsx(results: RoundResults, title: string): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Mufakat';
	const ws = wb.addWorksheet('results');
	ws.columns = EXPORT_COLUMNS.map((c) => ({
		header: c,
		key: c,
		width: c === 'indicator' ? 40 : 12
	}));
	for (const r of exportRows(results)) {
		// exceljs writes strings as plain text, never as formulas.
		ws.addRow(r);
	}
	ws.getRow(1).font = { bold: true };
	ws.views = [{ state: 'frozen', ySplit: 1 }];
	const meta = wb.addWorksheet('round');
	meta.addRows([
		['round', title],
		['k (minimum group size)', results.k],
		['rule', JSON.stringify(results.rule)],
		['computed_at', results.computedAt]
	]);
	return Buffer.from(await wb.xlsx.writeBuffer());
}
