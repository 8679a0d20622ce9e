import { formatDateTime } from '$lib/time';

/**
 * Schedule times are typed as local wall-clock time of the regency (WIB, UTC+7 for Batanghari)
 * and stored as UTC ISO strings. The offset is one constant so another region changes one line.
 */
export const SCHEDULE_UTC_OFFSET_MINUTES = 7 * 60;
export const SCHEDULE_ZONE_LABEL = 'WIB';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** `2026-12-01T17:00` (regency time) → ISO UTC, or null when the text is not such a time. */
export function localToIso(local: string): string | null {
	const m = LOCAL.exec(local.trim());
	if (!m) return null;
	const [, y, mo, d, h, mi] = m.map(Number);
	const utc = Date.UTC(y, mo - 1, d, h, mi) - SCHEDULE_UTC_OFFSET_MINUTES * 60_000;
	const date = new Date(utc);
	return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** ISO UTC → `2026-12-01T17:00` in regency time, for a datetime-local input. */
export function isoToLocal(iso: string | null | undefined): string {
	if (!iso) return '';
	const date = new Date(new Date(iso).getTime() + SCHEDULE_UTC_OFFSET_MINUTES * 60_000);
	return date.toISOString().slice(0, 16);
}

/** ISO UTC → `1 Des 2026, 17.00 WIB` (in the reader's language) for display. */
export function formatScheduleTime(iso: string | null | undefined): string {
	return formatDateTime(iso);
}

/** The phases whose end can be scheduled; when one ends the round moves on by itself. */
export const SCHEDULED_PHASES = ['proposing', 'discussing', 'rating'] as const;
export type ScheduledPhase = (typeof SCHEDULED_PHASES)[number];
