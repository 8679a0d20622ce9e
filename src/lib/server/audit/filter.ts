import { auditFilterSchema } from '$lib/validation/people';
import type { AuditFilter } from './query';

/** Reads the audit filters from a URL; an invalid date is reported, other junk is ignored. */
export function auditFilterFromUrl(url: URL): {
	filter: AuditFilter;
	page: number;
	dateError: boolean;
} {
	const raw = Object.fromEntries(url.searchParams);
	const parsed = auditFilterSchema.safeParse(raw);
	if (parsed.success) {
		const { page, ...filter } = parsed.data;
		for (const k of Object.keys(filter) as (keyof AuditFilter)[]) if (!filter[k]) delete filter[k];
		return { filter, page: page ?? 1, dateError: false };
	}
	const { from: _from, to: _to, ...rest } = raw;
	const again = auditFilterSchema.safeParse(rest);
	const { page, ...filter } = again.success ? again.data : { page: 1 };
	return { filter, page: page ?? 1, dateError: true };
}
