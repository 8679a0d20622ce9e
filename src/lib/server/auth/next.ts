// Any placeholder origin works: a target is kept only when it resolves to the same origin, so
// the real host never matters. `.invalid` can never be a real site (RFC 2606).
const SITE = 'https://mufakat.invalid';

// Browsers drop tabs and line breaks from URLs and read `\` as `/`, so `/\t/evil.example` or
// `/\evil.example` become `//evil.example` — another site. Refuse them outright, never repair.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\\]/;

/**
 * A `next` target that stays on this site: a path (with query and fragment) that resolves to our
 * own origin, or `fallback`. Parsed with `URL`, as the browser will, rather than by prefix rules.
 */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
	if (!next || next.length > 2000 || UNSAFE.test(next)) return fallback;
	// Only a path: no scheme (`javascript:`), no host, no protocol-relative `//host`.
	if (!next.startsWith('/') || next.startsWith('//')) return fallback;
	let url: URL;
	try {
		url = new URL(next, SITE);
	} catch {
		return fallback;
	}
	if (url.origin !== SITE) return fallback;
	const target = url.pathname + url.search + url.hash;
	// The serialised form is what goes into Location; it must still be a plain path.
	return target.startsWith('/') && !target.startsWith('//') ? target : fallback;
}
