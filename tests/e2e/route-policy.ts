import type { Role } from '../../src/lib/roles';
import { e2eDatabase } from './helpers';

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
	/**
	 * Named form actions (`''` for the default action) refused to personas without access; an
	 * object narrows who may use one action of a page more people may open.
	 */
	actions?: (string | ActionPolicy)[];
	/** Machine endpoints that answer to an API token, not a session (see criteria-api.spec.ts). */
	apiToken?: boolean;
}

/** A signed-in probe of the authorization walk: a demo persona, or staff outside round 1's scope. */
export type ActionPersona = 'asn' | 'facilitator' | 'leader' | 'admin' | 'outsider';

export interface ActionPolicy {
	name: string;
	/** Who may use it by role; everyone else is refused (403, or sent to log in). Default: the page's. */
	access?: Access;
	/**
	 * Refused also to these although their roles would do: `outsider` (an ASN of DPMPTSP) and the
	 * leader are outside round 1's scope; nobody probed wrote proposal 1 (Siti Rahmawati's) or
	 * comment 1 (the demo ASN's).
	 */
	refusedTo?: ActionPersona[];
	/** A valid form, so that the refusal proves the rule and not the input validation. */
	form?: Record<string, string>;
}

/** Valid proposal fields, for probes whose refusal comes after the form is read. */
const PROPOSAL_FORM = {
	name: 'Persentase berkas selesai tepat waktu',
	definition: 'Bagian berkas yang selesai paling lambat satu hari kerja sejak lengkap.',
	formula: 'Selesai tepat waktu / seluruh berkas × 100%',
	unit_of_measure: 'persen',
	target: '95%',
	baseline: '80%',
	data_source: 'SIAK',
	frequency: 'bulanan',
	perspective: 'penerima_layanan',
	aspect: 'waktu',
	kind: 'hasil_kerja',
	unit_goal: 'Renstra: layanan cepat',
	fairness_rationale: 'Semua petugas memakai sistem yang sama.'
};
const PROBE_TOKEN = 'authz-walk-probe-token-1';
const FACILITATOR_ONLY: Access = ['facilitator'];

const OPEN_ROUND = 'Demo: indikator kinerja layanan publik 2027';
const CLOSED_ROUND = 'Demo: indikator pengelolaan SDM 2026 (selesai)';
// seed/criteria.ts: published, with ratings, waiting for adoption.
const PUBLISHED_ROUND = 'Indikator kinerja pelayanan Dukcapil 2027';

/** A path with the id of a demo round found by title (ids depend on the seeding order). */
function roundPath(title: string, make: (roundId: number) => string) {
	const db = e2eDatabase();
	try {
		const row = db.prepare('select id from round where title = ?').get(title) as
			{ id: number } | undefined;
		if (!row) throw new Error(`demo round not seeded: ${title}`);
		return make(row.id);
	} finally {
		db.close();
	}
}

/** A path into a demo rating round, found by title in the e2e database (read when used). */
function ratingPath(title: string, make: (roundId: number, firstIndicatorId: number) => string) {
	const db = e2eDatabase();
	try {
		const row = db
			.prepare(
				'select r.id as r, min(i.id) as i from round r join indicator i on i.round_id = r.id where r.title = ? group by r.id'
			)
			.get(title) as { r: number; i: number } | undefined;
		if (!row) throw new Error(`demo rating round not seeded: ${title}`);
		return make(row.r, row.i);
	} finally {
		db.close();
	}
}

