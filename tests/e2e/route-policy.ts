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
