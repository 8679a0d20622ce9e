import type SQLite from 'better-sqlite3';
import type { Role } from '../../src/lib/roles';

const OPEN_RATING_ROUND = 'Demo: indikator kinerja layanan publik 2027';
const CLOSED_RATING_ROUND = 'Demo: indikator pengelolaan SDM 2026 (selesai)';

function roundId(db: SQLite.Database, title: string): number {
	return (db.prepare('select id from round where title = ?').get(title) as { id: number }).id;
}

function firstIndicatorId(db: SQLite.Database, title: string): number {
	const row = db
		.prepare(
			'select min(i.id) as id from indicator i join round r on r.id = i.round_id where r.title = ?'
		)
		.get(title) as { id: number };
	return row.id;
}

/**
 * Who may open each page. Every route in src/routes must be listed here: the authorization walk
 * fails on a route nobody thought about. `path` fills in dynamic segments with a real example.
 */
export type Access = 'public' | 'signed-in' | Role[];

export interface RoutePolicy {
	access: Access;
	/**
	 * A concrete URL for routes with parameters (and for action-only routes); a function receives
	 * the e2e database, for demo objects whose ids depend on the order the seed creates them in.
	 */
	path?: string | ((db: SQLite.Database) => string);
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
	'/admin/people': { access: ['admin'] },
	// Person 1 is the first demo account (the admin): a real, seeded object.
	'/admin/people/[id]': {
		access: ['admin'],
		path: '/admin/people/1',
		actions: ['update', 'disable', 'enable', 'reset', 'roles']
	},
	'/admin/units': { access: ['admin'], actions: ['create'] },
	'/admin/units/[id]': {
		access: ['admin'],
		path: '/admin/units/1',
		actions: ['update', 'move', 'retire', 'reopen']
	},
	'/admin/import': { access: ['admin'], actions: ['upload'] },
	// Batch 1 is the demo import preview loaded with the demo regency (seed/import-demo.ts).
	'/admin/import/[id]': {
		access: ['admin'],
		path: '/admin/import/1',
		actions: ['apply', 'discard', 'disableMissing']
	},
	// POST hands the one-time password list over; GET only leads back to the import page.
	'/admin/import/[id]/credentials': {
		access: ['admin'],
		path: '/admin/import/1/credentials',
		redirectsOnGet: true,
		actions: ['']
	},
	'/admin/import/template': { access: ['admin'] },
	'/admin/audit': { access: ['admin', 'leader'] },
	'/admin/audit/export': { access: ['admin', 'leader'] },
	// Demo rounds (seed/rounds.ts): 1 is in discussion, 2 takes proposals; both cover Dukcapil and
	// BKPSDM, so every persona either takes part or (leader) may read.
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
	'/notifications': { access: 'signed-in' },
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
	'/surveys/[id]/texts': { access: ['facilitator'], path: '/surveys/1/texts', actions: ['hide'] },
	// Ratings: the open demo rating round is for everyone; the closed one (BKPSDM) is closed, so
	// its results are for facilitators, leaders and admins (the demo ASN is outside its scope).
	'/ratings': { access: 'signed-in' },
	'/ratings/[roundId]': {
		access: 'signed-in',
		path: (db) => `/ratings/${roundId(db, OPEN_RATING_ROUND)}`
	},
	'/ratings/[roundId]/[indicatorId]': {
		access: 'signed-in',
		path: (db) =>
			`/ratings/${roundId(db, OPEN_RATING_ROUND)}/${firstIndicatorId(db, OPEN_RATING_ROUND)}`
	},
	'/ratings/[roundId]/manage': {
		access: ['facilitator', 'admin'],
		path: (db) => `/ratings/${roundId(db, OPEN_RATING_ROUND)}/manage`,
		actions: ['delphi', 'close']
	},
	'/ratings/[roundId]/results': {
		access: ['facilitator', 'leader', 'admin'],
		path: (db) => `/ratings/${roundId(db, CLOSED_RATING_ROUND)}/results`
	},
	'/ratings/[roundId]/results/[indicatorId]': {
		access: ['facilitator', 'leader', 'admin'],
		path: (db) =>
			`/ratings/${roundId(db, CLOSED_RATING_ROUND)}/results/${firstIndicatorId(db, CLOSED_RATING_ROUND)}`
	},
	'/ratings/[roundId]/export/[format]': {
		access: ['facilitator', 'leader', 'admin'],
		path: (db) => `/ratings/${roundId(db, CLOSED_RATING_ROUND)}/export/csv`
	}
};
