import { z } from 'zod';
import { idField, optionalIdField, prose } from './fields';
import { STANCES } from '$lib/proposals/fields';
import { clientToken } from './proposal';

export const COMMENT_MAX = 4000;
export const REASON_MAX = 500;

export const commentSchema = z.object({
	body: prose(COMMENT_MAX),
	stance: z.enum(STANCES, { message: 'comment_stance_required' }),
	parent_id: optionalIdField,
	client_token: clientToken
});

export const commentEditSchema = z.object({
	comment_id: idField,
	body: prose(COMMENT_MAX),
	stance: z.enum(STANCES, { message: 'comment_stance_required' })
});

export const reportSchema = z.object({
	comment_id: idField,
	reason: prose(REASON_MAX)
});

export const hideSchema = z.object({
	comment_id: idField,
	reason: prose(REASON_MAX)
});
