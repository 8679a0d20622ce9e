import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import {
	addItem,
	changeSchedule,
	createSurvey,
	getItems,
	getSurvey,
	moveItem,
	removeItem,
	SurveyError
} from '$lib/server/surveys/surveys';
import { updateItem, updateSurvey } from '$lib/server/surveys/edit';
import type { ItemForm, SurveyForm } from '$lib/validation/surveys';

let t: TestDb;
let facilitator: number;
let opdA: number;
let opdB: number;

const HOUR = 3600_000;
const t0 = new Date('2026-06-01T01:00:00Z');
const opens = new Date(t0.getTime() + 2 * HOUR);
const closes = new Date(t0.getTime() + 48 * HOUR);
const whileOpen = new Date(t0.getTime() + 3 * HOUR);

function surveyForm(overrides: Partial<SurveyForm> = {}): SurveyForm {
	return {
		title: 'Survei keadilan semester 1',
		description: '',
		period: '2026-S1',
		opensAt: opens.toISOString(),
		closesAt: closes.toISOString(),
		minGroupSize: 5,
		'units[]': [opdA],
		'positionTypes[]': [],
		builtin: true,
		...overrides
	};
}

const ownItem: ItemForm = {
	kind: 'choice',
	text: 'Seberapa sering Anda menerima umpan balik?',
	dimension: '',
	options: '',
	optionList: ['Jarang', 'Sering'],
	required: true
};

async function auditCount(action: string) {
	const rows = await t.db
		.selectFrom('audit_log')
		.select('id')
		.where('action', '=', action)
		.execute();
	return rows.length;
}

async function refusedWith(p: Promise<unknown>): Promise<string> {
	try {
		await p;
	} catch (e) {
		if (e instanceof SurveyError) return e.key;
		throw e;
	}
	throw new Error('expected a refusal');
}

beforeAll(async () => {
	t = await createTestDb();
	const root = await makeUnit(t.db, { kind: 'pemda' });
	opdA = await makeUnit(t.db, { parentId: root });
	opdB = await makeUnit(t.db, { parentId: root });
	facilitator = (await makePerson(t.db, { unitId: opdA, roles: ['asn', 'facilitator'] })).id;
});
afterAll(() => t.destroy());

