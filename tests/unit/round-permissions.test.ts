import { describe, expect, it } from 'vitest';
import { PHASES, MANUAL_TRANSITIONS, TRANSITIONS } from '$lib/rounds/phases';
import {
	can,
	canEver,
	roundFlags,
	ROUND_ACTIONS,
	STANDINGS,
	standingsFor,
	type RoundAction,
	type Standing
} from '$lib/rounds/permissions';

// The expected rule, written out independently of the table: one letter per phase in order
// (d)raft (p)roposing di(s)cussing (r)ating de(l)phi (c)losed p(u)blished (a)dopted; '.' = no.
// Every action × phase × standing is compared below, so a changed cell fails here first.
const EXPECTED: Record<RoundAction, Partial<Record<Standing, string>>> = {
	view: { facilitator: 'dpsrlcua', leader: '.psrlcua', participant: '.psrlcua' },
	propose: { participant: '.p......' },
	revise: { author: '.ps.....' },
	withdraw: { author: '.ps.....' },
	support: { participant: '.ps.....' },
	comment: { participant: '.ps.....' },
	edit_comment: { author: '.ps.....' },
	report: { participant: '.psrl...' },
	moderate: { facilitator: '.psrlcua' },
	decide: { facilitator: '.ps.....' },
	respond: { facilitator: '.psrl...' },
	merge: { facilitator: '.ps.....' },
	edit: { facilitator: 'dpsrl...' },
	advance: { facilitator: 'dpsrlc..' },
	rate: { participant: '...rl...' },
	monitor_rating: { facilitator: '...rlcua', admin: '...rlcua' },
	manage_rating: { facilitator: '...rl...', admin: '...rl...' },
	view_results: {
		facilitator: '.....cua',
		leader: '.....cua',
		admin: '.....cua',
		participant: '......ua'
	},
	adopt: { facilitator: '......ua' },
	approve: { leader: '......ua' },
	assign_facilitators: { creator: 'dpsrlcua', admin: 'dpsrlcua' }
};

describe('round permission table', () => {
	it('answers every action × phase × standing as written out above', () => {
		const wrong: string[] = [];
		for (const action of ROUND_ACTIONS) {
			for (const standing of STANDINGS) {
				const row = EXPECTED[action][standing] ?? '........';
				PHASES.forEach((phase, i) => {
					const expected = row[i] !== '.';
					if (can(action, phase, [standing]) !== expected) {
						wrong.push(`${action} ${standing} ${phase}: expected ${expected}`);
					}
				});
			}
		}
		expect(wrong).toEqual([]);
	});

	it('allows an action when any one of a person’s standings allows it, and nobody with none', () => {
		// An author who is also in scope may comment; neither alone nor together may shortlist.
		expect(can('comment', 'discussing', ['author', 'participant'])).toBe(true);
		expect(can('decide', 'discussing', ['author', 'participant'])).toBe(false);
		for (const action of ROUND_ACTIONS) {
			for (const phase of PHASES) expect(can(action, phase, [])).toBe(false);
		}
	});

	it('tells "not now" from "never" and names only the standings a rule needs', () => {
		expect(canEver('rate', ['participant'])).toBe(true);
		expect(canEver('rate', ['leader', 'admin', 'facilitator'])).toBe(false);
		expect(standingsFor('view_results')).toEqual(['participant', 'facilitator', 'leader', 'admin']);
		expect(standingsFor('revise')).toEqual(['author']);
		expect(standingsFor('assign_facilitators')).toEqual(['creator', 'admin']);
	});

	it('gives pages one flag per action', () => {
		const flags = roundFlags('discussing', ['participant']);
		expect(Object.keys(flags).sort()).toEqual([...ROUND_ACTIONS].sort());
		expect(flags.comment).toBe(true);
		expect(flags.propose).toBe(false);
		expect(flags.decide).toBe(false);
	});
});

describe('manual phase transitions', () => {
	it('never reach delphi or adopted, which have their own guarded actions', () => {
		for (const phase of PHASES) {
			expect(MANUAL_TRANSITIONS[phase]).not.toContain('delphi');
			expect(MANUAL_TRANSITIONS[phase]).not.toContain('adopted');
			// Otherwise the same forward order as the full automaton.
			for (const to of MANUAL_TRANSITIONS[phase]) expect(TRANSITIONS[phase]).toContain(to);
		}
		expect(MANUAL_TRANSITIONS.rating).toEqual(['closed']);
		expect(MANUAL_TRANSITIONS.published).toEqual([]);
	});

	it('offer "advance" exactly in the phases that have somewhere to go by hand', () => {
		for (const phase of PHASES) {
			expect(can('advance', phase, ['facilitator'])).toBe(MANUAL_TRANSITIONS[phase].length > 0);
		}
	});
});