export const ROUTE_POLICY: Record<string, RoutePolicy> = {
	'/': { access: 'signed-in' },
	'/login': { access: 'public' },
	'/logout': { access: 'public', redirectsOnGet: true },
	'/language': { access: 'public', redirectsOnGet: true },
	'/profile': { access: 'signed-in', actions: ['notify'] },
	'/admin/notifications': { access: ['admin'] },
	// Reached from an email without signing in; the signed token is the authority.
	'/unsubscribe/[token]': { access: 'public', path: '/unsubscribe/bm90LWEtdG9rZW4' },
	'/account/password': { access: 'signed-in', actions: [''] },
	// Only people holding a temporary password stay here; others are sent on to /account/password.
	'/password/new': { access: 'signed-in', redirectsOnGet: true },
	// Demo rounds (seed/rounds.ts): 1 is in discussion for Dukcapil and BKPSDM (the leader may read
	// it), 2 takes proposals from the whole government.
	'/rounds': { access: 'signed-in' },
	'/rounds/new': { access: ['facilitator'], actions: [''] },
	'/rounds/[id]': {
		access: 'signed-in',
		path: '/rounds/1',
		actions: [
			{ name: 'advance', access: FACILITATOR_ONLY },
			{ name: 'rhkBasis', access: FACILITATOR_ONLY }
		]
	},
	'/rounds/[id]/edit': { access: ['facilitator'], path: '/rounds/1/edit', actions: [''] },
	'/rounds/[id]/propose': { access: 'signed-in', path: '/rounds/2/propose' },
	'/rounds/[id]/similar': { access: 'signed-in', path: '/rounds/1/similar?name=KTP' },
	// Proposal 1 (round 1, in discussion) is Siti Rahmawati's; comment 1 on it is the demo ASN's.
	'/rounds/[id]/proposals/[pid]': {
		access: 'signed-in',
		path: '/rounds/1/proposals/1',
		actions: [
			{ name: 'support', refusedTo: ['outsider', 'leader'] },
			{ name: 'unsupport', refusedTo: ['outsider', 'leader'] },
			{
				name: 'comment',
				refusedTo: ['outsider', 'leader'],
				form: { body: 'Uji hak akses', stance: 'neutral', client_token: PROBE_TOKEN }
			},
			{
				name: 'report',
				refusedTo: ['outsider', 'leader'],
				form: { comment_id: '1', reason: 'Uji hak akses' }
			},
			{
				name: 'edit_comment',
				refusedTo: ['outsider', 'facilitator', 'leader', 'admin'],
				form: { comment_id: '1', body: 'Diubah orang lain', stance: 'neutral' }
			},
			{
				name: 'revise',
				refusedTo: ['outsider', 'asn', 'facilitator', 'leader', 'admin'],
				form: { ...PROPOSAL_FORM, reason: 'Diubah orang lain' }
			},
			{ name: 'withdraw', refusedTo: ['outsider', 'asn', 'facilitator', 'leader', 'admin'] },
			{
				name: 'cite',
				refusedTo: ['outsider', 'asn', 'facilitator', 'leader', 'admin'],
				form: { head_rhk: 'none' }
			},
			// The role is checked before the form is read, so these probes carry no valid form: a
			// regression is then a 400 the walk reports, not a hidden comment or merged proposal.
			{ name: 'hide', access: FACILITATOR_ONLY },
			{ name: 'decide', access: FACILITATOR_ONLY },
			{ name: 'respond', access: FACILITATOR_ONLY },
			{ name: 'merge', access: FACILITATOR_ONLY }
		]
	},
	'/rounds/[id]/proposals/[pid]/history': {
		access: 'signed-in',
		path: '/rounds/1/proposals/1/history'
	},
	'/moderation': { access: ['facilitator'], actions: ['hide', 'dismiss'] },
	'/notifications': { access: 'signed-in', actions: ['read', 'read_all'] },
	// Ratings (seed/ratings.ts): the open demo round is for everyone; the closed one (BKPSDM) shows
	// results to facilitators, leaders and admins (the demo ASN is outside its scope). Their ids
	// depend on what other demo content is seeded first, so the paths are looked up by title.
	// Issue 7: adoption, official criteria, provenance, exports. Adoption, set and criterion ids 1 exist in the demo data:
	// the seeded DPMPTSP adoption (approved) and its first criteria set and criterion.
	'/adoptions': { access: ['facilitator', 'leader'] },
	'/adoptions/new': {
		access: ['facilitator'],
		get path() {
			return roundPath(PUBLISHED_ROUND, (r) => `/adoptions/new?round=${r}`);
		},
		actions: ['']
	},
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
	'/api/v1/rounds/[id]': {
		access: 'public',
		apiToken: true,
		get path() {
			return roundPath(PUBLISHED_ROUND, (r) => `/api/v1/rounds/${r}`);
		}
	},
	'/ratings': { access: 'signed-in' },
	'/ratings/[roundId]': {
		access: 'signed-in',
		get path() {
			return ratingPath(OPEN_ROUND, (r) => `/ratings/${r}`);
		}
	},
	'/ratings/[roundId]/[indicatorId]': {
		access: 'signed-in',
		get path() {
			return ratingPath(OPEN_ROUND, (r, i) => `/ratings/${r}/${i}`);
		}
	},
	'/ratings/[roundId]/manage': {
		access: ['facilitator', 'admin'],
		get path() {
			return ratingPath(OPEN_ROUND, (r) => `/ratings/${r}/manage`);
		},
		actions: ['delphi', 'close']
	},
	'/ratings/[roundId]/results': {
		access: ['facilitator', 'leader', 'admin'],
		get path() {
			return ratingPath(CLOSED_ROUND, (r) => `/ratings/${r}/results`);
		}
	},
	'/ratings/[roundId]/results/[indicatorId]': {
		access: ['facilitator', 'leader', 'admin'],
		get path() {
			return ratingPath(CLOSED_ROUND, (r, i) => `/ratings/${r}/results/${i}`);
		}
	},
	'/ratings/[roundId]/export/[format]': {
		access: ['facilitator', 'leader', 'admin'],
		get path() {
			return ratingPath(CLOSED_ROUND, (r) => `/ratings/${r}/export/csv`);
		}
	},
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
	'/admin/rhk': {
		access: ['admin', 'facilitator'],
		actions: ['create', 'upload', 'retire', 'reopen', 'delete']
	},
	// RHK batch 1 is the demo heads' plans, imported by the seed (seed/rhk.ts).
	'/admin/rhk/import/[id]': {
		access: ['admin', 'facilitator'],
		path: '/admin/rhk/import/1',
		actions: ['apply', 'discard']
	},
	'/admin/rhk/template': { access: ['admin', 'facilitator'] },
	'/admin/audit': { access: ['admin', 'leader'] },
	'/admin/audit/export': { access: ['admin', 'leader'] },
	// Survey 1 is the demo seed's closed 2025 survey over the whole regency.
	'/surveys': { access: 'signed-in' },
	'/surveys/new': { access: ['facilitator'], actions: [''] },
	'/surveys/[id]': { access: 'signed-in', path: '/surveys/1' },
	'/surveys/[id]/manage': {
		access: ['facilitator'],
		path: '/surveys/1/manage',
		actions: [
			'update',
			'addItem',
			'updateItem',
			'move',
			'remove',
			'schedule',
			'openNow',
			'closeNow'
		]
	},
	'/surveys/[id]/results': {
		access: ['facilitator', 'leader'],
		path: '/surveys/1/results',
		actions: ['linkRound']
	},
	'/surveys/[id]/results/export': {
		access: ['facilitator', 'leader'],
		path: '/surveys/1/results/export?format=csv'
	},
	'/surveys/[id]/texts': {
		access: ['facilitator'],
		path: '/surveys/1/texts',
		actions: ['hide', 'unhide']
	}
};
