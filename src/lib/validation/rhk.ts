import { z } from 'zod';

/** The single-RHK form; dates and unit codes are checked by the same rules as a file row. */
export const rhkFormSchema = z.object({
	unitCode: z.string().trim().max(40),
	periodStart: z.string().trim().max(20),
	periodEnd: z.string().trim().max(20),
	code: z.string().trim().max(40).default(''),
	text: z.string().max(2000)
});

export const rhkIdSchema = z.object({ id: z.coerce.number().int().positive() });

export const rhkQuerySchema = z.object({
	unit: z.coerce.number().int().positive().optional().catch(undefined),
	retired: z.enum(['1']).optional().catch(undefined)
});

/** A facilitator bases a round on the plans in force on a day, or on none (''). */
export const rhkBasisSchema = z.object({
	rhk_day: z
		.string()
		.trim()
		.regex(/^(\d{4}-\d{2}-\d{2})?$/, { message: 'error_invalid' })
		.transform((v) => v || null)
});

/** The proposer's choice: an RHK id with its cascading, or 'none' (an additional result). */
export const citationSchema = z
	.object({
		head_rhk: z
			.string()
			.trim()
			.regex(/^(none|[1-9]\d{0,9})$/, { message: 'rhk_error_choice_required' }),
		cascading: z.enum(['direct', 'indirect', '']).catch('')
	})
	.superRefine((v, ctx) => {
		if (v.head_rhk !== 'none' && !v.cascading) {
			ctx.addIssue({
				code: 'custom',
				path: ['cascading'],
				message: 'rhk_error_cascading_required'
			});
		}
	})
	.transform((v) =>
		v.head_rhk === 'none'
			? { rhkId: null }
			: { rhkId: Number(v.head_rhk), cascading: v.cascading as 'direct' | 'indirect' }
	);

export const rhkFilterSchema = z
	.union([z.literal('none'), z.coerce.number().int().positive()])
	.optional()
	.catch(undefined);
