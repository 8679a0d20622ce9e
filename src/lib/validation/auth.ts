import { z } from 'zod';
import { checkNip, normalizeNip } from '$lib/nip';
import { PASSWORD_MAX } from './password';

/** A NIP field: spaces and dots allowed while typing, structure checked, normalised on output. */
export const nipField = z
	.string()
	.trim()
	.min(1)
	.max(40)
	.transform((v, ctx) => {
		const check = checkNip(v);
		if (!check.ok) {
			ctx.addIssue({ code: 'custom', message: check.problem });
			return z.NEVER;
		}
		return normalizeNip(v);
	});

export const loginSchema = z.object({
	nip: nipField,
	password: z.string().min(1).max(PASSWORD_MAX)
});

export const newPasswordSchema = z
	.object({
		password: z.string().min(1).max(PASSWORD_MAX),
		confirm: z.string().min(1).max(PASSWORD_MAX)
	})
	.refine((v) => v.password === v.confirm, { message: 'password_mismatch', path: ['confirm'] });

export const changePasswordSchema = z
	.object({
		current: z.string().min(1).max(PASSWORD_MAX),
		password: z.string().min(1).max(PASSWORD_MAX),
		confirm: z.string().min(1).max(PASSWORD_MAX)
	})
	.refine((v) => v.password === v.confirm, { message: 'password_mismatch', path: ['confirm'] });

export const localeSchema = z.object({
	locale: z.enum(['id', 'en']),
	redirectTo: z.string().max(2000).optional()
});
