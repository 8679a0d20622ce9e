import { z } from 'zod';
import { idField, intField, line, prose } from './fields';
import { POSITION_TYPES } from '$lib/roles';

export const SURVEY_TEXT_MAX = 2000;
export const CHOICE_OPTIONS_MAX = 10;

/** `datetime-local` values are read as Western Indonesia Time (WIB, UTC+7, no daylight saving). */
export const SURVEY_UTC_OFFSET = '+07:00';

const localDateTime = z
	.string()
	.trim()
	.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { message: 'survey_datetime_invalid' })
	.transform((v, ctx) => {
		const d = new Date(`${v}:00${SURVEY_UTC_OFFSET}`);
		if (Number.isNaN(d.getTime())) {
			ctx.addIssue({ code: 'custom', message: 'survey_datetime_invalid' });
			return z.NEVER;
		}
		return d.toISOString();
	});

const checkbox = z
	.union([z.literal('on'), z.literal('1'), z.literal('')])
	.optional()
	.transform((v) => v === 'on' || v === '1');

export const surveyFormSchema = z
	.object({
		title: line(200, 3),
		description: prose(2000, 0).default(''),
		period: line(40),
		opensAt: localDateTime,
		closesAt: localDateTime,
		minGroupSize: intField(3, 50, 'survey_k_invalid'),
		'units[]': z.array(idField).max(500).default([]),
		'positionTypes[]': z.array(z.enum(POSITION_TYPES)).max(POSITION_TYPES.length).default([]),
		builtin: checkbox
	})
	.refine((v) => v.closesAt > v.opensAt, {
		message: 'survey_close_before_open',
		path: ['closesAt']
	});

export type SurveyForm = z.output<typeof surveyFormSchema>;

export const itemFormSchema = z
	.object({
		kind: z.enum(['likert', 'choice', 'text']),
		text: prose(500, 3),
		dimension: z
			.enum(['', 'distributive', 'procedural', 'interpersonal', 'informational'])
			.default(''),
		options: prose(2000, 0).default(''),
		required: checkbox
	})
	.transform((v) => ({
		...v,
		optionList: v.options
			.split('\n')
			.map((o) => o.trim())
			.filter(Boolean)
	}))
	.refine(
		(v) =>
			v.kind !== 'choice' ||
			(v.optionList.length >= 2 && v.optionList.length <= CHOICE_OPTIONS_MAX),
		{ message: 'survey_item_options_invalid', path: ['options'] }
	);

export type ItemForm = z.output<typeof itemFormSchema>;

export const hideTextSchema = z.object({
	responseId: z.string().regex(/^[0-9a-f]{32}$/),
	itemId: idField,
	reason: prose(500, 5)
});

/** The consultation round a survey is linked to; empty for none. */
export const roundLinkSchema = z.object({
	roundId: z.preprocess((v) => (v === undefined || v === '' ? null : v), idField.nullable())
});
