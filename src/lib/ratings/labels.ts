import { m } from '$lib/paraglide/messages';
import type { Decision } from '$lib/stats/consensus';
import { numberFormat } from '$lib/intl';

/** Where a round stands, as the ratings pages say it. */
export function phaseLabel(phase: string, iteration: number): string {
	switch (phase) {
		case 'rating':
			return m.rating_phase_rating();
		case 'delphi':
			return m.rating_phase_delphi({ n: String(iteration) });
		case 'closed':
			return m.rating_phase_closed();
		case 'published':
			return m.rating_phase_published();
		case 'adopted':
			return m.rating_phase_adopted();
		default:
			return phase;
	}
}

/** An iteration's name: the first rating, or Delphi n. */
export function iterationLabel(iteration: number): string {
	return iteration === 0
		? m.results_iteration_initial()
		: m.results_iteration_n({ n: String(iteration) });
}

export function decisionLabel(d: Decision | null): string {
	switch (d) {
		case 'reached':
			return m.consensus_reached();
		case 'rejected':
			return m.consensus_rejected();
		case 'not_reached':
			return m.consensus_not_reached();
		default:
			return m.consensus_suppressed();
	}
}

/** A figure as people read it: one decimal, in the reader's locale; "–" when there is none. */
export function fmt(x: number | null | undefined, digits = 1, locale = 'id-ID'): string {
	if (x === null || x === undefined || Number.isNaN(x)) return '–';
	const options = { minimumFractionDigits: 0, maximumFractionDigits: digits };
	return numberFormat(locale, options, `fmt${digits}`).format(x);
}
