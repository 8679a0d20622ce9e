import { describe, expect, it } from 'vitest';
import {
	bandWidth,
	finalCountShown,
	liveBand,
	liveShareBand,
	LIVE_SHARE_STEP,
	shownUnitCounts
} from '$lib/server/disclosure/participation';
import { STABLE_MAX_CHANGED_PCT } from '$lib/stats/consensus';

/** A small deterministic generator, so that a failure can be replayed. */
function rng(seed: number) {
	let s = seed >>> 0;
	return (n: number) => {
		s = (s * 1664525 + 1013904223) >>> 0;
		return s % n;
	};
}

describe('live bands', () => {
	it('are at least max(10, k) wide, never single out 0 or everyone, and only move up', () => {
		for (const k of [2, 3, 5, 10, 15]) {
			const w = bandWidth(k);
			expect(w).toBe(Math.max(10, k));
			const failures: string[] = [];
			for (let of = 0; of <= 130; of++) {
				const bands = Array.from({ length: of + 1 }, (_, n) => liveBand(n, of, k));
				if (of < 2 * w) {
					if (bands.some((b) => b !== null)) failures.push(`band for ${of} < 2w`);
					continue;
				}
				let changes = 0;
				for (let n = 0; n <= of; n++) {
					const b = bands[n]!;
					if (b.from > n || b.to < n || b.to - b.from + 1 < w || b.of !== of) {
						failures.push(`k=${k} of=${of} n=${n}: ${JSON.stringify(b)}`);
					}
					if (n > 0 && b.from !== bands[n - 1]!.from) {
						changes++;
						if (b.from < bands[n - 1]!.from) failures.push(`k=${k} of=${of} n=${n}: down`);
					}
				}
				// Nobody and everybody each share their band with at least w − 1 other counts.
				if (bands[0]!.to < w - 1 || bands[of]!.from > of - w + 1) failures.push(`ends ${of}`);
				if (changes !== Math.floor(of / w) - 1) failures.push(`k=${k} of=${of}: ${changes} moves`);
			}
			expect(failures).toEqual([]);
		}
	});

	it('give a changed share only when each step is at least w ratings, and the verdict exactly', () => {
		expect(STABLE_MAX_CHANGED_PCT % LIVE_SHARE_STEP).toBe(0);
		for (const k of [5, 12]) {
			const w = bandWidth(k);
			const failures: string[] = [];
			for (let whole = 1; whole <= 400; whole += 7) {
				for (let part = 0; part <= whole; part++) {
					const band = liveShareBand(part, whole, k);
					if ((whole * LIVE_SHARE_STEP) / 100 < w) {
						if (band !== null) failures.push(`${part}/${whole}: early`);
						continue;
					}
					const pct = (100 * part) / whole;
					const verdict = part * 100 < STABLE_MAX_CHANGED_PCT * whole;
					if (
						!band ||
						band.fromPct > pct ||
						band.toPct < pct ||
						band.toPct - band.fromPct !== LIVE_SHARE_STEP ||
						band.toPct <= STABLE_MAX_CHANGED_PCT !== verdict
					) {
						failures.push(`${part}/${whole}: ${JSON.stringify(band)}`);
					}
				}
			}
			expect(failures).toEqual([]);
		}
	});
});

describe('closed counts per unit', () => {
	/**
	 * The attacker knows every unit's eligible count, the round's total of raters (when that is
	 * shown) and the counts shown. A hidden unit's raters lie in [0, eligible] and the hidden ones sum to the rest of the
	 * total; it is exposed when only one value is possible. Every assignment is enumerated.
	 */
	function exposed(units: { count: number; of: number }[], shown: boolean[], k: number): boolean {
		const hidden = units.filter((_, i) => !shown[i]);
		const total = units.reduce((s, u) => s + u.count, 0);
		const everyone = units.reduce((s, u) => s + u.of, 0);
		// The round's own total is released under the same rule (roundParticipation).
		if (!finalCountShown(total, everyone, k)) return false;
		const rest = hidden.reduce((s, u) => s + u.count, 0);
		const possible = hidden.map(() => new Set<number>());
		const walk = (i: number, sum: number, chosen: number[]) => {
			if (i === hidden.length) {
				if (sum === rest) chosen.forEach((v, j) => possible[j].add(v));
				return;
			}
			for (let v = 0; v <= hidden[i].of && sum + v <= rest; v++)
				walk(i + 1, sum + v, [...chosen, v]);
		};
		walk(0, 0, []);
		return possible.some((p) => p.size === 1);
	}

	it('hold against subtraction from the total, over 3,000 random small tables', () => {
		const next = rng(20261201);
		let hiddenTables = 0;
		for (let table = 0; table < 3000; table++) {
			const k = 2 + next(5);
			const units = Array.from({ length: 1 + next(4) }, () => {
				const of = 1 + next(14);
				return { of, count: next(of + 1) };
			});
			const shown = shownUnitCounts(units, k);
			units.forEach((u, i) => {
				if (shown[i]) expect(finalCountShown(u.count, u.of, k)).toBe(true);
			});
			if (shown.some((s) => !s)) hiddenTables++;
			expect(exposed(units, shown, k), JSON.stringify({ k, units, shown })).toBe(false);
		}
		expect(hiddenTables).toBeGreaterThan(1000);
	});

	it('hides the fewest people: the smallest shown unit goes first', () => {
		const units = [
			{ count: 12, of: 20 },
			{ count: 14, of: 14 },
			{ count: 0, of: 3 },
			{ count: 8, of: 20 },
			{ count: 30, of: 60 }
		];
		expect(shownUnitCounts(units, 5)).toEqual([true, false, false, false, true]);
		expect(shownUnitCounts([{ count: 6, of: 12 }], 5)).toEqual([true]);
		expect(
			shownUnitCounts(
				[
					{ count: 6, of: 12 },
					{ count: 1, of: 12 }
				],
				5
			)
		).toEqual([false, false]);
	});
});
