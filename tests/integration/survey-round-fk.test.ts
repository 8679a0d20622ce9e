import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import { migrations } from '$migrations/index';
import { migrateOrThrow } from '$lib/server/db/migrate';
import { createRatingRound } from '$lib/server/ratings/fixture';
import { addItem, changeSchedule, createSurvey, getItems } from '$lib/server/surveys/surveys';
import { fieldName, submitResponse } from '$lib/server/surveys/responses';

/*
 * Migration 0007 on a database that already holds surveys, items and answers: every row and id
 * survives, the stored order of answers is untouched, a dangling round link is cleared, and from
 * then on the database refuses a link to a round that does not exist.
 */
let t: TestDb;
const before = Object.fromEntries(Object.entries(migrations).filter(([n]) => n < '0007'));
const HOUR = 3600_000;
const t0 = new Date('2026-05-01T01:00:00Z');

let surveyLinked: number;
let surveyDangling: number;
let roundId: number;

async function snapshot() {
	const surveys = await sql<Record<string, unknown>>`select * from survey order by id`.execute(
		t.db
	);
	const items = await sql<Record<string, unknown>>`select * from survey_item order by id`.execute(
		t.db
	);
	// No ORDER BY: the physical order, as someone reading the file would see it.
	const responses = await sql<{ id: string }>`select id from survey_response`.execute(t.db);
	const participation = await sql<Record<string, unknown>>`
		select * from survey_participation`.execute(t.db);
	return {
		surveys: surveys.rows,
		items: items.rows,
		responses: responses.rows.map((r) => r.id),
		participation: participation.rows
	};
}

beforeAll(async () => {
	t = await createTestDb({ migrate: false });
	await migrateOrThrow(t.db, before);
	const root = await makeUnit(t.db, { kind: 'pemda' });
	const opd = await makeUnit(t.db, { parentId: root });
	const facilitator = await makePerson(t.db, { unitId: opd, roles: ['asn', 'facilitator'] });
	roundId = (
		await createRatingRound(t.db, {
			title: 'Putaran lama',
			createdBy: facilitator.id,
			authorId: facilitator.id,
			authorUnitId: opd,
			scope: { units: [], positionTypes: [] },
			indicators: ['Satu']
		})
	).roundId;
	const form = {
		title: 'Survei lama',
		description: '',
		period: '2026',
		opensAt: new Date(t0.getTime() + 60_000).toISOString(),
		closesAt: new Date(t0.getTime() + 24 * HOUR).toISOString(),
		minGroupSize: 5,
		'units[]': [],
		'positionTypes[]': [],
		builtin: true
	};
	surveyLinked = await createSurvey(t.db, facilitator.id, { ...form, roundId }, t0);
	surveyDangling = await createSurvey(t.db, facilitator.id, { ...form, roundId: 424_242 }, t0);
	await addItem(
		t.db,
		facilitator.id,
		surveyLinked,
		{
			kind: 'text',
			text: 'Saran lain?',
			dimension: '',
			options: '',
			optionList: [],
			required: false
		},
		t0
	);
	await changeSchedule(t.db, facilitator.id, surveyLinked, 'openNow', t0);
	const items = await getItems(t.db, surveyLinked);
	for (let i = 0; i < 6; i++) {
		const p = await makePerson(t.db, { unitId: opd });
		const raw: Record<string, string> = {};
		for (const it of items) {
			if (it.kind === 'likert') raw[fieldName(it.id)] = String((i % 5) + 1);
		}
		const r = await submitResponse(t.db, surveyLinked, p.id, raw, new Date(t0.getTime() + HOUR));
		expect(r).toEqual({ ok: true });
	}
});

afterAll(() => t.destroy());

describe('migration 0007: survey.round_id references round', () => {
	it('keeps every survey, item and answer as it was, clearing only a dangling link', async () => {
		const old = await snapshot();
		expect(old.responses).toHaveLength(6);
		expect(await migrateOrThrow(t.db)).toContain('0007_survey_round_fk');
		const now = await snapshot();
		expect(now.items).toEqual(old.items);
		expect(now.responses).toEqual(old.responses);
		expect(now.participation).toEqual(old.participation);
		expect(now.surveys).toEqual(
			old.surveys.map((s) => (s.id === surveyDangling ? { ...s, round_id: null } : s))
		);
		expect(now.surveys.find((s) => s.id === surveyLinked)!.round_id).toBe(roundId);
	});

	it('then refuses a link to a round that does not exist, and still creates surveys', async () => {
		await expect(
			t.db.updateTable('survey').set({ round_id: 999_999 }).where('id', '=', surveyLinked).execute()
		).rejects.toThrow();
		const ids = (await t.db.selectFrom('survey').select('id').execute()).map((r) => r.id);
		const next = await t.db
			.insertInto('survey')
			.values({
				title: 'Survei baru',
				period: '2027',
				round_id: roundId,
				scope_json: '{"units":[],"positionTypes":[]}',
				opens_at: t0.toISOString(),
				closes_at: t0.toISOString(),
				created_by: null,
				created_at: t0.toISOString(),
				updated_at: t0.toISOString()
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		expect(next.id).toBeGreaterThan(Math.max(...ids));
	});

	it('rolls back cleanly', async () => {
		const m = migrations['0007_survey_round_fk'];
		await t.db.transaction().execute(async (trx) => {
			await m.down!(trx);
			// Without the key, a dangling link is accepted again (as before 0007).
			await trx.updateTable('survey').set({ round_id: 999_999 }).execute();
			await trx.updateTable('survey').set({ round_id: null }).execute();
			await m.up(trx);
		});
		await expect(t.db.updateTable('survey').set({ round_id: 999_998 }).execute()).rejects.toThrow();
	});
});
