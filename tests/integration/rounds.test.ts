import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { makePerson, makeUnit } from '../helpers/fixtures';
import {
	createRound,
	updateRound,
	roundCounts,
	listRoundsFor,
	requireViewer
} from '$lib/server/rounds';
import { getRound, transitionRound } from '$lib/server/rounds/phase';
import { applySchedule } from '$lib/server/rounds/schedule';
import {
	createProposal,
	decideProposal,
	findSimilar,
	listProposals,
	mergeProposal,
	respondOfficially,
	reviseProposal,
	setSupport,
	viewProposal,
	withdrawProposal
} from '$lib/server/proposals';
import { diffVersions } from '$lib/server/proposals/revisions';
import {
	addComment,
	dismissReports,
	editComment,
	hideComment,
	moderationQueue,
	reportComment,
	thread
} from '$lib/server/discussion';
import { listNotifications, markRead, unreadCount } from '$lib/server/notifications';
import { DEFAULT_CONSENSUS_RULE, DEFAULT_CRITERIA } from '$lib/rounds/criteria';
import { proposalFieldsSchema, type ProposalFields } from '$lib/validation/proposal';

let t: TestDb;
type P = { id: number; roles: string[] };
let fac: P, asn1: P, asn2: P, asn3: P, outsider: P, leader: P;
let unitId: number;
let token = 0;
const tok = () => `tok-${Date.now()}-${++token}-abcdefgh`;

const fields = (over: Partial<ProposalFields> = {}): ProposalFields =>
	proposalFieldsSchema.parse({
		name: 'Persentase KTP-el terbit dalam satu hari kerja',
		definition: 'Bagian permohonan KTP-el yang dokumennya terbit paling lambat satu hari kerja.',
		formula: 'KTP-el terbit ≤ 1 hari / seluruh permohonan × 100%',
		unit_of_measure: 'persen',
		target: '95%',
		baseline: '80%',
		data_source: 'SIAK',
		frequency: 'bulanan',
		perspective: 'penerima_layanan',
		aspect: 'waktu',
		kind: 'hasil_kerja',
		berakhlak_value: '',
		unit_goal: 'Renstra Disdukcapil: layanan adminduk cepat',
		fairness_rationale: 'Semua operator memakai SIAK yang sama dan antreannya dibagi rata.',
		...over
	});

async function openRound(phase: 'proposing' | 'discussing' = 'proposing') {
	const id = await createRound(t.db, fac, {
		title: 'Putaran Dukcapil',
		purpose: 'Menyusun indikator bersama',
		scope: { units: [{ id: unitId, descendants: true }], positionTypes: [] }
	});
	await transitionRound(t.db, id, 'proposing', fac.id);
	if (phase === 'discussing') await transitionRound(t.db, id, 'discussing', fac.id);
	return id;
}

async function propose(roundId: number, who: P, over: Partial<ProposalFields> = {}) {
	const r = await createProposal(t.db, who, roundId, fields(over), {
		clientToken: tok(),
		confirmUnique: true
	});
	if (r.kind === 'similar') throw new Error('unexpected');
	return r.id;
}

const rule = (key: string) => expect.objectContaining({ name: 'RuleError', key });

beforeAll(async () => {
	t = await createTestDb();
	unitId = await makeUnit(t.db);
	const sub = await makeUnit(t.db, { parentId: unitId });
	const other = await makeUnit(t.db);
	const mk = async (u: number, roles: ('asn' | 'facilitator' | 'leader')[]) => {
		const p = await makePerson(t.db, { unitId: u, roles });
		return { id: p.id, roles };
	};
	fac = await mk(other, ['asn', 'facilitator']);
	asn1 = await mk(unitId, ['asn']);
	asn2 = await mk(sub, ['asn']);
	asn3 = await mk(unitId, ['asn']);
	outsider = await mk(other, ['asn']);
	leader = await mk(other, ['asn', 'leader']);
	// Regency-wide: `other` is a root unit (scoped leaders: scoped-privileges.test.ts).
	await t.db
		.insertInto('leader_scope')
		.values({
			person_id: leader.id,
			org_unit_id: other,
			granted_by: null,
			granted_at: '2026-01-01'
		})
		.execute();
});
afterAll(() => t.destroy());

