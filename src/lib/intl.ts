import { getLocale } from '$lib/paraglide/runtime';

/**
 * Cached Intl number formatters (dates: $lib/time). Creating an Intl.NumberFormat (which `toLocaleString` with options does
 * on every call) costs tens of microseconds; a results page formats thousands of figures, and
 * the profile showed that alone taking most of its render time.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();

export function numberFormat(
	locale: string,
	options: Intl.NumberFormatOptions = {},
	/** A short key that identifies `options`, for callers formatting thousands of figures. */
	optionsKey: string = JSON.stringify(options)
) {
	const key = `${locale}|${optionsKey}`;
	let f = numberFormats.get(key);
	if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(locale, options)));
	return f;
}

/** The BCP 47 tag the person's language formats figures with (Indonesian: 4,5; English: 4.5). */
export function localeTag(locale: string = getLocale()): string {
	return locale === 'en' ? 'en-GB' : 'id-ID';
}

/**
 * A figure as the person reads it: up to `digits` decimals, grouped, in their language; "–"
 * when there is none. Every page that shows a number or percentage goes through here (or
 * `fmt`, which is this with an explicit locale), so "4,5" never meets "4.5" on one screen.
 */
export function formatNumber(x: number | null | undefined, digits = 1): string {
	if (x === null || x === undefined || Number.isNaN(x)) return '–';
	const options = { minimumFractionDigits: 0, maximumFractionDigits: digits };
	return numberFormat(localeTag(), options, `fmt${digits}`).format(x);
}

/** A percentage of 0–100 with one decimal: "12,5 %" / "12.5 %". */
export function formatPercent(x: number | null | undefined, digits = 1): string {
	const n = formatNumber(x, digits);
	return n === '–' ? n : `${n} %`;
}
