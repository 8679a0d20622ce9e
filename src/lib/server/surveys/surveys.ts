import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Survey, SurveyItem } from '$lib/server/db/schema/surveys';
import { recordAudit } from '$lib/server/audit';
import { inTransaction } from '$lib/server/db/errors';
import { isInScope, parseScope, type Scope } from '$lib/server/scope';
import type { SessionUser } from '$lib/server/auth/session';
import type { ItemForm, SurveyForm } from '$lib/validation/surveys';
import { BUILTIN_ITEMS } from './instrument';

type Db = Kysely<Database> | Transaction<Database>;

export type SurveyStatus = 'draft' | 'scheduled' | 'open' | 'closed';

/** Where a survey stands at `now`; the schedule, not a flag, decides whether it is open. */
export function surveyStatus(
	survey: Pick<Survey, 'status' | 'opens_at' | 'closes_at'>,
	now: Date = new Date()
): SurveyStatus {
	if (survey.status !== 'scheduled') return 'draft';
	const t = now.toISOString();
	if (t < survey.opens_at) return 'scheduled';
	if (t < survey.closes_at) return 'open';
	return 'closed';
}

/** Items are fixed once anyone could have answered: changing them then would mix two surveys. */
export function itemsLocked(survey: Survey, now: Date = new Date()): boolean {
	const s = surveyStatus(survey, now);
	return s === 'open' || s === 'closed';
}

export class SurveyError extends Error {
	constructor(public readonly key: string) {
		super(key);
	}
}

