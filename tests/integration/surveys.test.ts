import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import {
	addItem,
	changeSchedule,
	createSurvey,
	getItems,
	SurveyError
} from '$lib/server/surveys/surveys';
import { fieldName, submitResponse } from '$lib/server/surveys/responses';
import { computeResults, hideText, textAnswers, unhideText } from '$lib/server/surveys/results';
import type { SurveyItem } from '$lib/server/db/schema/surveys';

let t: TestDb;
const unit: Record<string, number> = {};
const opdA: number[] = [];
const opdB: number[] = [];
let outsider: number;
let facilitator: number;

const HOUR = 3600_000;
const t0 = new Date('2026-03-01T01:00:00Z');
const before0 = new Date(t0.getTime() - HOUR);
const during = new Date(t0.getTime() + HOUR);
const after = new Date(t0.getTime() + 48 * HOUR);

function form(units: number[]) {
	return {
		title: 'Survei keadilan 2026',
		description: '',
		period: '2026',
		opensAt: new Date(t0.getTime() + 10 * 60_000).toISOString(),
		closesAt: new Date(t0.getTime() + 24 * HOUR).toISOString(),
		minGroupSize: 5,
		'units[]': units,
		'positionTypes[]': [],
		builtin: true
	};
}

/** Every Likert item answered with `score`, the open question with `text`. */
function answersFor(items: SurveyItem[], score: number, text?: string) {
	const raw: Record<string, string> = {};
	for (const it of items) {
		if (it.kind === 'likert') raw[fieldName(it.id)] = String(score);
		if (it.kind === 'text' && text) raw[fieldName(it.id)] = text;
	}
	return raw;
}

async function counts(surveyId: number) {
	const p = await t.db
		.selectFrom('survey_participation')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('survey_id', '=', surveyId)
		.executeTakeFirstOrThrow();
	const r = await t.db
		.selectFrom('survey_response')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('survey_id', '=', surveyId)
		.executeTakeFirstOrThrow();
	const a = await t.db
		.selectFrom('audit_log')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return { participation: Number(p.n), responses: Number(r.n), audit: Number(a.n) };
}

async function openSurvey(units: number[]) {
	const id = await createSurvey(t.db, facilitator, form(units), t0);
	await changeSchedule(t.db, facilitator, id, 'openNow', t0);
	return id;
}

beforeAll(async () => {
	t = await createTestDb();
	unit.root = await makeUnit(t.db, { kind: 'pemda' });
	unit.a = await makeUnit(t.db, { parentId: unit.root });
	unit.aSub = await makeUnit(t.db, { parentId: unit.a, kind: 'bidang' });
	unit.b = await makeUnit(t.db, { parentId: unit.root });
	unit.c = await makeUnit(t.db, { parentId: unit.root });
	unit.bkpsdm = await makeUnit(t.db, { parentId: unit.root });
	for (let i = 0; i < 9; i++) {
		const p = await makePerson(t.db, {
			unitId: i % 2 ? unit.aSub : unit.a,
			positionType: i < 7 ? 'pelaksana' : 'fungsional'
		});
		opdA.push(p.id);
	}
	for (let i = 0; i < 6; i++) opdB.push((await makePerson(t.db, { unitId: unit.b })).id);
	outsider = (await makePerson(t.db, { unitId: unit.c })).id;
	facilitator = (await makePerson(t.db, { unitId: unit.bkpsdm, roles: ['asn', 'facilitator'] })).id;
});
afterAll(() => t.destroy());

