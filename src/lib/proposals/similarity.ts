import { searchable } from '$lib/text';

// Function words that carry no meaning for matching (Indonesian first, then English).
const STOPWORDS = new Set([
	'yang',
	'dan',
	'di',
	'ke',
	'dari',
	'untuk',
	'pada',
	'dengan',
	'dalam',
	'atau',
	'ini',
	'itu',
	'adalah',
	'oleh',
	'sebagai',
	'per',
	'setiap',
	'tiap',
	'jumlah',
	'persentase',
	'tingkat',
	'the',
	'of',
	'and',
	'to',
	'in',
	'for',
	'a',
	'an',
	'on',
	'by',
	'number',
	'percentage',
	'rate'
]);

/**
 * A light Indonesian stemmer: strips the commonest suffixes and prefixes so that "pelayanan",
 * "layanan" and "melayani" meet. Deliberately conservative — a word keeps at least 4 letters.
 */
export function stem(word: string): string {
	let w = word;
	const strip = (re: RegExp) => {
		const next = w.replace(re, '');
		if (next.length >= 4) w = next;
	};
	strip(/(lah|kah|nya|pun)$/);
	strip(/(kan|an|i)$/);
	strip(/^(meng|meny|mem|men|me|peng|peny|pem|pen|pe|ber|be|ter|di|ke|se)/);
	strip(/^(per|pe)/);
	return w;
}

/** Meaningful, stemmed tokens of a text. */
export function tokens(text: string): string[] {
	return searchable(text)
		.split(' ')
		.filter((t) => (t.length > 1 || /\d/.test(t)) && !STOPWORDS.has(t))
		.map(stem);
}

function trigrams(text: string): Set<string> {
	const grams = new Set<string>();
	for (const word of tokens(text)) {
		const padded = ` ${word} `;
		for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
	}
	return grams;
}

function dice(a: Set<string>, b: Set<string>): number {
	if (a.size === 0 || b.size === 0) return 0;
	let common = 0;
	for (const x of a) if (b.has(x)) common++;
	return (2 * common) / (a.size + b.size);
}

export interface SimilarityDoc {
	name: string;
	definition: string;
}

/** Pre-computed features of a text, so one query can be compared with many proposals cheaply. */
export interface Features {
	nameTokens: Set<string>;
	allTokens: Set<string>;
	grams: Set<string>;
}

export function features(doc: SimilarityDoc): Features {
	return {
		nameTokens: new Set(tokens(doc.name)),
		allTokens: new Set(tokens(`${doc.name} ${doc.definition}`)),
		grams: trigrams(doc.name)
	};
}

/**
 * 0–1 similarity of two proposals: the best of name-token overlap, name trigram overlap (which
 * survives spelling variants and affixes the stemmer misses) and a damped whole-text overlap.
 */
export function similarity(a: Features, b: Features): number {
	return Math.max(
		dice(a.nameTokens, b.nameTokens),
		dice(a.grams, b.grams),
		0.8 * dice(a.allTokens, b.allTokens)
	);
}

export const SIMILARITY_THRESHOLD = 0.5;

/**
 * The most similar candidates above the threshold, best first. `featuresOf` lets a caller
 * supply cached features (the server keeps them per proposal version).
 */
export function mostSimilar<T extends SimilarityDoc>(
	query: SimilarityDoc,
	candidates: T[],
	limit = 5,
	threshold = SIMILARITY_THRESHOLD,
	featuresOf: (c: T) => Features = features
): (T & { similarity: number })[] {
	const q = features(query);
	if (q.nameTokens.size === 0 && q.allTokens.size === 0) return [];
	return candidates
		.map((c) => ({ ...c, similarity: similarity(q, featuresOf(c)) }))
		.filter((c) => c.similarity >= threshold)
		.sort((x, y) => y.similarity - x.similarity)
		.slice(0, limit);
}
