import { getLocale } from '$lib/paraglide/runtime';

/**
 * Every time shown to people is the regency's wall-clock time (Batanghari: WIB, UTC+7, no daylight
 * saving), whatever zone the server or the browser runs in. Another region changes these lines.
 */
export const REGENCY_TIME_ZONE = 'Asia/Jakarta';
export const REGENCY_ZONE_LABEL = 'WIB';

type Locale = 'id' | 'en';

// Explicit fields and zone (not dateStyle or the runtime's zone), so the server's render and the
// browser's hydration produce the same text.
const DATE_TIME: Intl.DateTimeFormatOptions = {
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23',
	timeZone: REGENCY_TIME_ZONE
};
const DATE: Intl.DateTimeFormatOptions = {
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	timeZone: REGENCY_TIME_ZONE
};

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: Locale, kind: 'dateTime' | 'date'): Intl.DateTimeFormat {
	const key = `${locale}:${kind}`;
	let f = cache.get(key);
	if (!f) {
		f = new Intl.DateTimeFormat(
			locale === 'en' ? 'en-GB' : 'id-ID',
			kind === 'date' ? DATE : DATE_TIME
		);
		cache.set(key, f);
	}
	return f;
}

function parse(iso: string | null | undefined): Date | null {
	if (!iso) return null;
	const date = new Date(iso);
	return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * An ISO time as the regency reads it: `28 Nov 2026, 17.05 WIB` (id), `28 Nov 2026, 17:05 WIB`
 * (en); `zone: false` leaves the label off where the page names the zone itself. '' for no time.
 */
export function formatDateTime(
	iso: string | null | undefined,
	options: { locale?: Locale; zone?: boolean } = {}
): string {
	const date = parse(iso);
	if (!date) return '';
	const text = formatter(options.locale ?? (getLocale() as Locale), 'dateTime').format(date);
	return options.zone === false ? text : `${text} ${REGENCY_ZONE_LABEL}`;
}

/** The regency's calendar day of an ISO time: `28 Nov 2026`. '' for no time. */
export function formatDate(iso: string | null | undefined, locale?: Locale): string {
	const date = parse(iso);
	return date ? formatter(locale ?? (getLocale() as Locale), 'date').format(date) : '';
}
