import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import { createRatingRound } from '$lib/server/ratings/fixture';
import { decideProposal } from '$lib/server/proposals';
import { addComment, moderationQueue, reportComment } from '$lib/server/discussion';
import { advanceRound } from '$lib/server/rounds';
import { requireResults } from '$lib/server/ratings/access';
import { addRoundFacilitator, removeRoundFacilitator } from '$lib/server/privileges/facilitators';
import { setLeaderScope } from '$lib/server/privileges/leaders';
import { validateSessionToken, createSession, type SessionUser } from '$lib/server/auth/session';
import type { Role } from '$lib/roles';
import type { Phase } from '$lib/rounds/phases';

// Item 7 of issue #14: a facilitator manages only the rounds they facilitate, and a leader sees
// the results of rounds within their units only.
let t: TestDb;
let root: number;
let opdA: number;
let opdB: number;
let creator: SessionUser;
let otherFacilitator: SessionUser & { nip: string };
let admin: SessionUser;
let staffA: SessionUser;
let leaderA: SessionUser;
let leaderB: SessionUser;
let leaderWide: SessionUser;

async function person(unitId: number, roles: Role[]) {
	const p = await makePerson(t.db, { unitId, roles });
	const session = await validateSessionToken(t.db, await createSession(t.db, p.id));
	return { ...session!.user, nip: p.nip };
}

async function round(title: string, phase: Phase, units: { id: number; descendants: boolean }[]) {
	return createRatingRound(t.db, {
		title,
		phase,
		createdBy: creator.id,
		authorId: staffA.id,
		authorUnitId: opdA,
		scope: { units, positionTypes: [] },
		indicators: ['Waktu layanan']
	});
}

const refusal = (status: number, key: string) =>
	expect.objectContaining({ name: 'RuleError', status, key });

beforeAll(async () => {
	t = await createTestDb();
	root = await makeUnit(t.db, { kind: 'pemda' });
	opdA = await makeUnit(t.db, { parentId: root });
	opdB = await makeUnit(t.db, { parentId: root });
	const subA = await makeUnit(t.db, { parentId: opdA });
	creator = await person(opdA, ['asn', 'facilitator']);
	otherFacilitator = await person(opdA, ['asn', 'facilitator']);
	admin = await person(opdA, ['asn', 'admin']);
	staffA = await person(subA, ['asn']);
	leaderA = await person(opdA, ['asn', 'leader']);
	leaderB = await person(opdB, ['asn', 'leader']);
	leaderWide = await person(root, ['asn', 'leader']);
	await setLeaderScope(t.db, admin, leaderA.id, [opdA]);
	await setLeaderScope(t.db, admin, leaderB.id, [opdB]);
	await setLeaderScope(t.db, admin, leaderWide.id, [root]);
});
afterAll(() => t.destroy());

