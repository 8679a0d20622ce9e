import { randomBytes } from 'node:crypto';
import { normaliseText, textProblem } from '$lib/validation/fields';
import { PostgresAdapter, type Kysely, type Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Survey, SurveyItem } from '$lib/server/db/schema/surveys';
import { inTransaction, isUniqueViolation } from '$lib/server/db/errors';
import { eligiblePeople, isInScope } from '$lib/server/scope';
import { unitTree } from '$lib/server/org/units';
import { SURVEY_TEXT_MAX } from '$lib/validation/surveys';
import { getItems, surveyScope, surveyStatus } from './surveys';

type Db = Kysely<Database> | Transaction<Database>;

export type AnswerValue = number | string;
export type Answers = Record<string, AnswerValue>;

export type SubmitResult =
	{ ok: true } | { ok: false; status: number; key: string; errors?: Record<string, string> };

/** Field name of an item in the answer form. */
export const fieldName = (itemId: number) => `q${itemId}`;

/**
 * Checks submitted form values against the survey's items. Returns the answers keyed by item id,
 * or message keys per field. Unknown fields are ignored; nothing is stored here.
 */
export function validateAnswers(
	items: SurveyItem[],
	raw: Record<string, unknown>
): { ok: true; answers: Answers } | { ok: false; errors: Record<string, string> } {
	const answers: Answers = {};
	const errors: Record<string, string> = {};
	for (const item of items) {
		const name = fieldName(item.id);
		const value = typeof raw[name] === 'string' ? (raw[name] as string).trim() : '';
		if (value === '') {
			if (item.required) errors[name] = 'survey_answer_required';
			continue;
		}
		if (item.kind === 'likert') {
			if (!/^[1-5]$/.test(value)) errors[name] = 'survey_answer_out_of_range';
			else answers[item.id] = Number(value);
		} else if (item.kind === 'choice') {
			const options: string[] = JSON.parse(item.options_json ?? '[]');
			const index = /^\d{1,2}$/.test(value) ? Number(value) : -1;
			if (index < 0 || index >= options.length) errors[name] = 'survey_answer_out_of_range';
			else answers[item.id] = index;
		} else {
			const problem = textProblem(value, true);
			if (problem) errors[name] = problem;
			else if (value.length > SURVEY_TEXT_MAX) errors[name] = 'survey_answer_too_long';
			else answers[item.id] = normaliseText(value);
		}
	}
	return Object.keys(errors).length ? { ok: false, errors } : { ok: true, answers };
}

/** The OPD of a unit: its ancestor directly under the root (the regency), or null for the root. */
export function opdOf(parentOf: Map<number, number | null>, unitId: number): number | null {
	let current = unitId;
	for (let guard = 0; guard < 32; guard++) {
		const parent = parentOf.get(current);
		if (parent === undefined || parent === null) return null;
		if ((parentOf.get(parent) ?? null) === null) return current;
		current = parent;
	}
	return null;
}

async function parentMap(db: Db): Promise<Map<number, number | null>> {
	const children = await unitTree(db as Kysely<Database>);
	const parentOf = new Map<number, number | null>();
	for (const [parent, kids] of children) for (const kid of kids) parentOf.set(kid, parent);
	return parentOf;
}

/**
 * The coarse group a response is filed under. A group attribute is kept only when at least k
 * people in the survey's scope share it, so that the stored row never narrows down to fewer
 * than k people: the OPD if the OPD has k eligible people, the position type if k eligible
 * people share it within that OPD (or within the whole scope when the OPD is dropped).
 */
export async function coarseGroup(
	db: Db,
	survey: Survey,
	person: { org_unit_id: number; position_type: string }
): Promise<{ opd: number | null; positionType: string | null }> {
	const parentOf = await parentMap(db);
	const k = survey.min_group_size;
	const q = await eligiblePeople(db as Kysely<Database>, surveyScope(survey));
	const counts = await q
		.select(['person.org_unit_id', 'person.position_type'])
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.groupBy(['person.org_unit_id', 'person.position_type'])
		.execute();
	const myOpd = opdOf(parentOf, person.org_unit_id);
	let inOpd = 0;
	for (const c of counts) if (opdOf(parentOf, c.org_unit_id) === myOpd) inOpd += Number(c.n);
	const opd = myOpd !== null && inOpd >= k ? myOpd : null;
	let sameType = 0;
	for (const c of counts) {
		if (c.position_type !== person.position_type) continue;
		if (opd === null || opdOf(parentOf, c.org_unit_id) === opd) sameType += Number(c.n);
	}
	return { opd, positionType: sameType >= k ? person.position_type : null };
}

function isPostgres(db: Db): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** How many earlier responses each PostgreSQL submission rewrites along with the new one. */
export const PG_MIX_SIZE = 100;

