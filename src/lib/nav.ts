import { m } from '$lib/paraglide/messages';
import type { Role } from '$lib/roles';

export interface NavItem {
	href: string;
	label: () => string;
	/** Shown to people holding any of these roles; empty means everyone signed in. */
	roles: Role[];
}

/** The header navigation. Each feature adds its entry point here, with the roles that may use it. */
export const NAV_ITEMS: NavItem[] = [
	{ href: '/', label: m.nav_home, roles: [] },
	{ href: '/admin/people', label: m.people_nav, roles: ['admin'] },
	{ href: '/admin/units', label: m.unit_nav, roles: ['admin'] },
	{ href: '/admin/import', label: m.import_nav, roles: ['admin'] },
	{ href: '/admin/rhk', label: m.rhk_nav, roles: ['admin', 'facilitator'] },
	{ href: '/admin/audit', label: m.audit_nav, roles: ['admin', 'leader'] },
	{ href: '/admin/notifications', label: m.notify_failed_nav, roles: ['admin'] },
	{ href: '/rounds', label: m.round_nav, roles: [] },
	{ href: '/moderation', label: m.comment_moderation_title, roles: ['facilitator'] },
	{ href: '/surveys', label: m.survey_nav, roles: [] },
	{ href: '/ratings', label: m.rating_nav, roles: [] },
	{ href: '/dashboard', label: m.dashboard_nav, roles: ['leader', 'facilitator'] },
	{ href: '/adoptions', label: m.adoption_nav, roles: ['leader', 'facilitator'] },
	{ href: '/criteria', label: m.criterion_nav, roles: [] }
];

export function navFor(roles: readonly string[]): NavItem[] {
	return NAV_ITEMS.filter(
		(item) => item.roles.length === 0 || item.roles.some((r) => roles.includes(r))
	);
}
