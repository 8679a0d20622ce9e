import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkNip, formatNip, normalizeNip } from '$lib/nip';

const today = new Date('2026-11-28T00:00:00Z');

describe('NIP structure', () => {
	it('accepts a well-formed NIP and reads its parts', () => {
		const r = checkNip('199001122015031001', today);
		expect(r).toEqual({
			ok: true,
			parts: { birthDate: '1990-01-12', appointment: '2015-03', sex: 'M', sequence: 1 }
		});
	});

	it('accepts the spaced form printed on staff cards', () => {
		expect(checkNip('19900112 201503 1 001', today).ok).toBe(true);
		expect(normalizeNip('19900112 201503 1 001')).toBe('199001122015031001');
		expect(formatNip('199001122015031001')).toBe('19900112 201503 1 001');
	});

	it.each([
		['19900112201503100', 'nip_length'],
		['1990011220150310011', 'nip_length'],
		['19900112201503100a', 'nip_digits'],
		['199002302015031001', 'nip_birth_date'], // 30 February
		['192001012015031001', 'nip_birth_date'], // born 1920: retired long ago
		['201501012015031001', 'nip_birth_date'], // eleven years old
		['199001122015131001', 'nip_appointment'], // month 13
		['199001122000031001', 'nip_appointment'], // appointed at ten
		['199001122035031001', 'nip_appointment'], // appointed in 2035
		['199001122015033001', 'nip_sex'],
		['199001122015031000', 'nip_sequence']
	])('rejects %s as %s', (nip, problem) => {
		expect(checkNip(nip, today)).toEqual({ ok: false, problem });
	});

	it('never throws and only accepts 18 digits', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 30 }), (s) => {
				const r = checkNip(s, today);
				if (r.ok) expect(normalizeNip(s)).toMatch(/^\d{18}$/);
			})
		);
	});
});
