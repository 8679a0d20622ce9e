import { z } from 'zod';
import { intField, prose } from '$lib/validation/fields';

/** The value a rating radio group sends: a score, or "cj" for "cannot judge". */
export const RATING_CHOICES = ['1', '2', '3', '4', '5', 'cj'] as const;

export const fieldName = (criterionKey: string) => `c_${criterionKey}`;

/**
 * The rating form for a round's criteria: one choice per criterion (required), the iteration the
 * form was rendered for (so a replayed form is recognised), and an optional reason.
 */
export function ratingFormSchema(criterionKeys: readonly string[]) {
	// Built once per set of criteria: zod compiles a schema on first use, which costs more than a
	// whole rating submission would otherwise, and a round's criteria never change while rating.
	const id = criterionKeys.join('\u0000');
	let schema = schemas.get(id);
	if (!schema) {
		schema = buildSchema(criterionKeys);
		if (schemas.size >= 64) schemas.delete(schemas.keys().next().value!);
		schemas.set(id, schema);
	}
	return schema;
}

const schemas = new Map<string, ReturnType<typeof buildSchema>>();

function buildSchema(criterionKeys: readonly string[]) {
	const shape: Record<string, z.ZodType> = {
		iteration: intField(0, 100),
		reason: prose(1000, 0).optional().default('')
	};
	for (const key of criterionKeys) {
		shape[fieldName(key)] = z.enum(RATING_CHOICES, { message: 'rating_choose' });
	}
	return z.object(shape);
}

/** Form choices → criterion scores (null for "cannot judge"). */
export function scoresFrom(
	data: Record<string, unknown>,
	criterionKeys: readonly string[]
): Record<string, number | null> {
	return Object.fromEntries(
		criterionKeys.map((k) => {
			const v = data[fieldName(k)];
			return [k, v === 'cj' ? null : Number(v)];
		})
	);
}