describe('rounds', () => {
	it('only facilitators create and edit rounds; defaults come from DESIGN.md', async () => {
		await expect(createRound(t.db, asn1, { title: 'x', purpose: 'y' })).rejects.toEqual(
			rule('round_error_forbidden')
		);
		const id = await createRound(t.db, fac, { title: 'x', purpose: 'y' });
		const round = await getRound(t.db, id);
		expect(round.phase).toBe('draft');
		expect(round.min_group_size).toBe(5);
		expect(JSON.parse(round.criteria_json).map((c: { key: string }) => c.key)).toEqual([
			'relevance',
			'measurability',
			'controllability',
			'fairness'
		]);
		await expect(updateRound(t.db, asn1, id, { title: 'z' })).rejects.toEqual(
			rule('access_error_round_facilitators')
		);
		await expect(updateRound(t.db, fac, id, { minGroupSize: 2 })).rejects.toEqual(
			rule('round_k_min')
		);
		const audit = await t.db
			.selectFrom('audit_log')
			.select('action')
			.where('object_type', '=', 'round')
			.where('object_id', '=', String(id))
			.execute();
		expect(audit.map((a) => a.action)).toContain('round.create');
	});

	it('freezes scope after draft and criteria/rule/k once rating opens', async () => {
		const id = await openRound();
		await expect(
			updateRound(t.db, fac, id, { scope: { units: [], positionTypes: [] } })
		).rejects.toEqual(rule('round_error_scope_frozen'));
		await updateRound(t.db, fac, id, { minGroupSize: 6 });
		const p = await propose(id, asn1);
		await transitionRound(t.db, id, 'discussing', fac.id);
		await decideProposal(t.db, fac, p, 'shortlisted', 'Jelas dan terukur');
		await transitionRound(t.db, id, 'rating', fac.id);
		await expect(
			updateRound(t.db, fac, id, { criteria: DEFAULT_CRITERIA.slice(0, 2) })
		).rejects.toEqual(rule('round_error_rating_frozen'));
		await expect(updateRound(t.db, fac, id, { minGroupSize: 7 })).rejects.toEqual(
			rule('round_error_rating_frozen')
		);
		await expect(
			updateRound(t.db, fac, id, {
				consensusRule: {
					minMedian: 3,
					minAgreePct: 50,
					maxDisagreePct: 30,
					maxIqr: 2,
					groupAware: null,
					maxDelphiIterations: 3
				}
			})
		).rejects.toEqual(rule('round_error_rating_frozen'));
		// The Delphi stopping rule is part of the pre-registered rule: frozen too.
		await expect(
			updateRound(t.db, fac, id, {
				consensusRule: { ...DEFAULT_CONSENSUS_RULE, maxDelphiIterations: 5 }
			})
		).rejects.toEqual(rule('round_error_rating_frozen'));
		// Unchanged values and other fields are still fine.
		await updateRound(t.db, fac, id, {
			title: 'Baru',
			criteria: DEFAULT_CRITERIA,
			minGroupSize: 6
		});
		expect((await getRound(t.db, id)).title).toBe('Baru');
	});

	it('advances by schedule on access, audited as the schedule', async () => {
		const id = await openRound();
		const now = new Date('2030-01-10T00:00:00Z');
		await updateRound(t.db, fac, id, {
			schedule: { proposing: '2030-01-01T00:00:00.000Z', discussing: '2030-02-01T00:00:00.000Z' }
		});
		expect(await applySchedule(t.db, id, now)).toBe(1);
		expect((await getRound(t.db, id)).phase).toBe('discussing');
		const log = await t.db
			.selectFrom('audit_log')
			.selectAll()
			.where('object_id', '=', String(id))
			.where('action', '=', 'round.phase.scheduled')
			.execute();
		expect(log).toHaveLength(1);
		expect(log[0].actor_id).toBeNull();
		// Discussion cannot roll into rating with an empty shortlist.
		expect(await applySchedule(t.db, id, new Date('2030-03-01T00:00:00Z'))).toBe(0);
		await expect(
			updateRound(t.db, fac, id, {
				schedule: { proposing: '2030-02-01T00:00:00.000Z', discussing: '2030-01-01T00:00:00.000Z' }
			})
		).rejects.toEqual(rule('round_schedule_order'));
	});

	it('shows drafts to facilitators only and rounds to staff in scope only', async () => {
		const draft = await createRound(t.db, fac, {
			title: 'Draf',
			purpose: 'p',
			scope: { units: [{ id: unitId, descendants: false }], positionTypes: [] }
		});
		const round = await getRound(t.db, draft);
		await expect(requireViewer(t.db, round, asn1)).rejects.toEqual(rule('round_error_not_found'));
		await requireViewer(t.db, round, fac);
		await transitionRound(t.db, draft, 'proposing', fac.id);
		const open = await getRound(t.db, draft);
		await requireViewer(t.db, open, asn1);
		await requireViewer(t.db, open, leader);
		// Without descendants, the sub-unit is out of scope.
		await expect(requireViewer(t.db, open, asn2)).rejects.toEqual(rule('round_error_out_of_scope'));
		await expect(requireViewer(t.db, open, outsider)).rejects.toEqual(
			rule('round_error_out_of_scope')
		);
		expect((await listRoundsFor(t.db, outsider)).map((r) => r.id)).not.toContain(draft);
		expect((await listRoundsFor(t.db, asn1)).map((r) => r.id)).toContain(draft);
		const counts = await roundCounts(t.db, open);
		expect(counts.eligible).toBe(2);
	});
});

