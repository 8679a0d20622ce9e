import { searchable } from '$lib/text';

/** The fields the SMART check reads; all optional so it can run on a half-filled form. */
export interface SmartInput {
	name?: string | null;
	definition?: string | null;
	formula?: string | null;
	unit_of_measure?: string | null;
	target?: string | null;
	baseline?: string | null;
	data_source?: string | null;
	frequency?: string | null;
	aspect?: string | null;
	unit_goal?: string | null;
	fairness_rationale?: string | null;
}

export type SmartLetter = 'S' | 'M' | 'A' | 'R' | 'T';

export interface SmartIssue {
	/** Catalogue key of the advice (`proposal_smart_…`). */
	key: string;
	letter: SmartLetter;
	field: keyof SmartInput;
}

export interface SmartResult {
	/** 0–100: the share of checks passed. */
	score: number;
	issues: SmartIssue[];
	passed: number;
	total: number;
}

// Verbs that say a direction but not a result ("increase", "optimise"): fine in a definition
// when the target gives a number, weak on their own in the name of an indicator.
const VAGUE = [
	'meningkatkan',
	'mengoptimalkan',
	'memaksimalkan',
	'mendukung',
	'memantapkan',
	'mengupayakan',
	'memperkuat',
	'menyempurnakan',
	'mengefektifkan',
	'improve',
	'increase',
	'optimise',
	'optimize',
	'enhance',
	'support',
	'strengthen',
	'maximise',
	'maximize'
];

const QUANTITATIVE_ASPECTS = new Set(['kuantitas', 'waktu', 'biaya']);
const NUMBER = /\d/;

const filled = (v: string | null | undefined, min = 1) => (v ?? '').trim().length >= min;

/**
 * Advises what a proposal still lacks to be Specific, Measurable, Achievable, Relevant and
 * Time-bound. Runs in the browser as the person types and again on the server at submit.
 */
export function smartCheck(input: SmartInput): SmartResult {
	const checks: [boolean, SmartIssue][] = [];
	const add = (ok: boolean, key: string, letter: SmartLetter, field: keyof SmartInput) =>
		checks.push([ok, { key, letter, field }]);

	const nameWords = searchable(input.name ?? '')
		.split(' ')
		.filter(Boolean);
	add(nameWords.length >= 3, 'proposal_smart_name_short', 'S', 'name');
	add(
		!nameWords.some((w) => VAGUE.includes(w)) || NUMBER.test(input.target ?? ''),
		'proposal_smart_vague_verb',
		'S',
		'name'
	);
	add(filled(input.definition, 40), 'proposal_smart_definition_short', 'S', 'definition');
	add(filled(input.formula, 10), 'proposal_smart_no_formula', 'M', 'formula');
	add(filled(input.unit_of_measure), 'proposal_smart_no_unit', 'M', 'unit_of_measure');
	add(filled(input.target), 'proposal_smart_no_target', 'M', 'target');
	add(
		!filled(input.target) ||
			!QUANTITATIVE_ASPECTS.has(input.aspect ?? '') ||
			NUMBER.test(input.target ?? ''),
		'proposal_smart_target_not_numeric',
		'M',
		'target'
	);
	add(filled(input.data_source, 3), 'proposal_smart_no_data_source', 'M', 'data_source');
	add(filled(input.baseline), 'proposal_smart_no_baseline', 'A', 'baseline');
	add(filled(input.unit_goal, 10), 'proposal_smart_no_goal', 'R', 'unit_goal');
	add(
		filled(input.fairness_rationale, 20),
		'proposal_smart_no_fairness',
		'R',
		'fairness_rationale'
	);
	add(filled(input.frequency), 'proposal_smart_no_frequency', 'T', 'frequency');

	const passed = checks.filter(([ok]) => ok).length;
	return {
		score: Math.round((100 * passed) / checks.length),
		issues: checks.filter(([ok]) => !ok).map(([, issue]) => issue),
		passed,
		total: checks.length
	};
}
