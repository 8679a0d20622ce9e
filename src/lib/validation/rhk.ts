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