describe('answers cannot be linked to people', () => {
	it('stores participation and answers apart, with random ids, no time and no order', async () => {
		const id = await openSurvey([unit.a, unit.b]);
		const items = await getItems(t.db, id);
		const before = await counts(id);
		// A known order, each person with a score that names them.
		const order = [opdA[0], opdA[1], opdB[0], opdA[2], opdA[3], opdB[1], opdA[4], opdA[5]];
		for (const [i, personId] of order.entries()) {
			const r = await submitResponse(t.db, id, personId, answersFor(items, (i % 5) + 1), during);
			expect(r).toEqual({ ok: true });
		}
		const now = await counts(id);
		expect(now.participation - before.participation).toBe(order.length);
		expect(now.responses - before.responses).toBe(order.length);
		// No audit entry is written for an answer (it would carry a time and an actor).
		expect(now.audit).toBe(before.audit);

		const participation = await sql<Record<string, unknown>>`
			select * from survey_participation where survey_id = ${id}`.execute(t.db);
		expect(Object.keys(participation.rows[0]).sort()).toEqual(['person_id', 'survey_id']);

		// Physical order: no ORDER BY, as someone reading the table (or file) would see it.
		const stored = await sql<Record<string, unknown>>`
			select * from survey_response where survey_id = ${id}`.execute(t.db);
		expect(Object.keys(stored.rows[0]).sort()).toEqual(
			['answers_json', 'id', 'opd_unit_id', 'position_type', 'survey_id'].sort()
		);
		const ids = stored.rows.map((r) => r.id as string);
		for (const rid of ids) expect(rid).toMatch(/^[0-9a-f]{32}$/);
		expect(new Set(ids).size).toBe(ids.length);
		// Rows come back in random-id order, whatever the submission order was.
		expect(ids).toEqual([...ids].sort());
		for (const r of stored.rows) {
			const json = r.answers_json as string;
			expect(json).not.toContain('person');
			expect(json).not.toMatch(/\d{18}/);
			expect(json).not.toMatch(/20\d\d-\d\d-\d\d/);
		}
		// Coarse groups only: the OPD (never the sub-unit) and the position type.
		const opds = new Set(stored.rows.map((r) => r.opd_unit_id));
		expect([...opds].sort()).toEqual([unit.a, unit.b].sort());

		if (t.dialect === 'sqlite') {
			// WITHOUT ROWID: there is no hidden insertion counter to read.
			await expect(sql`select rowid from survey_response`.execute(t.db)).rejects.toThrow();
			await expect(sql`select rowid from survey_participation`.execute(t.db)).rejects.toThrow();
		} else {
			// Every response carries the same inserting transaction and sits in id order, so
			// neither xmin nor ctid tells which response came with which participation row.
			const pgRows = await sql<{ id: string; x: string; ctid: string }>`
				select id, xmin::text as x, ctid::text as ctid from survey_response
				where survey_id = ${id} order by ctid`.execute(t.db);
			expect(new Set(pgRows.rows.map((r) => r.x)).size).toBe(1);
			expect(pgRows.rows.map((r) => r.id)).toEqual([...ids].sort());
			const px = await sql<{ x: string }>`
				select xmin::text as x from survey_participation where survey_id = ${id}`.execute(t.db);
			// Each earlier participant's transaction id matches no response any more.
			const responseX = pgRows.rows[0].x;
			expect(px.rows.filter((r) => r.x === responseX)).toHaveLength(1);
		}
	});
});

describe.runIf(process.env.DATABASE_URL?.startsWith('postgres'))(
	'PostgreSQL: each answer is written among earlier ones',
	() => {
		it('shares its transaction id and place with the rewritten companions', async () => {
			const id = await openSurvey([unit.a, unit.b]);
			const items = await getItems(t.db, id);
			const mix = 3;
			for (const [i, personId] of [...opdA, ...opdB].entries()) {
				const r = await submitResponse(t.db, id, personId, answersFor(items, 3), during, { mix });
				expect(r).toEqual({ ok: true });
				const rows = await sql<{ id: string; x: string }>`
					select id, xmin::text as x from survey_response
					where survey_id = ${id} order by ctid`.execute(t.db);
				expect(rows.rows).toHaveLength(i + 1);
				const latest = await sql<{ x: string }>`
					select xmin::text as x from survey_participation
					where survey_id = ${id} and person_id = ${personId}`.execute(t.db);
				// The new response is one of min(i, mix) + 1 rows written by this transaction,
				// laid out in id order, so neither xmin nor ctid singles it out.
				const batch = rows.rows.filter((r) => r.x === latest.rows[0].x).map((r) => r.id);
				expect(batch).toHaveLength(Math.min(i, mix) + 1);
				expect(batch).toEqual([...batch].sort());
			}
		});
	}
);

