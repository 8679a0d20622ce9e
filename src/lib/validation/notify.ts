import { z } from 'zod';

/** Indonesian mobile numbers as people type them (08…, 628…, +628…), stored as +628…. */
export function normalisePhone(raw: string): string | null {
	const digits = raw.replace(/[\s().-]/g, '');
	const m = /^(?:\+?62|0)(8\d{7,12})$/.exec(digits);
	return m ? `+62${m[1]}` : null;
}

const checkbox = z
	.string()
	.optional()
	.transform((v) => v === 'on');

/** The notification section of the profile page. */
export const notifySettingsSchema = z
	.object({
		email: z
			.string()
			.trim()
			.max(254)
			.transform((v) => v || null)
			.pipe(z.email({ message: 'notify_error_email' }).nullable()),
		phone: z
			.string()
			.trim()
			.max(30)
			.transform((v, ctx) => {
				if (!v) return null;
				const phone = normalisePhone(v);
				if (!phone) ctx.addIssue({ code: 'custom', message: 'notify_error_phone' });
				return phone;
			}),
		phone_consent: checkbox,
		digest: checkbox,
		/** `kind:channel` pairs left on. */
		'on[]': z.array(z.string().max(60)).max(50).default([])
	})
	.refine((v) => !v.phone || v.phone_consent, {
		message: 'notify_error_consent',
		path: ['phone_consent']
	});
