/**
 * The built-in organisational-justice instrument (after Colquitt's four dimensions), worded for
 * the SKP appraisal with concrete referents. The wording lives in the message catalogue
 * (`fairness_item_<key>`), so each person reads it in their own language.
 */
export const DIMENSIONS = ['distributive', 'procedural', 'interpersonal', 'informational'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const ITEM_KINDS = ['likert', 'choice', 'text'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export interface BuiltinItem {
	key: string;
	kind: ItemKind;
	dimension: Dimension | null;
	required: boolean;
}

const likert = (dimension: Dimension, n: number): BuiltinItem => ({
	key: `${dimension.slice(0, 4)}_${n}`,
	kind: 'likert',
	dimension,
	required: true
});

export const BUILTIN_ITEMS: BuiltinItem[] = [
	...DIMENSIONS.flatMap((d) => [1, 2, 3, 4, 5].map((n) => likert(d, n))),
	{ key: 'open_1', kind: 'text', dimension: null, required: false }
];

export function isDimension(value: unknown): value is Dimension {
	return typeof value === 'string' && (DIMENSIONS as readonly string[]).includes(value);
}