describe('proposals', () => {
	it('refuses the wrong phase, people out of scope, and below the minimum SMART score', async () => {
		const id = await openRound();
		await expect(
			createProposal(t.db, outsider, id, fields(), { clientToken: tok(), confirmUnique: true })
		).rejects.toEqual(rule('round_error_out_of_scope'));
		await t.db.updateTable('round').set({ min_smart_score: 100 }).where('id', '=', id).execute();
		await expect(
			createProposal(t.db, asn1, id, fields({ baseline: '-', formula: 'x' }), {
				clientToken: tok(),
				confirmUnique: true
			})
		).rejects.toEqual(rule('proposal_error_smart_min'));
		await t.db.updateTable('round').set({ min_smart_score: 0 }).where('id', '=', id).execute();
		await transitionRound(t.db, id, 'discussing', fac.id);
		await expect(
			createProposal(t.db, asn1, id, fields(), { clientToken: tok(), confirmUnique: true })
		).rejects.toEqual(rule('round_error_wrong_phase'));
	});

	it('shows similar proposals first and makes one row from a double submit', async () => {
		const id = await openRound();
		const first = await propose(id, asn1);
		const similar = await createProposal(
			t.db,
			asn2,
			id,
			fields({ name: 'Penerbitan KTP-el tepat satu hari kerja' }),
			{ clientToken: tok(), confirmUnique: false }
		);
		expect(similar.kind).toBe('similar');
		if (similar.kind === 'similar') expect(similar.similar[0].id).toBe(first);
		const token = tok();
		const a = await createProposal(t.db, asn3, id, fields({ name: 'Rapat koordinasi' }), {
			clientToken: token,
			confirmUnique: true
		});
		const b = await createProposal(t.db, asn3, id, fields({ name: 'Rapat koordinasi' }), {
			clientToken: token,
			confirmUnique: true
		});
		expect(a.kind).toBe('created');
		expect(b).toEqual({ kind: 'duplicate', id: (a as { id: number }).id });
		const rows = await t.db
			.selectFrom('indicator')
			.select('id')
			.where('round_id', '=', id)
			.where('author_id', '=', asn3.id)
			.execute();
		expect(rows).toHaveLength(1);
	});

	it('keeps every revision with a diff; only the author, only until discussion closes', async () => {
		const id = await openRound();
		const p = await propose(id, asn1);
		await expect(
			reviseProposal(t.db, asn2, p, fields({ target: '99%' }), 'bukan milik saya')
		).rejects.toEqual(rule('proposal_error_not_author'));
		await expect(reviseProposal(t.db, asn1, p, fields(), 'sama')).rejects.toEqual(
			rule('proposal_error_no_change')
		);
		expect(await reviseProposal(t.db, asn1, p, fields({ target: '98%' }), 'Lebih ambisius')).toBe(
			2
		);
		await transitionRound(t.db, id, 'discussing', fac.id);
		expect(
			await reviseProposal(t.db, asn1, p, fields({ target: '97%', baseline: '85%' }), 'Data baru')
		).toBe(3);
		const d = await diffVersions(t.db, p, 1, 3);
		const target = d.fields.find((f) => f.field === 'target')!;
		expect(target.changed).toBe(true);
		expect(
			target.parts
				.filter((x) => x.removed)
				.map((x) => x.value)
				.join('')
		).toContain('95');
		expect(
			target.parts
				.filter((x) => x.added)
				.map((x) => x.value)
				.join('')
		).toContain('97');
		expect(d.revisions.map((r) => r.reason)).toEqual(['', 'Lebih ambisius', 'Data baru']);
		await decideProposal(t.db, fac, p, 'shortlisted', 'ok');
		await transitionRound(t.db, id, 'rating', fac.id);
		await expect(
			reviseProposal(t.db, asn1, p, fields({ target: '90%' }), 'terlambat')
		).rejects.toEqual(rule('round_error_wrong_phase'));
	});

	it('withdraws only the author’s own proposal', async () => {
		const id = await openRound();
		const p = await propose(id, asn1);
		await expect(withdrawProposal(t.db, asn2, p)).rejects.toEqual(
			rule('proposal_error_not_author')
		);
		await withdrawProposal(t.db, asn1, p);
		expect((await listProposals(t.db, id, {})).items.map((i) => i.id)).not.toContain(p);
		expect((await listProposals(t.db, id, { status: 'withdrawn' })).total).toBe(1);
	});

	it('merges duplicates: comments and supporters move, audited; only facilitators', async () => {
		const id = await openRound();
		const target = await propose(id, asn1);
		const source = await propose(id, asn2, { name: 'KTP-el jadi satu hari' });
		await setSupport(t.db, asn3, source, true);
		const c = await addComment(t.db, asn3, source, {
			body: 'Setuju',
			stance: 'support',
			parentId: null,
			clientToken: tok()
		});
		await expect(mergeProposal(t.db, asn1, source, target, 'dup')).rejects.toEqual(
			rule('access_error_round_facilitators')
		);
		await mergeProposal(t.db, fac, source, target, 'Sama maksudnya');
		const s = await t.db
			.selectFrom('indicator')
			.selectAll()
			.where('id', '=', source)
			.executeTakeFirstOrThrow();
		const tg = await t.db
			.selectFrom('indicator')
			.selectAll()
			.where('id', '=', target)
			.executeTakeFirstOrThrow();
		expect(s.status).toBe('merged');
		expect(s.merged_into_id).toBe(target);
		expect(tg.supporter_count).toBe(2); // asn3 and asn2 (the duplicate's author)
		expect(tg.comment_count).toBe(1);
		const moved = await t.db
			.selectFrom('comment')
			.selectAll()
			.where('id', '=', c.id)
			.executeTakeFirstOrThrow();
		expect(moved.indicator_id).toBe(target);
		expect(moved.moved_from_indicator_id).toBe(source);
		await expect(mergeProposal(t.db, fac, source, target, 'lagi')).rejects.toEqual(
			rule('proposal_error_merged')
		);
		const audit = await t.db
			.selectFrom('audit_log')
			.select('action')
			.where('object_type', '=', 'indicator')
			.where('object_id', '=', String(source))
			.execute();
		expect(audit.map((a) => a.action)).toContain('indicator.merge');
		expect((await listNotifications(t.db, asn2.id)).map((n) => n.kind)).toContain('notif_merged');
	});

	it('shortlists with a reason and posts an official response, notifying the author', async () => {
		const id = await openRound('discussing');
		const p = await propose(id, asn1).catch(() => 0);
		expect(p).toBe(0); // no proposals while discussing
		const id2 = await openRound();
		const q = await propose(id2, asn1);
		await expect(decideProposal(t.db, asn2, q, 'shortlisted', 'x')).rejects.toEqual(
			rule('access_error_round_facilitators')
		);
		await decideProposal(t.db, fac, q, 'not_shortlisted', 'Sudah tercakup indikator lain');
		await respondOfficially(t.db, fac, q, 'Terima kasih; lihat indikator 12.');
		const view = await viewProposal(t.db, asn1, q);
		expect(view.indicator.status).toBe('not_shortlisted');
		expect(view.indicator.status_reason).toBe('Sudah tercakup indikator lain');
		expect(view.indicator.official_response).toContain('Terima kasih');
		const kinds = (await listNotifications(t.db, asn1.id)).map((n) => n.kind);
		expect(kinds).toEqual(expect.arrayContaining(['notif_status', 'notif_official_response']));
		expect(await unreadCount(t.db, asn1.id)).toBeGreaterThan(0);
		await markRead(t.db, asn2.id, null); // someone else's read does not touch asn1's
		expect(await unreadCount(t.db, asn1.id)).toBeGreaterThan(0);
		await markRead(t.db, asn1.id, null);
		expect(await unreadCount(t.db, asn1.id)).toBe(0);
	});

	it('lists with search, filters, sort and pagination', async () => {
		const id = await openRound();
		for (let i = 0; i < 25; i++) {
			await propose(id, i % 2 ? asn1 : asn2, {
				name: `Indikator nomor ${i} ${i % 3 ? 'layanan' : 'anggaran'}`,
				aspect: i % 2 ? 'kuantitas' : 'waktu'
			});
		}
		const page1 = await listProposals(t.db, id, { pageSize: 10 });
		expect(page1.total).toBe(25);
		expect(page1.pages).toBe(3);
		expect(page1.items).toHaveLength(10);
		const page3 = await listProposals(t.db, id, { pageSize: 10, page: 3 });
		expect(page3.items).toHaveLength(5);
		expect((await listProposals(t.db, id, { q: 'ANGGARAN' })).total).toBe(9);
		expect((await listProposals(t.db, id, { aspect: 'waktu' })).total).toBe(13);
		const byName = await listProposals(t.db, id, { sort: 'name', pageSize: 3 });
		expect(byName.items[0].name <= byName.items[1].name).toBe(true);
		expect(
			(await findSimilar(t.db, id, { name: 'Indikator nomor 7 layanan', definition: '' }))[0].name
		).toBe('Indikator nomor 7 layanan');
	});
});

