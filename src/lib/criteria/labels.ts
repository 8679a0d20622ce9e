import { m } from '$lib/paraglide/messages';

/** Localised labels for the codes of adoption and official criteria. */
export function aspectLabel(code: string | null): string {
	switch (code) {
		case 'kuantitas':
			return m.criterion_aspect_kuantitas();
		case 'kualitas':
			return m.criterion_aspect_kualitas();
		case 'waktu':
			return m.criterion_aspect_waktu();
		case 'biaya':
			return m.criterion_aspect_biaya();
		default:
			return code ?? '—';
	}
}

export function berakhlakLabel(code: string | null): string {
	switch (code) {
		case 'berorientasi_pelayanan':
			return m.criterion_berakhlak_berorientasi_pelayanan();
		case 'akuntabel':
			return m.criterion_berakhlak_akuntabel();
		case 'kompeten':
			return m.criterion_berakhlak_kompeten();
		case 'harmonis':
			return m.criterion_berakhlak_harmonis();
		case 'loyal':
			return m.criterion_berakhlak_loyal();
		case 'adaptif':
			return m.criterion_berakhlak_adaptif();
		case 'kolaboratif':
			return m.criterion_berakhlak_kolaboratif();
		default:
			return code ?? '—';
	}
}

export function skpKindLabel(code: string): string {
	return code === 'perilaku_kerja'
		? m.criterion_kind_perilaku_kerja()
		: m.criterion_kind_hasil_kerja();
}

export function decisionLabel(code: string | null): string {
	switch (code) {
		case 'reached':
			return m.adoption_decision_reached();
		case 'not_reached':
			return m.adoption_decision_not_reached();
		case 'rejected':
			return m.adoption_decision_rejected();
		default:
			return m.adoption_decision_unknown();
	}
}

export function adoptionStatusLabel(code: string): string {
	switch (code) {
		case 'draft':
			return m.adoption_status_draft();
		case 'submitted':
			return m.adoption_status_submitted();
		case 'returned':
			return m.adoption_status_returned();
		case 'approved':
			return m.adoption_status_approved();
		default:
			return code;
	}
}

export function adoptionEventLabel(code: string): string {
	switch (code) {
		case 'submitted':
			return m.adoption_event_submitted();
		case 'returned':
			return m.adoption_event_returned();
		case 'approved':
			return m.adoption_event_approved();
		default:
			return code;
	}
}

export function apiScopeLabel(scope: string): string {
	switch (scope) {
		case 'criteria':
			return m.api_scope_criteria();
		case 'results':
			return m.api_scope_results();
		case 'participation':
			return m.api_scope_participation();
		default:
			return scope;
	}
}

export function dashboardPhaseLabel(phase: string): string {
	switch (phase) {
		case 'draft':
			return m.dashboard_phase_draft();
		case 'proposing':
			return m.dashboard_phase_proposing();
		case 'discussing':
			return m.dashboard_phase_discussing();
		case 'rating':
			return m.dashboard_phase_rating();
		case 'delphi':
			return m.dashboard_phase_delphi();
		case 'closed':
			return m.dashboard_phase_closed();
		case 'published':
			return m.dashboard_phase_published();
		case 'adopted':
			return m.dashboard_phase_adopted();
		default:
			return phase;
	}
}
