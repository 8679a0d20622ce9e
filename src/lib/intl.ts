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