describe('refused submissions change nothing', () => {
	let id: number;
	let items: SurveyItem[];
	beforeAll(async () => {
		id = await openSurvey([unit.a, unit.b]);
		items = await getItems(t.db, id);
		expect(await submitResponse(t.db, id, opdA[0], answersFor(items, 4), during)).toEqual({
			ok: true
		});
	});

	it('refuses a second answer from the same person', async () => {
		const before = await counts(id);
		const r = await submitResponse(t.db, id, opdA[0], answersFor(items, 1), during);
		expect(r).toMatchObject({ ok: false, status: 409, key: 'survey_already_answered' });
		expect(await counts(id)).toEqual(before);
	});

	it('lets exactly one of two concurrent submissions through', async () => {
		const before = await counts(id);
		const results = await Promise.all([
			submitResponse(t.db, id, opdA[1], answersFor(items, 2), during),
			submitResponse(t.db, id, opdA[1], answersFor(items, 3), during),
			submitResponse(t.db, id, opdA[1], answersFor(items, 5), during)
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		for (const r of results.filter((r) => !r.ok)) {
			expect(r).toMatchObject({ status: 409, key: 'survey_already_answered' });
		}
		const now = await counts(id);
		expect(now.participation - before.participation).toBe(1);
		expect(now.responses - before.responses).toBe(1);
	});

	it('refuses people out of scope, outside the open period and forged survey ids', async () => {
		const before = await counts(id);
		expect(await submitResponse(t.db, id, outsider, answersFor(items, 3), during)).toMatchObject({
			status: 403,
			key: 'survey_out_of_scope'
		});
		expect(await submitResponse(t.db, id, opdA[2], answersFor(items, 3), before0)).toMatchObject({
			status: 409,
			key: 'survey_not_open'
		});
		expect(await submitResponse(t.db, id, opdA[2], answersFor(items, 3), after)).toMatchObject({
			status: 409,
			key: 'survey_closed'
		});
		expect(await submitResponse(t.db, 987654, opdA[2], answersFor(items, 3), during)).toMatchObject(
			{ status: 404, key: 'survey_not_found' }
		);
		const draft = await createSurvey(t.db, facilitator, form([unit.a]), t0);
		expect(await submitResponse(t.db, draft, opdA[2], answersFor(items, 3), during)).toMatchObject({
			status: 409,
			key: 'survey_not_open'
		});
		const now = await counts(id);
		expect([now.participation, now.responses]).toEqual([before.participation, before.responses]);
	});

	it('refuses values out of range and missing required items, naming the fields', async () => {
		const before = await counts(id);
		const likert = items.filter((i) => i.kind === 'likert');
		for (const bad of ['0', '6', '3.5', 'abc', '-1']) {
			const raw = answersFor(items, 3);
			raw[fieldName(likert[2].id)] = bad;
			const r = await submitResponse(t.db, id, opdA[2], raw, during);
			expect(r).toMatchObject({ ok: false, status: 400, key: 'survey_answers_invalid' });
			expect(r.ok ? null : r.errors).toEqual({
				[fieldName(likert[2].id)]: 'survey_answer_out_of_range'
			});
		}
		const raw = answersFor(items, 3);
		delete raw[fieldName(likert[0].id)];
		const r = await submitResponse(t.db, id, opdA[2], raw, during);
		expect(r.ok ? null : r.errors).toEqual({ [fieldName(likert[0].id)]: 'survey_answer_required' });
		const long = answersFor(items, 3, 'x'.repeat(2001));
		const r2 = await submitResponse(t.db, id, opdA[2], long, during);
		expect(r2).toMatchObject({ ok: false, status: 400 });
		expect(await counts(id)).toEqual(before);
		// The same person can still answer properly afterwards: nothing was half-written.
		expect(await submitResponse(t.db, id, opdA[2], answersFor(items, 3), during)).toEqual({
			ok: true
		});
	});

	it('locks items once the survey is open', async () => {
		await expect(
			addItem(
				t.db,
				facilitator,
				id,
				{
					kind: 'text',
					text: 'Terlambat',
					dimension: '',
					options: '',
					optionList: [],
					required: false
				},
				during
			)
		).rejects.toThrow(SurveyError);
	});
});

describe('results', () => {
	let id: number;
	let items: SurveyItem[];
	beforeAll(async () => {
		id = await createSurvey(t.db, facilitator, form([unit.a, unit.b]), t0);
		await addItem(
			t.db,
			facilitator,
			id,
			{
				kind: 'choice',
				text: 'Seberapa sering Anda berdiskusi?',
				dimension: '',
				options: '',
				optionList: ['Jarang', 'Sering'],
				required: true
			},
			t0
		);
		await changeSchedule(t.db, facilitator, id, 'openNow', t0);
		items = await getItems(t.db, id);
		const choice = items.find((i) => i.kind === 'choice')!;
		// 9 in OPD A (all 4s), 3 in OPD B (all 1s).
		for (const [i, p] of [...opdA, ...opdB.slice(0, 3)].entries()) {
			const raw = answersFor(items, i < 9 ? 4 : 1, `Saran nomor ${i}`);
			raw[fieldName(choice.id)] = String(i % 2);
			expect(await submitResponse(t.db, id, p, raw, during)).toEqual({ ok: true });
		}
	});

	it('are not available while the survey runs', async () => {
		await expect(computeResults(t.db, id, during)).rejects.toThrow('survey_results_not_yet');
	});

	it('show the overall, hide the small OPD and the large one that would reveal it', async () => {
		const r = await computeResults(t.db, id, after);
		expect(r.total).toBe(12);
		// The overall figure is kept; total − OPD A would be OPD B's three, so A is hidden too.
		// Neither OPD is listed, not even by name.
		expect(r.overall.shown).toBe(true);
		expect(r.overall.scores!.procedural!.mean).toBe(3.25);
		expect(r.byOpd).toEqual([]);
		expect(JSON.stringify(r)).not.toContain('"mean":4,');
		expect(r.alpha).not.toBeNull();
		// The choice item was answered by all twelve: shown overall only.
		expect(r.customItems.map((c) => c.n)).toEqual([12]);
	});

	it('moderate free text: shown for 10+, hidden texts with a reason, audited', async () => {
		const texts = (await textAnswers(t.db, id, { includeHidden: true }, after))!;
		expect(texts).toHaveLength(12);
		const target = texts[0];
		await hideText(
			t.db,
			facilitator,
			id,
			{ responseId: target.responseId, itemId: target.itemId, reason: 'Menyebut nama' },
			after
		);
		const visible = (await textAnswers(t.db, id, { includeHidden: false }, after))!;
		expect(visible).toHaveLength(11);
		expect(visible.map((v) => v.text)).not.toContain(target.text);
		const audit = await t.db
			.selectFrom('audit_log')
			.selectAll()
			.where('action', '=', 'survey.text.hide')
			.execute();
		expect(audit).toHaveLength(1);
		expect(audit[0].actor_id).toBe(facilitator);
		await expect(
			hideText(
				t.db,
				facilitator,
				id,
				{ responseId: 'f'.repeat(32), itemId: target.itemId, reason: 'xxxxx' },
				after
			)
		).rejects.toThrow('survey_text_not_found');
	});

	it('show a hidden text again on a facilitator’s reasoned request, audited', async () => {
		const hidden = (await textAnswers(t.db, id, { includeHidden: true }, after))!.filter(
			(x) => x.hiddenReason
		);
		expect(hidden).toHaveLength(1);
		const target = hidden[0];
		const ref = { responseId: target.responseId, itemId: target.itemId };
		await unhideText(
			t.db,
			facilitator,
			id,
			{ ...ref, reason: 'Ternyata nama lembaga, bukan orang' },
			after
		);
		const visible = (await textAnswers(t.db, id, { includeHidden: false }, after))!;
		expect(visible).toHaveLength(12);
		expect(visible.find((v) => v.responseId === target.responseId)!.hiddenReason).toBeNull();
		const audit = await t.db
			.selectFrom('audit_log')
			.selectAll()
			.where('action', '=', 'survey.text.unhide')
			.execute();
		expect(audit).toHaveLength(1);
		expect(audit[0].actor_id).toBe(facilitator);
		expect(JSON.parse(audit[0].before_json!)).toMatchObject({ reason: 'Menyebut nama' });
		expect(JSON.parse(audit[0].after_json!)).toMatchObject({
			reason: 'Ternyata nama lembaga, bukan orang'
		});
		// The hiding stays on record; showing a text that is not hidden is refused, unaudited.
		expect(
			await t.db
				.selectFrom('audit_log')
				.select('id')
				.where('action', '=', 'survey.text.hide')
				.execute()
		).toHaveLength(1);
		await expect(
			unhideText(t.db, facilitator, id, { ...ref, reason: 'lagi-lagi' }, after)
		).rejects.toThrow('survey_text_not_hidden');
		expect(
			await t.db
				.selectFrom('audit_log')
				.select('id')
				.where('action', '=', 'survey.text.unhide')
				.execute()
		).toHaveLength(1);
	});

	it('withhold free text when fewer than 10 answered', async () => {
		const small = await openSurvey([unit.a]);
		const its = await getItems(t.db, small);
		for (const p of opdA.slice(0, 6)) {
			await submitResponse(t.db, small, p, answersFor(its, 3, 'teks'), during);
		}
		expect(await textAnswers(t.db, small, { includeHidden: true }, after)).toBeNull();
		const r = await computeResults(t.db, small, after);
		expect(r.overall.shown).toBe(true);
		expect(r.overall.scores!.distributive!.mean).toBe(3);
	});
});