/**
 * PostgreSQL keeps rows roughly in insertion order (ctid) and stamps each with its inserting
 * transaction (xmin) — the same transaction that wrote the participation marker. So the new
 * response is written together with up to `mix` earlier responses of the survey (a run of ids
 * from a random point), all deleted and written back in id order inside this transaction: the
 * new response's xmin and place are shared with those companions, and no query can tell which
 * of them was just submitted. Rewriting every response instead grows with the survey (seconds
 * per answer at a few thousand); this costs the same at any size. (SQLite keeps WITHOUT ROWID
 * rows in primary-key order and has no per-row transaction id.)
 */
async function insertMixed(
	trx: Transaction<Database>,
	row: Database['survey_response'],
	mix: number
) {
	const start = randomBytes(16).toString('hex');
	const after = await trx
		.selectFrom('survey_response')
		.selectAll()
		.where('survey_id', '=', row.survey_id)
		.where('id', '>=', start)
		.orderBy('id')
		.limit(mix)
		.execute();
	const wrapped =
		after.length < mix
			? await trx
					.selectFrom('survey_response')
					.selectAll()
					.where('survey_id', '=', row.survey_id)
					.where('id', '<', start)
					.orderBy('id')
					.limit(mix - after.length)
					.execute()
			: [];
	const companions = [...after, ...wrapped];
	if (companions.length) {
		await trx
			.deleteFrom('survey_response')
			.where(
				'id',
				'in',
				companions.map((c) => c.id)
			)
			.execute();
	}
	const rows = [...companions, row].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	await trx.insertInto('survey_response').values(rows).execute();
}

/**
 * Stores one person's answers. The participation marker and the answers are written in one
 * transaction, and share nothing but the survey id: the answers carry a random id, the coarse
 * group and no time. A second submission (sequential or concurrent) is refused by the
 * (survey, person) primary key and leaves nothing behind.
 */
export async function submitResponse(
	db: Kysely<Database>,
	surveyId: number,
	personId: number,
	raw: Record<string, unknown>,
	now: Date = new Date(),
	options: { mix?: number } = {}
): Promise<SubmitResult> {
	const refuse = (status: number, key: string, errors?: Record<string, string>): SubmitResult => ({
		ok: false,
		status,
		key,
		errors
	});
	try {
		return await inTransaction(db, async (trx) => {
			let lookup = trx.selectFrom('survey').selectAll().where('id', '=', surveyId);
			// Serialises submissions to one survey on PostgreSQL (SQLite serialises all writes).
			if (isPostgres(trx)) lookup = lookup.forUpdate();
			const survey = await lookup.executeTakeFirst();
			if (!survey) return refuse(404, 'survey_not_found');
			const status = surveyStatus(survey, now);
			if (status !== 'open') {
				return refuse(409, status === 'closed' ? 'survey_closed' : 'survey_not_open');
			}
			const person = await trx
				.selectFrom('person')
				.select(['id', 'org_unit_id', 'position_type'])
				.where('id', '=', personId)
				.executeTakeFirst();
			if (!person || !(await isInScope(trx as Kysely<Database>, surveyScope(survey), personId))) {
				return refuse(403, 'survey_out_of_scope');
			}
			const already = await trx
				.selectFrom('survey_participation')
				.select('person_id')
				.where('survey_id', '=', surveyId)
				.where('person_id', '=', personId)
				.executeTakeFirst();
			if (already) return refuse(409, 'survey_already_answered');
			const checked = validateAnswers(await getItems(trx, surveyId), raw);
			if (!checked.ok) return refuse(400, 'survey_answers_invalid', checked.errors);

			const group = await coarseGroup(trx, survey, person);
			await trx
				.insertInto('survey_participation')
				.values({ survey_id: surveyId, person_id: personId })
				.execute();
			const row = {
				id: randomBytes(16).toString('hex'),
				survey_id: surveyId,
				opd_unit_id: group.opd,
				position_type: group.positionType,
				answers_json: JSON.stringify(checked.answers)
			};
			if (isPostgres(trx)) await insertMixed(trx, row, options.mix ?? PG_MIX_SIZE);
			else await trx.insertInto('survey_response').values(row).execute();
			return { ok: true } as const;
		});
	} catch (e) {
		// The concurrent twin of a submission loses on the primary key; its transaction rolled back.
		if (isUniqueViolation(e)) return refuse(409, 'survey_already_answered');
		throw e;
	}
}

export async function hasAnswered(db: Db, surveyId: number, personId: number): Promise<boolean> {
	const row = await db
		.selectFrom('survey_participation')
		.select('person_id')
		.where('survey_id', '=', surveyId)
		.where('person_id', '=', personId)
		.executeTakeFirst();
	return !!row;
}
