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
	// Demo rounds (seed/rounds.ts): 1 is in discussion for Dukcapil and BKPSDM (the leader may read
	// it), 2 takes proposals from the whole government.
	'/rounds': { access: 'signed-in' },
	'/rounds/new': { access: ['facilitator'], actions: [''] },
	'/rounds/[id]': { access: 'signed-in', path: '/rounds/1' },
	'/rounds/[id]/edit': { access: ['facilitator'], path: '/rounds/1/edit', actions: [''] },
	'/rounds/[id]/propose': { access: 'signed-in', path: '/rounds/2/propose' },
	'/rounds/[id]/similar': { access: 'signed-in', path: '/rounds/1/similar?name=KTP' },
	'/rounds/[id]/proposals/[pid]': {
		access: 'signed-in',
		path: '/rounds/1/proposals/1',
		actions: []
	},
	'/rounds/[id]/proposals/[pid]/history': {
		access: 'signed-in',
		path: '/rounds/1/proposals/1/history'
	},
	'/moderation': { access: ['facilitator'], actions: ['hide', 'dismiss'] },
	'/notifications': { access: 'signed-in' }
};
