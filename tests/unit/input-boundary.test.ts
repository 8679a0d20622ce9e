import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ID_MAX, parseId } from '$lib/ids';
import { match as idMatcher } from '../../src/params/id';
import { textProblem } from '$lib/validation/fields';
import { commentSchema } from '$lib/validation/comment';
import { newProposalSchema } from '$lib/validation/proposal';
import { personEditSchema } from '$lib/validation/people';
import { ratingFormSchema } from '$lib/ratings/form';
import { parseForm } from '$lib/server/forms';
import { checkRow } from '$lib/server/import/columns';

describe('one id boundary', () => {
	it('takes only plain positive integers within PostgreSQL integer range', () => {
		expect(parseId('1')).toBe(1);
		expect(parseId(String(ID_MAX))).toBe(ID_MAX);
		for (const bad of [
			'',
			'0',
			'-1',
			'01',
			'1.5',
			'1e3',
			'1e309',
			'99999999999',
			'2147483648',
			' 1',
			'0x10',
			'NaN',
			'1\u0000'
		])
			expect(parseId(bad), JSON.stringify(bad)).toBeNull();
		expect(idMatcher('99999999999')).toBe(false);
		expect(idMatcher('42')).toBe(true);
	});

	it('never accepts what the database would refuse (property)', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary' }), (s) => {
				const id = parseId(s);
				if (id !== null) expect(Number.isInteger(id) && id >= 1 && id <= ID_MAX).toBe(true);
			})
		);
	});

	it('refuses an id too large for a column in a form field', () => {
		const r = commentSchema.safeParse({
			body: 'x',
			stance: 'neutral',
			parent_id: '99999999999',
			client_token: 'a'.repeat(20)
		});
		expect(r.success).toBe(false);
	});

	it('reads an empty rating iteration as missing, never as iteration 0', () => {
		const schema = ratingFormSchema(['relevant']);
		expect(schema.safeParse({ iteration: '', c_relevant: '4' }).success).toBe(false);
		expect(schema.safeParse({ iteration: '1e0', c_relevant: '4' }).success).toBe(false);
		expect(schema.safeParse({ iteration: '0', c_relevant: '4' }).success).toBe(true);
	});
});

describe('one text normaliser', () => {
	it('refuses NUL and controls, allows tab and newline only in text areas', () => {
		expect(textProblem('a\u0000b', true)).toBe('input_text_control');
		expect(textProblem('a\u0007b', true)).toBe('input_text_control');
		expect(textProblem('a\nb\tc', true)).toBeNull();
		expect(textProblem('a\nb', false)).toBe('input_text_newline');
		expect(textProblem('\uD800x', true)).toBe('input_text_encoding');
		expect(textProblem('😀', false)).toBeNull();
		for (const c of ['\u202A', '\u202E', '\u2066', '\u2069'])
			expect(textProblem(`abc${c}def`, true)).toBe('input_text_bidi');
	});

	it('refuses a bidi override in a name with a localised field message, and stores NFC', () => {
		const form = new URLSearchParams({
			fullName: 'Andi \u202Eotuhas',
			orgUnitId: '1',
			positionTitle: 'Analis',
			positionType: 'pelaksana',
			grade: 'III/a',
			employmentType: 'PNS'
		});
		const refused = parseForm(personEditSchema, form);
		expect(refused.ok).toBe(false);
		if (!refused.ok) expect(refused.errors.fullName).toMatch(/pembalik arah/);
		form.set('fullName', 'Rene\u0301');
		const taken = parseForm(personEditSchema, form);
		expect(taken.ok && taken.data.fullName).toBe('Ren\u00e9');
	});

	it('refuses a NUL in any field of a form, even one its schema does not read', () => {
		const r = parseForm(
			commentSchema,
			new URLSearchParams({
				body: 'Setuju',
				stance: 'support',
				client_token: 'a'.repeat(20),
				extra: 'x\u0000'
			})
		);
		expect(r.ok).toBe(false);
	});

	it('refuses a NUL in a proposal name', () => {
		const r = newProposalSchema.safeParse({ name: 'abc\u0000' });
		expect(r.success).toBe(false);
		if (!r.success)
			expect(r.error.issues.find((i) => i.path[0] === 'name')?.message).toBe('input_text_control');
	});

	it('the staff import preview refuses the row the apply step could not store', () => {
		const row = {
			row: 2,
			nip: '199001122015031001',
			fullName: 'Budi\u0000',
			unitCode: 'DUKCAPIL',
			positionTitle: 'Analis',
			positionType: 'pelaksana',
			grade: 'III/a',
			employmentType: 'PNS',
			roles: ''
		};
		const r = checkRow(row);
		expect(r.ok).toBe(false);
		if (!r.ok)
			expect(r.problems).toContainEqual(
				expect.objectContaining({ field: 'fullName', code: 'text' })
			);
	});
});
