import { describe, expect, it } from 'vitest';
import { proposalFieldsSchema, newProposalSchema } from '$lib/validation/proposal';
import { commentSchema } from '$lib/validation/comment';
import { parseCriteriaRows, roundRatingSetupSchema } from '$lib/validation/round';
import { isoToLocal, localToIso } from '$lib/rounds/schedule';
import { canTransition } from '$lib/rounds/phases';
import { consensusRuleSchema, DEFAULT_CONSENSUS_RULE } from '$lib/rounds/criteria';

const valid = {
	name: 'Persentase KTP-el terbit satu hari',
	definition: 'd',
	formula: 'f',
	unit_of_measure: 'persen',
	target: '95%',
	baseline: '80%',
	data_source: 'SIAK',
	frequency: 'bulanan',
	perspective: 'penerima_layanan',
	aspect: 'waktu',
	kind: 'hasil_kerja',
	berakhlak_value: '',
	unit_goal: 'g',
	fairness_rationale: 'r'
};

describe('proposal form', () => {
	it('refuses empty required fields, over-long text and unknown choices', () => {
		const r = proposalFieldsSchema.safeParse({
			...valid,
			name: '  ',
			aspect: 'lainnya',
			target: 'x'.repeat(121)
		});
		expect(r.success).toBe(false);
		const paths = r.error!.issues.map((i) => i.path[0]);
		expect(paths).toEqual(expect.arrayContaining(['name', 'aspect', 'target']));
	});

	it('needs a BerAKHLAK value for perilaku kerja and drops it for hasil kerja', () => {
		const missing = proposalFieldsSchema.safeParse({ ...valid, kind: 'perilaku_kerja' });
		expect(missing.error?.issues[0].message).toBe('proposal_berakhlak_required');
		const dropped = proposalFieldsSchema.parse({ ...valid, berakhlak_value: 'loyal' });
		expect(dropped.berakhlak_value).toBeNull();
	});

	it('keeps script text as text (escaped on output), and needs a well-formed client token', () => {
		const r = proposalFieldsSchema.parse({ ...valid, name: '<script>alert(1)</script> KTP' });
		expect(r.name).toBe('<script>alert(1)</script> KTP');
		expect(newProposalSchema.safeParse({ ...valid, client_token: 'short' }).success).toBe(false);
		expect(
			newProposalSchema.safeParse({ ...valid, client_token: 'abcdefghijklmnopqrstuv' }).success
		).toBe(true);
	});
});

describe('comment form', () => {
	it('refuses empty and over-long bodies and unknown stances', () => {
		const base = { body: 'ok', stance: 'support', client_token: 'abcdefghijklmnopqrstuv' };
		expect(commentSchema.safeParse(base).success).toBe(true);
		expect(commentSchema.safeParse({ ...base, body: ' ' }).success).toBe(false);
		expect(commentSchema.safeParse({ ...base, body: 'x'.repeat(4001) }).success).toBe(false);
		expect(commentSchema.safeParse({ ...base, stance: 'angry' }).success).toBe(false);
		expect(commentSchema.safeParse({ ...base, parent_id: '-3' }).success).toBe(false);
	});
});

describe('round form', () => {
	it('reads criteria rows with labelled points and reports errors by field', () => {
		const ok = parseCriteriaRows({
			c0_key: 'relevance',
			c0_label_id: 'Relevansi',
			c0_label_en: 'Relevance',
			c0_points_id: 'a | b | c | d | e',
			c0_points_en: 'A | B | C | D | E'
		});
		expect(ok.ok && ok.criteria[0].points?.en[5]).toBe('E');
		const bad = parseCriteriaRows({
			c0_key: 'Bad Key',
			c0_label_id: 'x',
			c0_label_en: 'x',
			c1_key: 'ok',
			c1_label_id: 'y',
			c1_label_en: 'y',
			c1_points_id: 'a | b'
		});
		expect(bad.ok).toBe(false);
		if (!bad.ok) {
			expect(bad.errors.c0_key).toBe('round_criterion_key_invalid');
			expect(bad.errors.c1_points_id).toBe('round_points_invalid');
		}
		const none = parseCriteriaRows({});
		expect(!none.ok && none.errors.c0_key).toBe('round_criteria_required');
		const dup = parseCriteriaRows({
			c0_key: 'a1',
			c0_label_id: 'x',
			c0_label_en: 'x',
			c1_key: 'a1',
			c1_label_id: 'y',
			c1_label_en: 'y'
		});
		expect(!dup.ok && dup.errors.c1_key).toBe('round_criteria_duplicate');
	});

	it('refuses k below 3', () => {
		const r = roundRatingSetupSchema.safeParse({
			rule_min_median: '4',
			rule_min_agree: '70',
			rule_max_disagree: '15',
			rule_max_iqr: '1',
			rule_group_aware: '',
			min_group_size: '2'
		});
		expect(r.error?.issues[0].message).toBe('round_k_min');
	});

	it('reads the Delphi maximum: 0–5, left out or blank means the default 3', () => {
		const setup = (extra: Record<string, string>) =>
			roundRatingSetupSchema.safeParse({
				rule_min_median: '4',
				rule_min_agree: '70',
				rule_max_disagree: '15',
				rule_max_iqr: '1',
				rule_group_aware: '',
				min_group_size: '5',
				...extra
			});
		expect(setup({}).data?.rule_max_delphi).toBe(3);
		expect(setup({ rule_max_delphi: '' }).data?.rule_max_delphi).toBe(3);
		expect(setup({ rule_max_delphi: '0' }).data?.rule_max_delphi).toBe(0);
		expect(setup({ rule_max_delphi: '5' }).data?.rule_max_delphi).toBe(5);
		for (const bad of ['6', '-1', '1.5', 'tiga'])
			expect(setup({ rule_max_delphi: bad }).success).toBe(false);
		// A rule stored before the setting existed reads as the default.
		expect(
			consensusRuleSchema.parse({ ...DEFAULT_CONSENSUS_RULE, maxDelphiIterations: undefined })
				.maxDelphiIterations
		).toBe(3);
	});

	it('reads schedule times as WIB and round-trips them', () => {
		expect(localToIso('2026-12-01T17:00')).toBe('2026-12-01T10:00:00.000Z');
		expect(isoToLocal('2026-12-01T10:00:00.000Z')).toBe('2026-12-01T17:00');
		expect(localToIso('kemarin')).toBeNull();
	});

	it('allows only forward transitions, Delphi repeatable', () => {
		expect(canTransition('rating', 'delphi')).toBe(true);
		expect(canTransition('delphi', 'delphi')).toBe(true);
		expect(canTransition('proposing', 'rating')).toBe(false);
		expect(canTransition('closed', 'rating')).toBe(false);
	});
});