describe('discussion', () => {
	it('threads replies, notifies, and refuses out of scope, wrong phase and too deep', async () => {
		const id = await openRound('proposing');
		const p = await propose(id, asn1);
		await transitionRound(t.db, id, 'discussing', fac.id);
		const add = (who: P, parentId: number | null, body = 'Komentar') =>
			addComment(t.db, who, p, { body, stance: 'neutral', parentId, clientToken: tok() });
		await expect(add(outsider, null)).rejects.toEqual(rule('round_error_out_of_scope'));
		const c0 = await add(asn2, null);
		const c1 = await add(asn3, c0.id);
		const c2 = await add(asn2, c1.id);
		const c3 = await add(asn3, c2.id);
		await expect(add(asn2, c3.id)).rejects.toEqual(rule('comment_error_depth'));
		const tree = await thread(t.db, asn1, p);
		expect(tree).toHaveLength(1);
		expect(tree[0].children[0].children[0].children[0].id).toBe(c3.id);
		const kinds = (await listNotifications(t.db, asn2.id)).map((n) => n.kind);
		expect(kinds).toContain('notif_reply_comment');
		expect((await listNotifications(t.db, asn1.id)).map((n) => n.kind)).toContain(
			'notif_reply_proposal'
		);
		const token = tok();
		const d1 = await addComment(t.db, asn2, p, {
			body: 'x',
			stance: 'support',
			parentId: null,
			clientToken: token
		});
		const d2 = await addComment(t.db, asn2, p, {
			body: 'x',
			stance: 'support',
			parentId: null,
			clientToken: token
		});
		expect(d2).toEqual({ kind: 'duplicate', id: d1.id });
		await decideProposal(t.db, fac, p, 'shortlisted', 'ok');
		await transitionRound(t.db, id, 'rating', fac.id);
		await expect(add(asn2, null)).rejects.toEqual(rule('round_error_wrong_phase'));
	});

	it('renders Markdown-lite safely and keeps edits within the window, author only', async () => {
		const id = await openRound();
		const p = await propose(id, asn1);
		const c = await addComment(t.db, asn2, p, {
			body: '<script>alert(1)</script> **tebal** [x](javascript:alert(1)) https://bps.go.id\n\n- satu\n- dua',
			stance: 'concern',
			parentId: null,
			clientToken: tok()
		});
		const [node] = await thread(t.db, asn1, p);
		expect(node.html).not.toContain('<script>');
		expect(node.html).toContain('&lt;script&gt;');
		expect(node.html).toContain('<strong>tebal</strong>');
		expect(node.html).not.toContain('href="javascript:');
		expect(node.html).toContain('<a href="https://bps.go.id" rel="nofollow noopener noreferrer">');
		expect(node.html).toContain('<li>satu</li>');
		await expect(
			editComment(t.db, asn3, c.id, { body: 'bukan milik saya', stance: 'support' })
		).rejects.toEqual(rule('comment_error_not_author'));
		await editComment(t.db, asn2, c.id, { body: 'Diperbaiki', stance: 'neutral' });
		const [edited] = await thread(t.db, asn1, p);
		expect(edited.html).toContain('Diperbaiki');
		expect(edited.previousVersions[0].html).toContain('&lt;script&gt;');
		const late = new Date(Date.now() + 16 * 60_000);
		await expect(
			editComment(t.db, asn2, c.id, { body: 'terlambat', stance: 'neutral' }, late)
		).rejects.toEqual(rule('comment_error_edit_window'));
	});

	it('report → moderation queue → hide with reason; nothing deleted; audited', async () => {
		const id = await openRound();
		const p = await propose(id, asn1);
		const c = await addComment(t.db, asn2, p, {
			body: 'Komentar kasar',
			stance: 'concern',
			parentId: null,
			clientToken: tok()
		});
		await expect(reportComment(t.db, outsider, c.id, 'kasar')).rejects.toEqual(
			rule('round_error_out_of_scope')
		);
		await expect(reportComment(t.db, asn2, c.id, 'sendiri')).rejects.toEqual(
			rule('comment_error_own')
		);
		await reportComment(t.db, asn3, c.id, 'Tidak sopan');
		await reportComment(t.db, asn3, c.id, 'Tidak sopan'); // double submit
		await reportComment(t.db, asn1, c.id, 'Menyerang pribadi');
		await expect(moderationQueue(t.db, asn1)).rejects.toEqual(rule('round_error_forbidden'));
		const queue = await moderationQueue(t.db, fac, id);
		expect(queue).toHaveLength(1);
		expect(queue[0].reasons).toHaveLength(2);
		await expect(hideComment(t.db, asn1, c.id, 'x')).rejects.toEqual(
			rule('access_error_round_facilitators')
		);
		await hideComment(t.db, fac, c.id, 'Melanggar etika diskusi');
		expect(await moderationQueue(t.db, fac, id)).toHaveLength(0);
		const [node] = await thread(t.db, asn1, p);
		expect(node.html).toBeNull();
		expect(node.hiddenReason).toBe('Melanggar etika diskusi');
		// Who wrote a hidden comment, and on which side, is withheld with its text — from readers
		// and facilitators alike; only its author is told it is theirs.
		const author = await t.db
			.selectFrom('person')
			.select('full_name')
			.where('id', '=', asn2.id)
			.executeTakeFirstOrThrow();
		for (const reader of [asn1, fac]) {
			const [seen] = await thread(t.db, reader, p);
			expect(seen).toMatchObject({ authorId: null, authorName: null, stance: null, mine: false });
			expect(JSON.stringify(seen)).not.toContain(author.full_name);
			expect(JSON.stringify(seen)).not.toContain('concern');
		}
		expect((await thread(t.db, asn2, p))[0]).toMatchObject({ mine: true, authorName: null });
		const row = await t.db
			.selectFrom('comment')
			.select('body')
			.where('id', '=', c.id)
			.executeTakeFirstOrThrow();
		expect(row.body).toBe('Komentar kasar');
		const audit = await t.db
			.selectFrom('audit_log')
			.select('action')
			.where('object_type', '=', 'comment')
			.where('object_id', '=', String(c.id))
			.execute();
		expect(audit.map((a) => a.action)).toEqual(['comment.hide']);
		// A second comment's reports can be dismissed instead.
		const c2 = await addComment(t.db, asn2, p, {
			body: 'Biasa',
			stance: 'neutral',
			parentId: null,
			clientToken: tok()
		});
		await reportComment(t.db, asn3, c2.id, 'salah paham');
		await dismissReports(t.db, fac, c2.id);
		expect(await moderationQueue(t.db, fac, id)).toHaveLength(0);
	});
});

