import type { Role } from '../../src/lib/roles';

/**
 * Who may open each page. Every route in src/routes must be listed here: the authorization walk
 * fails on a route nobody thought about. `path` fills in dynamic segments with a real example.
 */
export type Access = 'public' | 'signed-in' | Role[];

export interface RoutePolicy {
	access: Access;
	/** A concrete URL for routes with parameters (and for action-only routes). */
	path?: string;
	/** GET only redirects (action-only routes such as logout). */
	redirectsOnGet?: boolean;
	/** Named form actions (`''` for the default action) refused to personas without access. */
	actions?: string[];
	/** Machine endpoints that answer to an API token, not a session (see criteria-api.spec.ts). */
	apiToken?: boolean;
}

export const ROUTE_POLICY: Record<string, RoutePolicy> = {
	'/': { access: 'signed-in' },
	'/login': { access: 'public' },
	'/logout': { access: 'public', redirectsOnGet: true },
	'/language': { access: 'public', redirectsOnGet: true },
	'/profile': { access: 'signed-in' },
	'/account/password': { access: 'signed-in', actions: [''] },
	// Only people holding a temporary password stay here; others are sent on to /account/password.
	'/password/new': { access: 'signed-in', redirectsOnGet: true },
	// Issue 7: adoption, official criteria, provenance, exports. Ids 1 exist in the demo data:
	// the seeded DPMPTSP adoption (approved) and its first criteria set and criterion.
	'/adoptions': { access: ['facilitator', 'leader'] },
	'/adoptions/new': { access: ['facilitator'], path: '/adoptions/new?round=3', actions: [''] },
	'/adoptions/[id]': {
		access: ['facilitator', 'leader'],
		path: '/adoptions/1',
		actions: ['submit', 'return', 'approve']
	},
	'/adoptions/[id]/edit': { access: ['facilitator'], path: '/adoptions/1/edit', actions: [''] },
	'/criteria': { access: 'signed-in' },
	'/criteria/sets/[id]': { access: 'signed-in', path: '/criteria/sets/1' },
	'/criteria/[id]': { access: 'signed-in', path: '/criteria/1' },
	'/criteria/export/[format]': { access: 'signed-in', path: '/criteria/export/csv' },
	'/criteria/print': { access: 'signed-in', path: '/criteria/print?unit=1' },
	'/dashboard': { access: ['leader', 'facilitator'] },
	'/dashboard/csv/[table]': { access: ['leader', 'facilitator'], path: '/dashboard/csv/phases' },
	'/admin/api-tokens': { access: ['admin'], actions: ['issue', 'revoke'] },
	'/admin/public-page': { access: ['admin'], actions: [''] },
	// On in the demo data; off (404 for everyone) until an admin switches it on.
	'/public': { access: 'public' },
	'/api/v1/openapi.json': { access: 'public' },
	'/api/v1/criteria': { access: 'public', apiToken: true },
	'/api/v1/participation': { access: 'public', apiToken: true },
	'/api/v1/rounds/[id]': { access: 'public', path: '/api/v1/rounds/2', apiToken: true },
	// Ratings: demo round 1 is open for rating by everyone; demo round 2 (BKPSDM) is closed, so
	// its results are for facilitators, leaders and admins (the demo ASN is outside its scope).
	'/ratings': { access: 'signed-in' },
	'/ratings/[roundId]': { access: 'signed-in', path: '/ratings/1' },
	'/ratings/[roundId]/[indicatorId]': { access: 'signed-in', path: '/ratings/1/1' },
	'/ratings/[roundId]/manage': {
		access: ['facilitator', 'admin'],
		path: '/ratings/1/manage',
		actions: ['delphi', 'close']
	},
	'/ratings/[roundId]/results': {
		access: ['facilitator', 'leader', 'admin'],
		path: '/ratings/2/results'
	},
	'/ratings/[roundId]/results/[indicatorId]': {
		access: ['facilitator', 'leader', 'admin'],
		path: '/ratings/2/results/5'
	},
	'/ratings/[roundId]/export/[format]': {
		access: ['facilitator', 'leader', 'admin'],
		path: '/ratings/2/export/csv'
	},
	// Survey 1 is the demo seed's closed 2025 survey over the whole regency.
	'/surveys': { access: 'signed-in' },
	'/surveys/new': { access: ['facilitator'], actions: [''] },
	'/surveys/[id]': { access: 'signed-in', path: '/surveys/1' },
	'/surveys/[id]/manage': {
		access: ['facilitator'],
		path: '/surveys/1/manage',
		actions: ['addItem', 'move', 'remove', 'schedule', 'openNow', 'closeNow']
	},
	'/surveys/[id]/results': { access: ['facilitator', 'leader'], path: '/surveys/1/results' },
	'/surveys/[id]/results/export': {
		access: ['facilitator', 'leader'],
		path: '/surveys/1/results/export?format=csv'
	},
	'/surveys/[id]/texts': { access: ['facilitator'], path: '/surveys/1/texts', actions: ['hide'] }
};