export async function getSurvey(db: Db, id: number): Promise<Survey | undefined> {
	return db.selectFrom('survey').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getItems(db: Db, surveyId: number): Promise<SurveyItem[]> {
	return db
		.selectFrom('survey_item')
		.selectAll()
		.where('survey_id', '=', surveyId)
		.orderBy('position')
		.orderBy('id')
		.execute();
}

export function surveyScope(survey: Survey): Scope {
	return parseScope(survey.scope_json);
}

/** Creates a draft survey, with the built-in instrument unless asked otherwise. Audited. */
export async function createSurvey(
	db: Kysely<Database>,
	actorId: number,
	form: SurveyForm & { roundId?: number | null },
	now: Date = new Date()
): Promise<number> {
	const scope: Scope = {
		units: form['units[]'].map((id) => ({ id, descendants: true })),
		positionTypes: form['positionTypes[]']
	};
	return inTransaction(db, async (trx) => {
		const row = await trx
			.insertInto('survey')
			.values({
				title: form.title,
				description: form.description,
				period: form.period,
				round_id: form.roundId ?? null,
				scope_json: JSON.stringify(scope),
				status: 'draft',
				opens_at: form.opensAt,
				closes_at: form.closesAt,
				min_group_size: form.minGroupSize,
				created_by: actorId,
				created_at: now.toISOString(),
				updated_at: now.toISOString()
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		if (form.builtin) {
			await trx
				.insertInto('survey_item')
				.values(
					BUILTIN_ITEMS.map((item, i) => ({
						survey_id: row.id,
						position: i + 1,
						kind: item.kind,
						dimension: item.dimension,
						builtin_key: item.key,
						text: '',
						options_json: null,
						required: item.required ? 1 : 0
					}))
				)
				.execute();
		}
		await recordAudit(
			trx,
			{
				actorId,
				action: 'survey.create',
				objectType: 'survey',
				objectId: row.id,
				after: { title: form.title, period: form.period, scope, builtin: form.builtin }
			},
			now
		);
		return row.id;
	});
}

async function lockedCheck(trx: Db, surveyId: number, now: Date): Promise<Survey> {
	const survey = await getSurvey(trx, surveyId);
	if (!survey) throw new SurveyError('survey_not_found');
	if (itemsLocked(survey, now)) throw new SurveyError('survey_items_locked');
	return survey;
}

/** Adds a facilitator's own item at the end. Refused once the survey has opened. */
export async function addItem(
	db: Kysely<Database>,
	actorId: number,
	surveyId: number,
	form: ItemForm,
	now: Date = new Date()
): Promise<number> {
	return inTransaction(db, async (trx) => {
		await lockedCheck(trx, surveyId, now);
		const last = await trx
			.selectFrom('survey_item')
			.select((eb) => eb.fn.max('position').as('p'))
			.where('survey_id', '=', surveyId)
			.executeTakeFirst();
		const row = await trx
			.insertInto('survey_item')
			.values({
				survey_id: surveyId,
				position: Number(last?.p ?? 0) + 1,
				kind: form.kind,
				dimension: form.kind === 'likert' && form.dimension ? form.dimension : null,
				builtin_key: null,
				text: form.text,
				options_json: form.kind === 'choice' ? JSON.stringify(form.optionList) : null,
				required: form.required ? 1 : 0
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(
			trx,
			{
				actorId,
				action: 'survey.item.add',
				objectType: 'survey',
				objectId: surveyId,
				after: { itemId: row.id, kind: form.kind, text: form.text, options: form.optionList }
			},
			now
		);
		return row.id;
	});
}

/** Moves an item one place up or down (swapping positions). */
export async function moveItem(
	db: Kysely<Database>,
	actorId: number,
	surveyId: number,
	itemId: number,
	direction: 'up' | 'down',
	now: Date = new Date()
): Promise<void> {
	await inTransaction(db, async (trx) => {
		await lockedCheck(trx, surveyId, now);
		const items = await getItems(trx, surveyId);
		const i = items.findIndex((it) => it.id === itemId);
		if (i < 0) throw new SurveyError('survey_item_not_found');
		const j = direction === 'up' ? i - 1 : i + 1;
		if (j < 0 || j >= items.length) return;
		[items[i], items[j]] = [items[j], items[i]];
		// Renumber all: positions stay dense even if earlier edits left gaps or ties.
		for (let p = 0; p < items.length; p++) {
			await trx
				.updateTable('survey_item')
				.set({ position: p + 1 })
				.where('id', '=', items[p].id)
				.execute();
		}
		await recordAudit(
			trx,
			{
				actorId,
				action: 'survey.item.move',
				objectType: 'survey',
				objectId: surveyId,
				after: { itemId, direction }
			},
			now
		);
	});
}

export async function removeItem(
	db: Kysely<Database>,
	actorId: number,
	surveyId: number,
	itemId: number,
	now: Date = new Date()
): Promise<void> {
	await inTransaction(db, async (trx) => {
		await lockedCheck(trx, surveyId, now);
		const item = await trx
			.selectFrom('survey_item')
			.selectAll()
			.where('id', '=', itemId)
			.where('survey_id', '=', surveyId)
			.executeTakeFirst();
		if (!item) throw new SurveyError('survey_item_not_found');
		await trx.deleteFrom('survey_item').where('id', '=', itemId).execute();
		await recordAudit(
			trx,
			{
				actorId,
				action: 'survey.item.remove',
				objectType: 'survey',
				objectId: surveyId,
				before: { itemId, kind: item.kind, builtinKey: item.builtin_key, text: item.text }
			},
			now
		);
	});
}

/**
 * Changes the schedule: 'schedule' publishes the planned dates, 'openNow' opens at once,
 * 'closeNow' ends the answering period. Audited.
 */
export async function changeSchedule(
	db: Kysely<Database>,
	actorId: number,
	surveyId: number,
	change: 'schedule' | 'openNow' | 'closeNow',
	now: Date = new Date()
): Promise<void> {
	await inTransaction(db, async (trx) => {
		const survey = await getSurvey(trx, surveyId);
		if (!survey) throw new SurveyError('survey_not_found');
		const status = surveyStatus(survey, now);
		const t = now.toISOString();
		let set: Partial<Pick<Survey, 'status' | 'opens_at' | 'closes_at'>>;
		if (change === 'schedule') {
			if (status !== 'draft') throw new SurveyError('survey_schedule_invalid');
			if (survey.closes_at <= t) throw new SurveyError('survey_close_in_past');
			const items = await getItems(trx, surveyId);
			if (items.length === 0) throw new SurveyError('survey_no_items');
			set = { status: 'scheduled' };
		} else if (change === 'openNow') {
			if (status !== 'draft' && status !== 'scheduled')
				throw new SurveyError('survey_schedule_invalid');
			const items = await getItems(trx, surveyId);
			if (items.length === 0) throw new SurveyError('survey_no_items');
			if (survey.closes_at <= t) throw new SurveyError('survey_close_in_past');
			set = { status: 'scheduled', opens_at: t };
		} else {
			if (status !== 'open') throw new SurveyError('survey_schedule_invalid');
			set = { closes_at: t };
		}
		await trx
			.updateTable('survey')
			.set({ ...set, updated_at: t })
			.where('id', '=', surveyId)
			.execute();
		await recordAudit(
			trx,
			{
				actorId,
				action: `survey.${change}`,
				objectType: 'survey',
				objectId: surveyId,
				before: { status: survey.status, opensAt: survey.opens_at, closesAt: survey.closes_at },
				after: set
			},
			now
		);
	});
}

export interface SurveyListEntry {
	survey: Survey;
	status: SurveyStatus;
	answered: boolean;
}

/** Surveys a person can answer now or could answer soon: scheduled, in scope. */
export async function surveysForRespondent(
	db: Db,
	user: SessionUser,
	now: Date = new Date()
): Promise<SurveyListEntry[]> {
	const rows = await db
		.selectFrom('survey')
		.selectAll()
		.where('status', '=', 'scheduled')
		.orderBy('closes_at', 'desc')
		.execute();
	const answered = new Set(
		(
			await db
				.selectFrom('survey_participation')
				.select('survey_id')
				.where('person_id', '=', user.id)
				.execute()
		).map((r) => r.survey_id)
	);
	const out: SurveyListEntry[] = [];
	for (const survey of rows) {
		const status = surveyStatus(survey, now);
		if (status === 'closed' && !answered.has(survey.id)) continue;
		if (!(await isInScope(db as Kysely<Database>, surveyScope(survey), user.id))) continue;
		out.push({ survey, status, answered: answered.has(survey.id) });
	}
	return out;
}

export async function allSurveys(db: Db, now: Date = new Date()): Promise<SurveyListEntry[]> {
	const rows = await db
		.selectFrom('survey')
		.selectAll()
		.orderBy('opens_at', 'desc')
		.orderBy('id', 'desc')
		.execute();
	return rows.map((survey) => ({ survey, status: surveyStatus(survey, now), answered: false }));
}