describe('editing a survey before it opens', () => {
	it('changes title, period, scope, schedule and k of a draft, audited with before and after', async () => {
		const id = await createSurvey(t.db, facilitator, surveyForm(), t0);
		await updateSurvey(
			t.db,
			facilitator,
			id,
			surveyForm({
				title: 'Survei keadilan 2026 (revisi)',
				period: '2026',
				'units[]': [opdA, opdB],
				'positionTypes[]': ['pelaksana'],
				closesAt: new Date(closes.getTime() + 24 * HOUR).toISOString(),
				minGroupSize: 7
			}),
			t0
		);
		const s = (await getSurvey(t.db, id))!;
		expect(s).toMatchObject({
			title: 'Survei keadilan 2026 (revisi)',
			period: '2026',
			min_group_size: 7,
			closes_at: new Date(closes.getTime() + 24 * HOUR).toISOString()
		});
		expect(JSON.parse(s.scope_json)).toEqual({
			units: [
				{ id: opdA, descendants: true },
				{ id: opdB, descendants: true }
			],
			positionTypes: ['pelaksana']
		});
		const audit = await t.db
			.selectFrom('audit_log')
			.selectAll()
			.where('action', '=', 'survey.update')
			.where('object_id', '=', String(id))
			.executeTakeFirstOrThrow();
		expect(audit.actor_id).toBe(facilitator);
		expect(JSON.parse(audit.before_json!)).toMatchObject({ title: 'Survei keadilan semester 1' });
		expect(JSON.parse(audit.after_json!)).toMatchObject({ minGroupSize: 7, period: '2026' });
	});

	it('is still allowed once scheduled but not yet open; not with a closing time already past', async () => {
		const id = await createSurvey(t.db, facilitator, surveyForm(), t0);
		await changeSchedule(t.db, facilitator, id, 'schedule', t0);
		await updateSurvey(t.db, facilitator, id, surveyForm({ title: 'Dijadwalkan, diubah' }), t0);
		expect((await getSurvey(t.db, id))!.title).toBe('Dijadwalkan, diubah');
		const past = new Date(t0.getTime() - HOUR).toISOString();
		expect(
			await refusedWith(
				updateSurvey(
					t.db,
					facilitator,
					id,
					surveyForm({ opensAt: new Date(t0.getTime() - 2 * HOUR).toISOString(), closesAt: past }),
					t0
				)
			)
		).toBe('survey_close_in_past');
	});

	it('rewords a facilitator’s own item, never a built-in one', async () => {
		const id = await createSurvey(t.db, facilitator, surveyForm(), t0);
		const itemId = await addItem(t.db, facilitator, id, ownItem, t0);
		await updateItem(
			t.db,
			facilitator,
			id,
			itemId,
			{
				...ownItem,
				text: 'Seberapa sering atasan memberi umpan balik?',
				optionList: ['A', 'B', 'C']
			},
			t0
		);
		const item = (await getItems(t.db, id)).find((i) => i.id === itemId)!;
		expect(item.text).toBe('Seberapa sering atasan memberi umpan balik?');
		expect(JSON.parse(item.options_json!)).toEqual(['A', 'B', 'C']);
		expect(await auditCount('survey.item.update')).toBe(1);

		const builtin = (await getItems(t.db, id)).find((i) => i.builtin_key)!;
		expect(await refusedWith(updateItem(t.db, facilitator, id, builtin.id, ownItem, t0))).toBe(
			'survey_item_builtin'
		);
		// An item of another survey is not found through this one.
		const other = await createSurvey(t.db, facilitator, surveyForm(), t0);
		expect(await refusedWith(updateItem(t.db, facilitator, other, itemId, ownItem, t0))).toBe(
			'survey_item_not_found'
		);
		expect(await auditCount('survey.item.update')).toBe(1);
	});
});

describe('once the survey opens', () => {
	let id: number;
	let itemId: number;
	beforeAll(async () => {
		id = await createSurvey(t.db, facilitator, surveyForm(), t0);
		itemId = await addItem(t.db, facilitator, id, ownItem, t0);
		await changeSchedule(t.db, facilitator, id, 'schedule', t0);
	});

	it('refuses every change to the survey and its items, and changes and audits nothing', async () => {
		const survey = await getSurvey(t.db, id);
		const items = await getItems(t.db, id);
		const audited = await t.db.selectFrom('audit_log').select('id').execute();
		for (const now of [whileOpen, new Date(closes.getTime() + HOUR)]) {
			expect(
				await refusedWith(
					updateSurvey(t.db, facilitator, id, surveyForm({ title: 'Terlambat' }), now)
				)
			).toBe('survey_edit_locked');
			expect(
				await refusedWith(
					updateItem(t.db, facilitator, id, itemId, { ...ownItem, text: 'Terlambat sekali' }, now)
				)
			).toBe('survey_items_locked');
			expect(await refusedWith(addItem(t.db, facilitator, id, ownItem, now))).toBe(
				'survey_items_locked'
			);
			expect(await refusedWith(moveItem(t.db, facilitator, id, itemId, 'up', now))).toBe(
				'survey_items_locked'
			);
			expect(await refusedWith(removeItem(t.db, facilitator, id, itemId, now))).toBe(
				'survey_items_locked'
			);
		}
		expect(await getSurvey(t.db, id)).toEqual(survey);
		expect(await getItems(t.db, id)).toEqual(items);
		expect(await t.db.selectFrom('audit_log').select('id').execute()).toHaveLength(audited.length);
	});
});