describe('phase gates of every proposal and discussion action', () => {
	it('refuses each action once its phase is over, with the wrong-phase rule', async () => {
		const id = await openRound();
		const p = await propose(id, asn1);
		const q = await propose(id, asn2, {
			name: 'Jumlah akta kelahiran terbit',
			aspect: 'kuantitas'
		});
		const comment = (who: P) =>
			addComment(t.db, who, p, {
				body: 'Setuju',
				stance: 'support',
				parentId: null,
				clientToken: tok()
			});
		const c = await comment(asn3);
		await decideProposal(t.db, fac, p, 'shortlisted', 'Jelas');
		await transitionRound(t.db, id, 'discussing', fac.id);
		await transitionRound(t.db, id, 'rating', fac.id);

		const wrongPhase = rule('round_error_wrong_phase');
		// Rating: proposals and their discussion are frozen.
		await expect(
			createProposal(t.db, asn3, id, fields({ name: 'Baru' }), {
				clientToken: tok(),
				confirmUnique: true
			})
		).rejects.toEqual(wrongPhase);
		await expect(setSupport(t.db, asn2, p, true)).rejects.toEqual(wrongPhase);
		await expect(withdrawProposal(t.db, asn1, p)).rejects.toEqual(wrongPhase);
		await expect(
			reviseProposal(t.db, asn1, p, fields({ target: '99%' }), 'Terlambat')
		).rejects.toEqual(wrongPhase);
		await expect(comment(asn2)).rejects.toEqual(wrongPhase);
		await expect(
			editComment(t.db, asn3, c.id, { body: 'Diubah', stance: 'neutral' })
		).rejects.toEqual(wrongPhase);
		await expect(decideProposal(t.db, fac, q, 'shortlisted', 'Terlambat')).rejects.toEqual(
			wrongPhase
		);
		await expect(mergeProposal(t.db, fac, q, p, 'Terlambat')).rejects.toEqual(wrongPhase);
		// Reports and official responses stay possible while rating, not after closing.
		await reportComment(t.db, asn1, c.id, 'Perlu dicek');
		await respondOfficially(t.db, fac, p, 'Masuk penilaian');
		await transitionRound(t.db, id, 'closed', fac.id);
		await expect(reportComment(t.db, asn2, c.id, 'Terlambat')).rejects.toEqual(wrongPhase);
		await expect(respondOfficially(t.db, fac, p, 'Terlambat')).rejects.toEqual(wrongPhase);

		// Nothing of the refused actions was written.
		const indicators = await t.db
			.selectFrom('indicator')
			.select(['id', 'status', 'version'])
			.where('round_id', '=', id)
			.orderBy('id')
			.execute();
		expect(indicators).toEqual([
			{ id: p, status: 'shortlisted', version: 1 },
			{ id: q, status: 'submitted', version: 1 }
		]);
		const comments = await t.db
			.selectFrom('comment')
			.select(['body', 'edited_at'])
			.where('round_id', '=', id)
			.execute();
		expect(comments).toEqual([{ body: 'Setuju', edited_at: null }]);
	});
});

