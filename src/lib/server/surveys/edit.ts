import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Survey } from '$lib/server/db/schema/surveys';
import { recordAudit } from '$lib/server/audit';
import { inTransaction } from '$lib/server/db/errors';
import type { Scope } from '$lib/server/scope';
import type { ItemForm, SurveyForm } from '$lib/validation/surveys';
import { getSurvey, itemsLocked, surveyStatus, SurveyError } from './surveys';

/** OPDs a survey's scope can name: the active units directly under the regency (the root). */
export async function surveyOpds(db: Kysely<Database>) {
	return db
		.selectFrom('org_unit as u')
		.innerJoin('org_unit as root', 'root.id', 'u.parent_id')
		.select(['u.id', 'u.code', 'u.name'])
		.where('root.parent_id', 'is', null)
		.where('u.retired_at', 'is', null)
		.orderBy('u.name')
		.execute();
}

/** What a facilitator may change about a survey before it opens. */
function settingsOf(survey: Survey) {
	return {
		title: survey.title,
		description: survey.description,
		period: survey.period,
		scope: JSON.parse(survey.scope_json) as Scope,
		opensAt: survey.opens_at,
		closesAt: survey.closes_at,
		minGroupSize: survey.min_group_size
	};
}

/**
 * Changes a survey's title, description, period, scope, schedule and k. Only while nobody could
 * have answered yet: once it opens, a changed scope or period would mix two different surveys
 * under one name (and a changed k could expose a group that the old k hid). Audited.
 */
export async function updateSurvey(
	db: Kysely<Database>,
	actorId: number,
	surveyId: number,
	form: SurveyForm,
	now: Date = new Date()
): Promise<void> {
	const scope: Scope = {
		units: form['units[]'].map((id) => ({ id, descendants: true })),
		positionTypes: form['positionTypes[]']
	};
	await inTransaction(db, async (trx) => {
		const survey = await getSurvey(trx, surveyId);
		if (!survey) throw new SurveyError('survey_not_found');
		if (itemsLocked(survey, now)) throw new SurveyError('survey_edit_locked');
		// A scheduled survey whose new closing time has passed would never be answerable.
		if (surveyStatus(survey, now) === 'scheduled' && form.closesAt <= now.toISOString())
			throw new SurveyError('survey_close_in_past');
		const before = settingsOf(survey);
		const after = {
			title: form.title,
			description: form.description,
			period: form.period,
			scope,
			opensAt: form.opensAt,
			closesAt: form.closesAt,
			minGroupSize: form.minGroupSize
		};
		await trx
			.updateTable('survey')
			.set({
				title: after.title,
				description: after.description,
				period: after.period,
				scope_json: JSON.stringify(scope),
				opens_at: after.opensAt,
				closes_at: after.closesAt,
				min_group_size: after.minGroupSize,
				updated_at: now.toISOString()
			})
			.where('id', '=', surveyId)
			.execute();
		await recordAudit(
			trx,
			{ actorId, action: 'survey.update', objectType: 'survey', objectId: surveyId, before, after },
			now
		);
	});
}

/**
 * Rewords a facilitator's own item. Built-in items are worded by the catalogue (in both
 * languages) and stay as they are; every item is fixed once the survey opens. Audited.
 */
export async function updateItem(
	db: Kysely<Database>,
	actorId: number,
	surveyId: number,
	itemId: number,
	form: ItemForm,
	now: Date = new Date()
): Promise<void> {
	await inTransaction(db, async (trx) => {
		const survey = await getSurvey(trx, surveyId);
		if (!survey) throw new SurveyError('survey_not_found');
		if (itemsLocked(survey, now)) throw new SurveyError('survey_items_locked');
		const item = await trx
			.selectFrom('survey_item')
			.selectAll()
			.where('id', '=', itemId)
			.where('survey_id', '=', surveyId)
			.executeTakeFirst();
		if (!item) throw new SurveyError('survey_item_not_found');
		if (item.builtin_key) throw new SurveyError('survey_item_builtin');
		const set = {
			kind: form.kind,
			dimension: form.kind === 'likert' && form.dimension ? form.dimension : null,
			text: form.text,
			options_json: form.kind === 'choice' ? JSON.stringify(form.optionList) : null,
			required: form.required ? 1 : 0
		};
		await trx.updateTable('survey_item').set(set).where('id', '=', itemId).execute();
		await recordAudit(
			trx,
			{
				actorId,
				action: 'survey.item.update',
				objectType: 'survey',
				objectId: surveyId,
				before: {
					itemId,
					kind: item.kind,
					dimension: item.dimension,
					text: item.text,
					options: item.options_json,
					required: item.required
				},
				after: { itemId, ...set }
			},
			now
		);
	});
}

/**
 * Links the survey to a consultation round (or unlinks it, `roundId` null), so its results page
 * shows that round's per-indicator fairness. Allowed at any time: the link changes no question
 * and no answer, only which ratings are shown beside them. Audited.
 */
export async function linkRound(
	db: Kysely<Database>,
	actorId: number,
	surveyId: number,
	roundId: number | null,
	now: Date = new Date()
): Promise<void> {
	await inTransaction(db, async (trx) => {
		const survey = await getSurvey(trx, surveyId);
		if (!survey) throw new SurveyError('survey_not_found');
		if (roundId !== null) {
			const round = await trx
				.selectFrom('round')
				.select('id')
				.where('id', '=', roundId)
				.executeTakeFirst();
			if (!round) throw new SurveyError('survey_round_not_found');
		}
		if (survey.round_id === roundId) return;
		await trx
			.updateTable('survey')
			.set({ round_id: roundId, updated_at: now.toISOString() })
			.where('id', '=', surveyId)
			.execute();
		await recordAudit(
			trx,
			{
				actorId,
				action: 'survey.round.link',
				objectType: 'survey',
				objectId: surveyId,
				before: { roundId: survey.round_id },
				after: { roundId }
			},
			now
		);
	});
}
