import { m } from '$lib/paraglide/messages';

type MessageFn = (params?: Record<string, unknown>) => string;
const catalogue = m as unknown as Record<string, MessageFn>;

/** A catalogue message by key, or the code itself when the catalogue has none. */
function label(key: string, fallback: string, params: Record<string, unknown> = {}): string {
	const fn = catalogue[key];
	return typeof fn === 'function' ? fn(params) : fallback;
}

export const phaseLabel = (phase: string) => label(`round_phase_${phase}`, phase);
export const perspectiveLabel = (v: string) => label(`proposal_perspective_${v}`, v);
export const aspectLabel = (v: string) => label(`proposal_aspect_${v}`, v);
export const kindLabel = (v: string) => label(`proposal_kind_${v}`, v);
export const berakhlakLabel = (v: string) => label(`proposal_berakhlak_${v}`, v);
export const frequencyLabel = (v: string) => label(`proposal_frequency_${v}`, v);
export const statusLabel = (v: string) => label(`proposal_status_${v}`, v);
export const stanceLabel = (v: string) => label(`comment_stance_${v}`, v);
export const fieldLabel = (v: string) => label(`proposal_field_${v}`, v);
export const smartAdvice = (key: string) => label(key, key);

/** A notification's text in the reader's language, from its kind and stored parameters. */
export function notificationText(kind: string, params: Record<string, string | number>): string {
	const p: Record<string, unknown> = { ...params };
	if (typeof params.phase === 'string') p.phase = phaseLabel(params.phase);
	if (typeof params.status === 'string') p.status = statusLabel(params.status);
	return label(kind, kind, p);
}
