import { z } from 'zod';
import { line, prose } from '$lib/validation/fields';

/** The five labelled points of a 1–5 rating scale, in one language. */
const pointLabels = z.object({
	1: line(80, 0),
	2: line(80, 0),
	3: line(80, 0),
	4: line(80, 0),
	5: line(80, 0)
});

export const criterionSchema = z.object({
	key: z
		.string()
		.trim()
		.regex(/^[a-z][a-z0-9_]{1,29}$/, { message: 'round_criterion_key_invalid' }),
	label_id: line(80),
	label_en: line(80),
	description_id: prose(300, 0).optional(),
	description_en: prose(300, 0).optional(),
	points: z.object({ id: pointLabels, en: pointLabels }).optional()
});

export type Criterion = z.infer<typeof criterionSchema>;

export const criteriaSchema = z
	.array(criterionSchema)
	.min(1, { message: 'round_criteria_required' })
	.max(8)
	.refine((list) => new Set(list.map((c) => c.key)).size === list.length, {
		message: 'round_criteria_duplicate'
	});

const agreeId = {
	1: 'Sangat tidak setuju',
	2: 'Tidak setuju',
	3: 'Ragu-ragu',
	4: 'Setuju',
	5: 'Sangat setuju'
};
const agreeEn = {
	1: 'Strongly disagree',
	2: 'Disagree',
	3: 'Unsure',
	4: 'Agree',
	5: 'Strongly agree'
};

/** DESIGN.md defaults: relevance, measurability, controllability ("can I influence this?"), fairness. */
export const DEFAULT_CRITERIA: Criterion[] = [
	{
		key: 'relevance',
		label_id: 'Relevansi',
		label_en: 'Relevance',
		description_id: 'Indikator ini mencerminkan pekerjaan dan tujuan unit saya.',
		description_en: 'This indicator reflects my work and my unit’s goals.',
		points: { id: agreeId, en: agreeEn }
	},
	{
		key: 'measurability',
		label_id: 'Keterukuran',
		label_en: 'Measurability',
		description_id: 'Capaiannya dapat diukur secara objektif dari data yang tersedia.',
		description_en: 'Its achievement can be measured objectively from available data.',
		points: { id: agreeId, en: agreeEn }
	},
	{
		key: 'controllability',
		label_id: 'Keterkendalian',
		label_en: 'Controllability',
		description_id: 'Saya dapat memengaruhi capaian indikator ini melalui kerja saya.',
		description_en: 'I can influence this indicator through my own work.',
		points: { id: agreeId, en: agreeEn }
	},
	{
		key: 'fairness',
		label_id: 'Keadilan',
		label_en: 'Fairness',
		description_id: 'Indikator ini adil bagi pegawai yang akan dinilai dengannya.',
		description_en: 'This indicator is fair to the staff who will be assessed by it.',
		points: { id: agreeId, en: agreeEn }
	}
];

export const GROUP_AWARE = ['position_type', 'opd'] as const;

/** Delphi studies rarely gain anything after the third re-rating; a round may allow fewer or up to five. */
export const DEFAULT_MAX_DELPHI_ITERATIONS = 3;
export const MAX_DELPHI_ITERATIONS_CAP = 5;

/** The pre-registered consensus rule; fixed once rating opens. */
export const consensusRuleSchema = z.object({
	minMedian: z.coerce.number().min(1).max(5),
	minAgreePct: z.coerce.number().int().min(0).max(100),
	maxDisagreePct: z.coerce.number().int().min(0).max(100),
	maxIqr: z.coerce.number().min(0).max(4),
	groupAware: z.enum(GROUP_AWARE).nullable(),
	/**
	 * The pre-registered stopping rule: how many Delphi re-ratings the facilitator may open at most.
	 * Rules stored before it existed read as the default.
	 */
	maxDelphiIterations: z.coerce
		.number()
		.int()
		.min(0)
		.max(MAX_DELPHI_ITERATIONS_CAP)
		.default(DEFAULT_MAX_DELPHI_ITERATIONS)
});

export type ConsensusRule = z.infer<typeof consensusRuleSchema>;

/** DESIGN.md default: median ≥ 4, ≥ 70 % rating 4–5, < 15 % rating 1–2, IQR ≤ 1. */
export const DEFAULT_CONSENSUS_RULE: ConsensusRule = {
	minMedian: 4,
	minAgreePct: 70,
	maxDisagreePct: 15,
	maxIqr: 1,
	groupAware: null,
	maxDelphiIterations: DEFAULT_MAX_DELPHI_ITERATIONS
};

// k lives with the disclosure gate, its one home.
export { DEFAULT_MIN_GROUP_SIZE, MIN_GROUP_SIZE_FLOOR } from '$lib/disclosure/thresholds';

// Parsed criteria by their stored JSON: a round's criteria are read on every rating request and
// never change once rating has opened. Deep-frozen, so a caller editing the shared value throws
// instead of silently changing it for everyone.
const parsedCriteria = new Map<string, readonly Criterion[]>();

function deepFreeze<T>(value: T): T {
	if (value && typeof value === 'object') {
		for (const v of Object.values(value)) deepFreeze(v);
		Object.freeze(value);
	}
	return value;
}

export function parseCriteria(json: string): Criterion[] {
	let hit = parsedCriteria.get(json);
	if (!hit) {
		hit = deepFreeze(criteriaSchema.parse(JSON.parse(json)));
		if (parsedCriteria.size >= 256) parsedCriteria.delete(parsedCriteria.keys().next().value!);
		parsedCriteria.set(json, hit);
	}
	return [...hit];
}

export function parseConsensusRule(json: string): ConsensusRule {
	return consensusRuleSchema.parse(JSON.parse(json));
}
