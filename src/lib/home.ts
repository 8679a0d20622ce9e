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
				{
					href: '/ratings',
					label: m.rating_hub_title,
					description: m.rating_home_card_facilitator
				},
				{ href: '/adoptions', label: m.adoption_nav, description: m.adoption_home_card },
				{ href: '/surveys', label: m.survey_home_manage, description: m.survey_home_manage_desc }
			]
		},
		{
			id: 'lead',
			title: m.home_section_lead,
			intro: m.home_what_leader,
			roles: ['leader'],
			links: [
				{ href: '/ratings', label: m.rating_hub_title, description: m.rating_home_card_leader },
				{ href: '/dashboard', label: m.dashboard_nav, description: m.dashboard_home_card },
				{ href: '/adoptions', label: m.adoption_nav, description: m.adoption_home_card_leader },
				{ href: '/surveys', label: m.survey_home_results, description: m.survey_home_results_desc }
			]
		},
		{
			id: 'admin',
			title: m.home_section_admin,
			intro: m.home_what_admin,
			roles: ['admin'],
			links: [
				{ href: '/admin/api-tokens', label: m.api_nav, description: m.api_home_card },
				{
					href: '/admin/public-page',
					label: m.dashboard_public_nav,
					description: m.dashboard_public_home_card
				}
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
