import { m } from '$lib/paraglide/messages';
import type { Role } from '$lib/roles';

export interface HomeLink {
	href: string;
	label: () => string;
	description: () => string;
}

export interface HomeSection {
	id: string;
	title: () => string;
	intro?: () => string;
	roles: Role[];
	links: HomeLink[];
}

/**
 * What the home page offers, by role. Each feature adds its links to the section of the role
 * that uses it; a section with no links is not shown.
 */
export const HOME_SECTIONS: HomeSection[] = (
	[
		{
			id: 'participate',
			title: m.home_section_participate,
			intro: m.home_what_asn,
			roles: ['asn'],
			links: [
				{ href: '/rounds', label: m.round_nav, description: m.round_home_asn },
				{ href: '/ratings', label: m.rating_hub_title, description: m.rating_home_card_asn },
				{ href: '/criteria', label: m.criterion_nav, description: m.criterion_home_card },
				{ href: '/surveys', label: m.survey_home_answer, description: m.survey_home_answer_desc }
			]
		},
		{
			id: 'facilitate',
			title: m.home_section_facilitate,
			intro: m.home_what_facilitator,
			roles: ['facilitator'],
			links: [
				{ href: '/rounds/new', label: m.round_new, description: m.round_home_new },
				{
					href: '/moderation',
					label: m.comment_moderation_title,
					description: m.comment_moderation_home
				},
				{ href: '/surveys', label: m.survey_home_manage, description: m.survey_home_manage_desc },
				{
					href: '/ratings',
					label: m.rating_hub_title,
					description: m.rating_home_card_facilitator
				},
				{ href: '/adoptions', label: m.adoption_nav, description: m.adoption_home_card }
			]
		},
		{
			id: 'lead',
			title: m.home_section_lead,
			intro: m.home_what_leader,
			roles: ['leader'],
			links: [
				{ href: '/rounds', label: m.round_nav, description: m.round_home_leader },
				{ href: '/admin/audit', label: m.audit_nav, description: m.audit_home_card },
				{ href: '/surveys', label: m.survey_home_results, description: m.survey_home_results_desc },
				{ href: '/ratings', label: m.rating_hub_title, description: m.rating_home_card_leader },
				{ href: '/dashboard', label: m.dashboard_nav, description: m.dashboard_home_card },
				{ href: '/adoptions', label: m.adoption_nav, description: m.adoption_home_card_leader }
			]
		},
		{
			id: 'admin',
			title: m.home_section_admin,
			intro: m.home_what_admin,
			roles: ['admin'],
			links: [
				{ href: '/admin/import', label: m.import_nav, description: m.import_home_card },
				{ href: '/admin/people', label: m.people_nav, description: m.people_home_card },
				{ href: '/admin/units', label: m.unit_nav, description: m.unit_home_card },
				{ href: '/admin/audit', label: m.audit_nav, description: m.audit_home_card }
			]
		},
		{
			id: 'account',
			title: m.home_section_account,
			roles: [],
			links: [
				{ href: '/profile', label: m.nav_profile, description: m.home_card_profile },
				{
					href: '/account/password',
					label: m.nav_change_password,
					description: m.home_card_password
				}
			]
		}
	] satisfies HomeSection[]
).filter((s) => s.links.length > 0);
