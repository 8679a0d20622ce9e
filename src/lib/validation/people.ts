import { z } from 'zod';
import { idField, idQuery, line, optionalIdField, queryText } from './fields';
import { EMPLOYMENT_TYPES, POSITION_TYPES, ROLES } from '$lib/roles';
import { UNIT_KINDS } from '$lib/org';

const id = idField;
const optionalId = optionalIdField;

export const personEditSchema = z.object({
	fullName: line(200),
	orgUnitId: id,
	positionTitle: line(200),
	positionType: z.enum(POSITION_TYPES, { message: 'people_err_position_type' }),
	grade: line(20),
	employmentType: z.enum(EMPLOYMENT_TYPES)
});

export const rolesSchema = z.object({
	'roles[]': z.array(z.enum(ROLES)).max(ROLES.length).default([])
});

export const peopleQuerySchema = z.object({
	q: line(100, 0).catch('').default(''),
	unit: idQuery,
	sub: z.enum(['0', '1']).optional().catch(undefined),
	type: z.enum(POSITION_TYPES).optional().catch(undefined),
	status: z.enum(['active', 'disabled', 'all']).optional().catch(undefined),
	page: z.coerce.number().int().positive().max(100_000).optional().catch(undefined)
});

const unitCode = line(40)
	.transform((v) => v.toUpperCase())
	.pipe(z.string().regex(/^[A-Z0-9][A-Z0-9.-]*$/, { message: 'unit_err_code_format' }));

export const unitCreateSchema = z.object({
	code: unitCode,
	name: line(200),
	kind: z.enum(UNIT_KINDS, { message: 'unit_err_kind' }),
	parentId: optionalId
});

export const unitRenameSchema = z.object({
	name: line(200),
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
	actor: queryText(100),
	action: queryText(60),
	objectType: queryText(40),
	objectId: queryText(60),
	from: date,
	to: date,
	page: z.coerce.number().int().positive().max(1_000_000).optional().catch(undefined)
});