describe('scale', () => {
	it('lists, searches and finds similar proposals quickly with 1,000 in a round', async () => {
		const id = await openRound();
		const now = new Date().toISOString();
		const rows = Array.from({ length: 1000 }, (_, i) => ({
			round_id: id,
			author_id: i % 2 ? asn1.id : asn2.id,
			org_unit_id: unitId,
			status: 'submitted' as const,
			merged_into_id: null,
			...fields({ name: `Persentase layanan nomor ${i} selesai tepat waktu` }),
			smart_score: 90,
			search_text: `persentase layanan nomor ${i} selesai tepat waktu`,
			comment_count: i % 13,
			client_token: `scale-${i}-aaaaaaaaaaaaaaa`,
			created_at: now,
			updated_at: now
		}));
		for (let i = 0; i < rows.length; i += 100) {
			await t.db
				.insertInto('indicator')
				.values(rows.slice(i, i + 100))
				.execute();
		}
		const started = performance.now();
		const list = await listProposals(t.db, id, { q: 'nomor 99', sort: 'most_discussed' });
		const last = await listProposals(t.db, id, { page: 50 });
		const similar = await findSimilar(t.db, id, {
			name: 'Persentase layanan nomor 512 selesai tepat waktu',
			definition: ''
		});
		const elapsed = performance.now() - started;
		expect(list.total).toBe(11); // 99 and 990–999
		expect(last.items).toHaveLength(20);
		expect(similar[0].name).toBe('Persentase layanan nomor 512 selesai tepat waktu');
		expect(elapsed).toBeLessThan(2000);
	});
});
