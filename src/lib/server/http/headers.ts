/**
 * The response headers every answer carries, whichever way it was served (SvelteKit or the rating
 * fast lane). `personal` marks an answer for a signed-in person: it shows personal data, so
 * neither a shared proxy nor the back button of a shared PC may keep it.
 */
export function securityHeaders(https: boolean, personal: boolean): [string, string][] {
	const h: [string, string][] = [
		['X-Content-Type-Options', 'nosniff'],
		['Referrer-Policy', 'strict-origin-when-cross-origin'],
		['X-Frame-Options', 'DENY'],
		['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()']
	];
	if (https) h.push(['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']);
	if (personal) h.push(['Cache-Control', 'private, no-store']);
	return h;
}
