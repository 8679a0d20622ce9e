import { z } from 'zod';
import { EMPLOYMENT_TYPES, POSITION_TYPES, ROLES } from '$lib/roles';
import { UNIT_KINDS } from '$lib/org';

const id = z.coerce.number().int().positive();
const optionalId = z
	.string()
	.optional()
	.transform((v) => (v ? Number(v) : null))
	.pipe(z.number().int().positive().nullable());

export const personEditSchema = z.object({
	fullName: z.string().trim().min(1).max(200),
	orgUnitId: id,
	positionTitle: z.string().trim().min(1).max(200),
	positionType: z.enum(POSITION_TYPES, { message: 'people_err_position_type' }),
	grade: z.string().trim().min(1).max(20),
	employmentType: z.enum(EMPLOYMENT_TYPES)
});

export const rolesSchema = z.object({
	'roles[]': z.array(z.enum(ROLES)).max(ROLES.length).default([])
});

export const peopleQuerySchema = z.object({
	q: z.string().trim().max(100).optional().default(''),
	unit: z.coerce.number().int().positive().optional().catch(undefined),
	sub: z.enum(['0', '1']).optional().catch(undefined),
	type: z.enum(POSITION_TYPES).optional().catch(undefined),
	status: z.enum(['active', 'disabled', 'all']).optional().catch(undefined),
	page: z.coerce.number().int().positive().max(100_000).optional().catch(undefined)
});

const unitCode = z
	.string()
	.trim()
	.toUpperCase()
	.min(1)
	.max(40)
	.regex(/^[A-Z0-9][A-Z0-9.-]*$/, { message: 'unit_err_code_format' });

export const unitCreateSchema = z.object({
	code: unitCode,
	name: z.string().trim().min(1).max(200),
	kind: z.enum(UNIT_KINDS, { message: 'unit_err_kind' }),
	parentId: optionalId
});

export const unitRenameSchema = z.object({
	name: z.string().trim().min(1).max(200),
	kind: z.enum(UNIT_KINDS, { message: 'unit_err_kind' })
});

export const unitMoveSchema = z.object({ parentId: optionalId });
export const unitRetireSchema = z.object({ moveTo: optionalId });

const date = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'audit_err_date' })
	.optional()
	.or(z.literal('').transform(() => undefined));

export const auditFilterSchema = z.object({
	actor: z.string().trim().max(100).optional(),
	action: z.string().trim().max(60).optional(),
	objectType: z.string().trim().max(40).optional(),
	objectId: z.string().trim().max(60).optional(),
	from: date,
	to: date,
	page: z.coerce.number().int().positive().max(1_000_000).optional().catch(undefined)
});
