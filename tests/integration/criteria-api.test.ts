import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import {
	authenticateApi,
	API_RATE_PER_MINUTE,
	issueApiToken,
	listApiTokens,
	revokeApiToken
} from '$lib/server/api/tokens';
import { participationByOpd } from '$lib/server/dashboard';
import { createRatedRound, DEMO_DUKCAPIL_INDICATORS, seedBallots } from '$lib/server/seed/criteria';
import { publicPageEnabled, setPublicPage } from '$lib/server/criteria/public-page';

let t: TestDb;
let adminId: number;
let root: number;
let big: number;
let small: number;

beforeAll(async () => {
	t = await createTestDb();
	root = await makeUnit(t.db, { code: 'ROOT', name: 'Kabupaten' });
	big = await makeUnit(t.db, { code: 'BIG', name: 'Dinas Besar', parentId: root });
	small = await makeUnit(t.db, { code: 'SMALL', name: 'Dinas Kecil', parentId: root });
	adminId = (await makePerson(t.db, { unitId: big, roles: ['asn', 'admin'] })).id;
});
afterAll(() => t.destroy());

describe('API tokens', () => {
	it('are kept hashed, answer for their scope only, and stop when revoked', async () => {
		const { id, token } = await issueApiToken(t.db, adminId, {
			name: 'e-Kinerja',
			scopes: ['criteria']
		});
		const row = await t.db
			.selectFrom('api_token')
			.selectAll()
			.where('id', '=', id)
			.executeTakeFirstOrThrow();
		// mfk_<prefix>_<secret>; the base64url secret may itself contain '_'.
		const secret = token.split('_').slice(2).join('_');
		expect(row.secret_hash).not.toContain(secret);
		expect(JSON.stringify(await listApiTokens(t.db))).not.toContain(token);
		const audit = await t.db
			.selectFrom('audit_log')
			.select('after_json')
			.where('action', '=', 'api_token.issue')
			.execute();
		expect(JSON.stringify(audit)).not.toContain(secret);

		expect(await authenticateApi(t.db, `Bearer ${token}`, 'criteria')).toMatchObject({ ok: true });
		expect(await authenticateApi(t.db, `Bearer ${token}`, 'results')).toMatchObject({
			ok: false,
			status: 403,
			key: 'api_error_scope'
		});
		expect(await authenticateApi(t.db, null, 'criteria')).toMatchObject({
			status: 401,
			key: 'api_error_token_missing'
		});
		const forged = token.slice(0, -4) + 'AAAA';
		expect(await authenticateApi(t.db, `Bearer ${forged}`, 'criteria')).toMatchObject({
			status: 401,
			key: 'api_error_token_invalid'
		});
		await revokeApiToken(t.db, adminId, id);
		expect(await authenticateApi(t.db, `Bearer ${token}`, 'criteria')).toMatchObject({
			status: 401,
			key: 'api_error_token_revoked'
		});
		await expect(revokeApiToken(t.db, adminId, id)).rejects.toMatchObject({
			key: 'api_error_token_not_found'
		});
	});

	it('limits requests per token per minute, and a new minute starts afresh', async () => {
		const { token } = await issueApiToken(t.db, adminId, {
			name: 'Dasbor provinsi',
			scopes: ['participation']
		});
		const at = new Date('2026-05-01T10:00:10Z');
		for (let i = 0; i < API_RATE_PER_MINUTE; i++) {
			expect((await authenticateApi(t.db, `Bearer ${token}`, 'participation', at)).ok).toBe(true);
		}
		const over = await authenticateApi(t.db, `Bearer ${token}`, 'participation', at);
		expect(over).toMatchObject({ ok: false, status: 429, key: 'api_error_rate' });
		const next = await authenticateApi(
			t.db,
			`Bearer ${token}`,
			'participation',
			new Date('2026-05-01T10:01:00Z')
		);
		expect(next.ok).toBe(true);
	});
});

describe('participation dashboard', () => {
	it('hides the counts of a unit with fewer than k eligible people', async () => {
		const facilitator = adminId;
		for (let i = 0; i < 7; i++) await makePerson(t.db, { unitId: big });
		const smallPeople = [];
		for (let i = 0; i < 3; i++) smallPeople.push((await makePerson(t.db, { unitId: small })).id);
		const { roundId, indicatorIds } = await createRatedRound(t.db, {
			title: 'Putaran partisipasi',
			facilitatorId: facilitator,
			authorIds: smallPeople,
			unitId: small,
			scopeUnitIds: [root],
			indicators: DEMO_DUKCAPIL_INDICATORS
		});
		await seedBallots(t.db, roundId, indicatorIds, [big, small], [4, 4, 4]);
		const p = await participationByOpd(t.db, roundId);
		const bigRow = p.rows.find((r) => r.unitId === big)!;
		const smallRow = p.rows.find((r) => r.unitId === small)!;
		// All 8 rated: "100 %" would say of each of them that they rated (disclosure/participation).
		expect(bigRow).toMatchObject({ eligible: 8, raters: null, rate: null, suppressed: false });
		expect(smallRow).toMatchObject({
			eligible: 3,
			raters: null,
			contributors: null,
			rate: null,
			suppressed: true
		});
		expect(JSON.stringify(smallRow)).not.toContain('"raters":3');
	});
});

describe('public page switch', () => {
	it('is off by default and audited when switched', async () => {
		expect(await publicPageEnabled(t.db)).toBe(false);
		await setPublicPage(t.db, adminId, true);
		expect(await publicPageEnabled(t.db)).toBe(true);
		await setPublicPage(t.db, adminId, false);
		expect(await publicPageEnabled(t.db)).toBe(false);
		const audits = await t.db
			.selectFrom('audit_log')
			.select('after_json')
			.where('action', '=', 'setting.public_page')
			.execute();
		expect(audits.map((a) => JSON.parse(a.after_json!).enabled)).toEqual([true, false]);
	});
});
