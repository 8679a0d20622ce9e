import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import { transitionRound, requirePhase, getRound } from '$lib/server/rounds/phase';
import { RuleError } from '$lib/server/rounds/errors';
import { DEFAULT_CONSENSUS_RULE, DEFAULT_CRITERIA } from '$lib/rounds/criteria';

let t: TestDb;
let facilitatorId: number;

async function insertRound(phase: 'draft' | 'discussing' = 'draft'): Promise<number> {
	const now = new Date().toISOString();
	const row = await t.db
		.insertInto('round')
		.values({
			title: 'Putaran uji',
			purpose: 'Uji',
			phase,
			scope_json: JSON.stringify({ units: [], positionTypes: [] }),
			criteria_json: JSON.stringify(DEFAULT_CRITERIA),
			consensus_rule_json: JSON.stringify(DEFAULT_CONSENSUS_RULE),
			phase_changed_at: now,
			created_by: facilitatorId,
			created_at: now,
			updated_at: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

beforeAll(async () => {
	t = await createTestDb();
	const unit = await makeUnit(t.db);
	facilitatorId = (await makePerson(t.db, { unitId: unit, roles: ['asn', 'facilitator'] })).id;
});
afterAll(() => t.destroy());

describe('round phases', () => {
	it('moves forward one step at a time and audits each transition', async () => {
		const id = await insertRound();
		await transitionRound(t.db, id, 'proposing', facilitatorId);
		await expect(transitionRound(t.db, id, 'rating', facilitatorId)).rejects.toBeInstanceOf(
			RuleError
		);
		await expect(transitionRound(t.db, id, 'draft', facilitatorId)).rejects.toBeInstanceOf(
			RuleError
		);
		await transitionRound(t.db, id, 'discussing', facilitatorId);
		expect((await getRound(t.db, id)).phase).toBe('discussing');
		const audits = await t.db
			.selectFrom('audit_log')
			.selectAll()
			.where('object_type', '=', 'round')
			.where('object_id', '=', String(id))
			.execute();
		expect(audits.map((a) => JSON.parse(a.after_json!).phase)).toEqual(['proposing', 'discussing']);
	});

	it('refuses to open rating with nothing shortlisted', async () => {
		const id = await insertRound('discussing');
		await expect(transitionRound(t.db, id, 'rating', facilitatorId)).rejects.toMatchObject({
			key: 'round_error_no_shortlist'
		});
	});

	it('counts Delphi iterations each time delphi is entered', async () => {
		const id = await insertRound('discussing');
		await t.db.updateTable('round').set({ phase: 'rating' }).where('id', '=', id).execute();
		await transitionRound(t.db, id, 'delphi', facilitatorId);
		expect((await getRound(t.db, id)).delphi_iteration).toBe(1);
		await transitionRound(t.db, id, 'delphi', facilitatorId);
		const round = await getRound(t.db, id);
		expect(round.delphi_iteration).toBe(2);
		expect(() => requirePhase(round, 'rating')).toThrow(RuleError);
		expect(() => requirePhase(round, 'rating', 'delphi')).not.toThrow();
		await transitionRound(t.db, id, 'closed', facilitatorId);
		await expect(transitionRound(t.db, id, 'delphi', facilitatorId)).rejects.toBeInstanceOf(
			RuleError
		);
		const events = await t.db
			.selectFrom('round_phase_event')
			.select(['to_phase', 'delphi_iteration'])
			.where('round_id', '=', id)
			.orderBy('id')
			.execute();
		expect(events).toEqual([
			{ to_phase: 'delphi', delphi_iteration: 1 },
			{ to_phase: 'delphi', delphi_iteration: 2 },
			{ to_phase: 'closed', delphi_iteration: 2 }
		]);
	});
});
