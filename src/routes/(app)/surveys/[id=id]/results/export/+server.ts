import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { translate } from '$lib/server/forms';
import { surveyFromParam } from '$lib/server/surveys';
import { computeResults, exportRows, resultsAvailable } from '$lib/server/surveys/results';
import { positionTypeLabel } from '$lib/labels';
import { toCsv } from '$lib/server/csv';

export const GET: RequestHandler = async ({ params, url }) => {
	requireRole('facilitator', 'leader');
	const survey = await surveyFromParam(db, params.id);
	if (!resultsAvailable(survey)) error(409, { message: translate('survey_results_not_yet') });
	const format = url.searchParams.get('format') ?? 'csv';
	if (format !== 'csv' && format !== 'xlsx') error(400, { message: m.error_invalid() });
	const results = await computeResults(db, survey.id);
	const { header, rows } = exportRows(results, (g, by) =>
		g.key === 'other'
			? m.survey_results_group_other()
			: by === 'opd'
				? (g.name ?? g.key)
				: positionTypeLabel(g.key)
	);
	const base = `fairness-survey-${survey.id}-${survey.period.replace(/[^\w-]/g, '_')}`;
	if (format === 'csv') {
		// The shared writer: unit names that start like a formula stay text.
		const body = toCsv(header, rows, { separator: ',' });
		return new Response(body, {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="${base}.csv"`,
				'cache-control': 'no-store'
			}
		});
	}
	const { default: ExcelJS } = await import('exceljs');
	const book = new ExcelJS.Workbook();
	const sheet = book.addWorksheet(m.survey_export_sheet());
	sheet.addRow(header);
	for (const r of rows) sheet.addRow(r);
	sheet.getRow(1).font = { bold: true };
	const buffer = await book.xlsx.writeBuffer();
	return new Response(new Uint8Array(buffer as ArrayBuffer), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${base}.xlsx"`,
			'cache-control': 'no-store'
		}
	});
};
