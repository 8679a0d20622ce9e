import { z } from 'zod';
import { idField, line, prose } from './fields';
import { ASPECTS, BERAKHLAK_VALUES, FREQUENCIES, KINDS, PERSPECTIVES } from '$lib/proposals/fields';

export const PROPOSAL_LIMITS = {
	name: 200,
	definition: 2000,
	formula: 1000,
	unit_of_measure: 60,
	target: 120,
	baseline: 120,
	data_source: 300,
	unit_goal: 1000,
	fairness_rationale: 2000,
	reason: 500
} as const;

/** A random token per rendered form, so a double-submitted form makes one row. */
export const clientToken = z
	.string()
	.trim()
	.regex(/^[A-Za-z0-9_-]{16,64}$/, { message: 'error_invalid' });

// Names, units and short values are one line; the rest are text areas.
const text = (max: number) => (max <= 300 ? line(max) : prose(max));

const proposalBase = z.object({
	name: text(PROPOSAL_LIMITS.name),
	definition: text(PROPOSAL_LIMITS.definition),
	formula: text(PROPOSAL_LIMITS.formula),
	unit_of_measure: text(PROPOSAL_LIMITS.unit_of_measure),
	target: text(PROPOSAL_LIMITS.target),
	baseline: text(PROPOSAL_LIMITS.baseline),
	data_source: text(PROPOSAL_LIMITS.data_source),
	frequency: z.enum(FREQUENCIES, { message: 'proposal_choose' }),
	perspective: z.enum(PERSPECTIVES, { message: 'proposal_choose' }),
	aspect: z.enum(ASPECTS, { message: 'proposal_choose' }),
	kind: z.enum(KINDS, { message: 'proposal_choose' }),
	berakhlak_value: z
		.union([z.enum(BERAKHLAK_VALUES), z.literal('')])
		.optional()
		.transform((v) => v || null),
	unit_goal: text(PROPOSAL_LIMITS.unit_goal),
	fairness_rationale: text(PROPOSAL_LIMITS.fairness_rationale)
});

/** A perilaku kerja indicator names its BerAKHLAK value; a hasil kerja one carries none. */
function withBerakhlakRule<S extends z.ZodType<z.output<typeof proposalBase>>>(schema: S) {
	return schema
		.superRefine((v, ctx) => {
			if (v.kind === 'perilaku_kerja' && !v.berakhlak_value) {
				ctx.addIssue({
					code: 'custom',
					path: ['berakhlak_value'],
					message: 'proposal_berakhlak_required'
				});
			}
		})
		.transform((v) => ({
			...v,
			berakhlak_value: v.kind === 'perilaku_kerja' ? v.berakhlak_value : null
		}));
}

/** The structured fields of a proposal, shared by the form (client) and the action (server). */
export const proposalFieldsSchema = withBerakhlakRule(proposalBase);

export type ProposalFields = z.output<typeof proposalFieldsSchema>;

export const PROPOSAL_FIELD_NAMES = [
	'name',
	'definition',
	'formula',
	'unit_of_measure',
	'target',
	'baseline',
	'data_source',
	'frequency',
	'perspective',
	'aspect',
	'kind',
	'berakhlak_value',
	'unit_goal',
	'fairness_rationale'
] as const;

export const newProposalSchema = withBerakhlakRule(
	proposalBase.extend({
		client_token: clientToken,
		// Set by "submit anyway" after the similar proposals were shown.
		confirm_unique: z
			.string()
			.optional()
			.transform((v) => v === '1')
	})
);

export const revisionSchema = withBerakhlakRule(
	proposalBase.extend({
		reason: prose(PROPOSAL_LIMITS.reason)
	})
);

export const statusDecisionSchema = z.object({
	decision: z.enum(['shortlisted', 'not_shortlisted'], { message: 'proposal_choose' }),
	reason: prose(PROPOSAL_LIMITS.reason)
});

export const officialResponseSchema = z.object({
	response: prose(PROPOSAL_LIMITS.definition)
});

export const mergeSchema = z.object({
	target_id: idField,
	reason: prose(PROPOSAL_LIMITS.reason)
});
