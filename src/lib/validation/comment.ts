import { z } from 'zod';
import { STANCES } from '$lib/proposals/fields';
import { clientToken } from './proposal';

export const COMMENT_MAX = 4000;
export const REASON_MAX = 500;

export const commentSchema = z.object({
	body: z.string().trim().min(1).max(COMMENT_MAX),
	stance: z.enum(STANCES, { message: 'comment_stance_required' }),
	parent_id: z
		.string()
		.optional()
		.transform((v, ctx) => {
			if (!v) return null;
			const n = Number(v);
			if (!Number.isInteger(n) || n <= 0) {
				ctx.addIssue({ code: 'custom', message: 'error_invalid' });
				return z.NEVER;
			}
			return n;
		}),
	client_token: clientToken
});

export const commentEditSchema = z.object({
	comment_id: z.coerce.number().int().positive(),
	body: z.string().trim().min(1).max(COMMENT_MAX),
	stance: z.enum(STANCES, { message: 'comment_stance_required' })
});

export const reportSchema = z.object({
	comment_id: z.coerce.number().int().positive(),
	reason: z.string().trim().min(1).max(REASON_MAX)
});

export const hideSchema = z.object({
	comment_id: z.coerce.number().int().positive(),
	reason: z.string().trim().min(1).max(REASON_MAX)
});
