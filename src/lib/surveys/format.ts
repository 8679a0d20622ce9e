import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { numberFormat } from '$lib/intl';
import { formatDateTime } from '$lib/time';

/** A survey time in Western Indonesia Time, the zone the schedule form is read in (no label). */
export function formatWib(iso: string): string {
	return formatDateTime(iso, { zone: false });
}

/** A value for `<input type="datetime-local">` in WIB. */
export function toWibInput(date: Date): string {
	const wib = new Date(date.getTime() + 7 * 3600_000);
	return wib.toISOString().slice(0, 16);
}

export function formatScore(value: number | null | undefined): string {
	if (value === null || value === undefined) return '—';
	return numberFormat(getLocale() === 'en' ? 'en-GB' : 'id-ID', {
		minimumFractionDigits: 2,
		maximumFractionDigits: 2
	}).format(value);
}

export function formatPercent(share: number): string {
	return numberFormat(getLocale() === 'en' ? 'en-GB' : 'id-ID', {
		style: 'percent',
		maximumFractionDigits: 0
	}).format(share);
}

export function dimensionLabel(d: string): string {
	switch (d) {
		case 'distributive':
			return m.fairness_dimension_distributive();
		case 'procedural':
			return m.fairness_dimension_procedural();
		case 'interpersonal':
			return m.fairness_dimension_interpersonal();
		case 'informational':
			return m.fairness_dimension_informational();
		default:
			return d;
	}
}

export function statusLabel(s: string): string {
	switch (s) {
		case 'draft':
			return m.survey_status_draft();
		case 'scheduled':
			return m.survey_status_scheduled();
		case 'open':
			return m.survey_status_open();
		case 'closed':
			return m.survey_status_closed();
		default:
			return s;
	}
}

export function itemKindLabel(kind: string): string {
	switch (kind) {
		case 'likert':
			return m.survey_item_kind_likert();
		case 'choice':
			return m.survey_item_kind_choice();
		default:
			return m.survey_item_kind_text();
	}
}
