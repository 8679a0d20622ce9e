import { fail } from '@sveltejs/kit';
import { idField } from '$lib/validation/fields';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { parseForm, translate } from '$lib/server/forms';
import { countEligible } from '$lib/server/scope';
import { itemView, surveyFromParam } from '$lib/server/surveys';
import {
	addItem,
	changeSchedule,
	getItems,
	itemsLocked,
	moveItem,
	removeItem,
	surveyScope,
	surveyStatus,
	SurveyError
} from '$lib/server/surveys/surveys';
import { itemFormSchema, surveyFormSchema } from '$lib/validation/surveys';
import { surveyOpds, updateItem, updateSurvey } from '$lib/server/surveys/edit';
import { POSITION_TYPES } from '$lib/roles';
import { toWibInput } from '$lib/surveys/format';
import { surveyParticipation } from '$lib/server/disclosure/participation';

export const load = (async ({ params }) => {
	requireRole('facilitator');
	const survey = await surveyFromParam(db, params.id);
	const scope = surveyScope(survey);
	const unitIds = scope.units.map((u) => u.id);
	const units = unitIds.length
		? await db
				.selectFrom('org_unit')
				.select(['id', 'name'])
				.where('id', 'in', unitIds)
				.orderBy('name')
				.execute()
		: [];
	const locked = itemsLocked(survey);
	const eligible = await countEligible(db, scope);
	const round =
		survey.round_id === null
			? undefined
			: await db
					.selectFrom('round')
					.select(['id', 'title'])
					.where('id', '=', survey.round_id)
					.executeTakeFirst();
	return {
		survey: {
			id: survey.id,
			title: survey.title,
			period: survey.period,
			round: round ?? null,
			opensAt: survey.opens_at,
			closesAt: survey.closes_at,
			k: survey.min_group_size
		},
		status: surveyStatus(survey),
		locked,
		// The edit form, only while the survey can still be changed.
		edit: locked
			? null
			: {
					opds: await surveyOpds(db),
					positionTypes: [...POSITION_TYPES],
					values: {
						title: survey.title,
						description: survey.description,
						period: survey.period,
						opensAt: toWibInput(new Date(survey.opens_at)),
						closesAt: toWibInput(new Date(survey.closes_at)),
						minGroupSize: String(survey.min_group_size)
					},
					units: unitIds.map(String),
					chosenTypes: scope.positionTypes as string[]
				},
		units: units.map((u) => u.name),
		positionTypes: scope.positionTypes,
		eligible,
		// A band while the survey is open (disclosure/participation): never +1 per answer.
		participation: await surveyParticipation(db, survey, eligible),
		items: (await getItems(db, survey.id)).map(itemView)
	};
}) satisfies PageServerLoad;

const itemRef = z.object({ itemId: idField });
const moveSchema = itemRef.extend({ direction: z.enum(['up', 'down']) });

/** Runs a domain change, turning its refusals into a 409 with the localised reason. */
async function attempt(run: () => Promise<unknown>, success: string) {
	try {
		await run();
		return { success };
	} catch (e) {
		if (e instanceof SurveyError) return fail(409, { message: translate(e.key) });
		throw e;
	}
}

export const actions = {
	update: async ({ params, request }) => {
		const user = requireRole('facilitator');
		const survey = await surveyFromParam(db, params.id);
		const formData = await request.formData();
		const parsed = parseForm(surveyFormSchema, formData, [
			'title',
			'description',
			'period',
			'opensAt',
			'closesAt',
			'minGroupSize'
		]);
		const echo = {
			units: formData.getAll('units[]').map(String),
			positionTypes: formData.getAll('positionTypes[]').map(String)
		};
		if (!parsed.ok) {
			return fail(400, {
				edit: { errors: parsed.errors, values: parsed.values, ...echo },
				message: m.error_form()
			});
		}
		const known = new Set((await surveyOpds(db)).map((u) => u.id));
		if (parsed.data['units[]'].some((id) => !known.has(id))) {
			return fail(400, {
				edit: { errors: { 'units[]': m.error_invalid() }, values: {}, ...echo },
				message: m.error_form()
			});
		}
		return attempt(() => updateSurvey(db, user.id, survey.id, parsed.data), m.survey_updated_ok());
	},
	updateItem: async ({ params, request }) => {
		const user = requireRole('facilitator');
		const survey = await surveyFromParam(db, params.id);
		const formData = await request.formData();
		const ref = itemRef.safeParse({ itemId: formData.get('itemId') });
		if (!ref.success) return fail(400, { message: m.error_invalid() });
		const parsed = parseForm(itemFormSchema, formData, ['kind', 'text', 'dimension', 'options']);
		if (!parsed.ok) {
			return fail(400, {
				itemEdit: { itemId: ref.data.itemId, errors: parsed.errors, values: parsed.values },
				message: m.error_form()
			});
		}
		return attempt(
			() => updateItem(db, user.id, survey.id, ref.data.itemId, parsed.data),
			m.survey_item_updated()
		);
	},
	addItem: async ({ params, request }) => {
		const user = requireRole('facilitator');
		const survey = await surveyFromParam(db, params.id);
		const parsed = parseForm(itemFormSchema, await request.formData(), [
			'kind',
			'text',
			'dimension',
			'options'
		]);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		return attempt(() => addItem(db, user.id, survey.id, parsed.data), m.survey_item_added());
	},
	move: async ({ params, request }) => {
		const user = requireRole('facilitator');
		const survey = await surveyFromParam(db, params.id);
		const parsed = parseForm(moveSchema, await request.formData());
		if (!parsed.ok) return fail(400, { message: m.error_invalid() });
		return attempt(
			() => moveItem(db, user.id, survey.id, parsed.data.itemId, parsed.data.direction),
			m.survey_item_moved()
		);
	},
	remove: async ({ params, request }) => {
		const user = requireRole('facilitator');
		const survey = await surveyFromParam(db, params.id);
		const parsed = parseForm(itemRef, await request.formData());
		if (!parsed.ok) return fail(400, { message: m.error_invalid() });
		return attempt(
			() => removeItem(db, user.id, survey.id, parsed.data.itemId),
			m.survey_item_removed()
		);
	},
	schedule: async ({ params }) => {
		const user = requireRole('facilitator');
		const survey = await surveyFromParam(db, params.id);
		return attempt(
			() => changeSchedule(db, user.id, survey.id, 'schedule'),
			m.survey_scheduled_ok()
		);
	},
	openNow: async ({ params }) => {
		const user = requireRole('facilitator');
		const survey = await surveyFromParam(db, params.id);
		return attempt(() => changeSchedule(db, user.id, survey.id, 'openNow'), m.survey_opened_ok());
	},
	closeNow: async ({ params }) => {
		const user = requireRole('facilitator');
		const survey = await surveyFromParam(db, params.id);
		return attempt(() => changeSchedule(db, user.id, survey.id, 'closeNow'), m.survey_closed_ok());
	}
} satisfies Actions;