describe('round facilitators', () => {
	it('refuses a facilitator of another round until the creator adds them; audited', async () => {
		const r = await round('Putaran A', 'discussing', [{ id: opdA, descendants: true }]);
		const indicator = r.indicatorIds[0];
		const comment = await addComment(t.db, staffA, indicator, {
			body: 'Kurang jelas',
			stance: 'concern',
			parentId: null,
			clientToken: 'scoped-1'
		});
		await reportComment(t.db, leaderA, comment.id, 'Uji').catch(() => undefined);
		const reporter = await person(opdA, ['asn']);
		await reportComment(t.db, reporter, comment.id, 'Uji');

		await expect(
			decideProposal(t.db, otherFacilitator, indicator, 'shortlisted', 'Baik')
		).rejects.toEqual(refusal(403, 'access_error_round_facilitators'));
		await expect(advanceRound(t.db, otherFacilitator, r.roundId, 'rating')).rejects.toEqual(
			refusal(403, 'access_error_round_facilitators')
		);
		expect((await moderationQueue(t.db, otherFacilitator)).map((q) => q.comment_id)).not.toContain(
			comment.id
		);
		expect((await moderationQueue(t.db, creator)).map((q) => q.comment_id)).toContain(comment.id);
		// Only the creator (or an admin) adds facilitators; the other facilitator cannot add themself.
		await expect(
			addRoundFacilitator(t.db, otherFacilitator, r.roundId, otherFacilitator.nip)
		).rejects.toEqual(refusal(403, 'access_error_round_facilitators'));
		await expect(addRoundFacilitator(t.db, creator, r.roundId, staffA.nip)).rejects.toEqual(
			refusal(400, 'access_error_not_facilitator')
		);

		await addRoundFacilitator(t.db, creator, r.roundId, otherFacilitator.nip);
		await decideProposal(t.db, otherFacilitator, indicator, 'shortlisted', 'Baik');
		expect((await moderationQueue(t.db, otherFacilitator)).map((q) => q.comment_id)).toContain(
			comment.id
		);
		await removeRoundFacilitator(t.db, admin, r.roundId, otherFacilitator.id);
		await expect(
			decideProposal(t.db, otherFacilitator, indicator, 'not_shortlisted', 'Ubah')
		).rejects.toEqual(refusal(403, 'access_error_round_facilitators'));
		const audit = await t.db
			.selectFrom('audit_log')
			.select(['action', 'actor_id'])
			.where('object_type', '=', 'round')
			.where('object_id', '=', String(r.roundId))
			.where('action', 'like', 'round.facilitator.%')
			.orderBy('id')
			.execute();
		expect(audit).toEqual([
			{ action: 'round.facilitator.add', actor_id: creator.id },
			{ action: 'round.facilitator.remove', actor_id: admin.id }
		]);
	});
});

describe('leader scopes', () => {
	it('shows a closed round’s results to leaders over its units only', async () => {
		const inA = await round('Hasil A', 'closed', [{ id: opdA, descendants: true }]);
		const whole = await round('Hasil seluruh pemda', 'closed', []);
		await expect(requireResults(t.db, inA.roundId, leaderA)).resolves.toMatchObject({
			id: inA.roundId
		});
		await expect(requireResults(t.db, inA.roundId, leaderWide)).resolves.toBeTruthy();
		await expect(requireResults(t.db, inA.roundId, leaderB)).rejects.toEqual(
			refusal(403, 'rating_error_forbidden')
		);
		// A round for the whole government is for regency-wide leaders. A leader of one OPD is
		// one of its participants, and sees its results as they do: once published.
		await expect(requireResults(t.db, whole.roundId, leaderWide)).resolves.toBeTruthy();
		await expect(requireResults(t.db, whole.roundId, leaderA)).rejects.toEqual(
			refusal(409, 'results_not_yet')
		);
	});

	it('is set by admins only, audited, and takes effect at once', async () => {
		const inA = await round('Hasil A kedua', 'closed', [{ id: opdA, descendants: true }]);
		await expect(setLeaderScope(t.db, leaderWide, leaderB.id, [opdA, opdB])).rejects.toEqual(
			refusal(403, 'error_forbidden')
		);
		await expect(setLeaderScope(t.db, admin, staffA.id, [opdA])).rejects.toEqual(
			refusal(400, 'access_error_not_leader')
		);
		await setLeaderScope(t.db, admin, leaderB.id, [opdA, opdB]);
		await expect(requireResults(t.db, inA.roundId, leaderB)).resolves.toBeTruthy();
		const audit = await t.db
			.selectFrom('audit_log')
			.select(['before_json', 'after_json', 'actor_id'])
			.where('action', '=', 'person.leader_scope')
			.where('object_id', '=', String(leaderB.id))
			.orderBy('id', 'desc')
			.executeTakeFirstOrThrow();
		expect(audit.actor_id).toBe(admin.id);
		expect(JSON.parse(audit.before_json!)).toEqual({ units: [opdB] });
		expect(JSON.parse(audit.after_json!)).toEqual({ units: [opdA, opdB].sort((a, b) => a - b) });
	});
});
