import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { safeNext } from '$lib/server/auth/next';

const ORIGIN = 'https://mufakat.example.go.id';

/** Where a browser on our site goes with `Location: target`: the WHATWG parser, as browsers use. */
function landsOn(target: string): string {
	return new URL(target, ORIGIN).origin;
}

const HOSTILE = [
	'/\t/evil.example',
	'/\n/evil.example',
	'/\r\n/evil.example',
	'/\\evil.example',
	'/\\/evil.example',
	'\\\\evil.example',
	'//evil.example',
	'///evil.example',
	'/./\t/evil.example',
	'/.//evil.example',
	'/..//evil.example',
	'/a/../..//evil.example',
	'\t//evil.example',
	' //evil.example',
	'https://evil.example',
	'HTTPS://evil.example/login',
	'https:evil.example',
	'javascript:alert(1)',
	'JaVaScRiPt:alert(1)',
	'data:text/html,<script>alert(1)</script>',
	'evil.example',
	'@evil.example',
	'/\u0000/evil.example',
	'/\u007f/evil.example',
	'/\u0085/evil.example',
	'/' + 'a'.repeat(3000)
];

describe('safeNext', () => {
	it('keeps ordinary paths, queries and fragments', () => {
		expect(safeNext('/rounds/12?tab=results#top')).toBe('/rounds/12?tab=results#top');
		expect(safeNext('/en/dashboard')).toBe('/en/dashboard');
		// Encoded slashes stay encoded: the browser requests our path `/%2f%2fevil.example`.
		expect(safeNext('/%2f%2fevil.example')).toBe('/%2f%2fevil.example');
		expect(safeNext('/%09/evil.example')).toBe('/%09/evil.example');
	});

	it.each(HOSTILE)('never leaves the site for %j', (next) => {
		const target = safeNext(next, '/');
		expect(landsOn(target)).toBe(ORIGIN);
		expect(target.startsWith('/') && !target.startsWith('//')).toBe(true);
	});

	it('refuses control characters and backslashes outright rather than repairing them', () => {
		expect(safeNext('/\t/evil.example', '/home')).toBe('/home');
		expect(safeNext('/rounds\\1', '/home')).toBe('/home');
		expect(safeNext(null, '/home')).toBe('/home');
		expect(safeNext('', '/home')).toBe('/home');
	});

	it('stays on the site for any string built from URL-significant characters', () => {
		const alphabet = fc.constantFrom(
			'/',
			'\\',
			'\t',
			'\n',
			'\r',
			' ',
			'%',
			'2',
			'f',
			'0',
			'9',
			':',
			'.',
			'@',
			'?',
			'#',
			'a',
			'e',
			'j',
			'v',
			's',
			'h',
			't',
			'p',
			'\u0000',
			'\u3000',
			'ｅ',
			'／'
		);
		fc.assert(
			fc.property(fc.array(alphabet, { maxLength: 16 }), (chars) => {
				const target = safeNext(chars.join(''), '/');
				return landsOn(target) === ORIGIN && !target.startsWith('//');
			}),
			{ numRuns: 5000 }
		);
	});
});
