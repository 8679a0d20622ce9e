import { describe, expect, it } from 'vitest';
import { parseForm } from '$lib/server/forms';
import { changePasswordSchema, loginSchema } from '$lib/validation/auth';
import { overwriteGetLocale } from '$lib/paraglide/runtime';

function form(values: Record<string, string>) {
	const f = new FormData();
	for (const [k, v] of Object.entries(values)) f.set(k, v);
	return f;
}

describe('form parsing at the boundary', () => {
	it('normalises a spaced NIP', () => {
		const r = parseForm(loginSchema, form({ nip: '19900112 201503 1 001', password: 'x' }));
		expect(r).toEqual({ ok: true, data: { nip: '199001122015031001', password: 'x' } });
	});

	it('gives localised, field-level messages and echoes only safe fields', () => {
		overwriteGetLocale(() => 'id');
		const r = parseForm(loginSchema, form({ nip: '123', password: '' }), ['nip']);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.errors.nip).toBe('NIP harus 18 angka.');
		expect(r.errors.password).toBe('Wajib diisi.');
		expect(r.values).toEqual({ nip: '123' });
	});

	it('speaks English when the locale is English', () => {
		overwriteGetLocale(() => 'en');
		const r = parseForm(
			loginSchema,
			form({ nip: '199001122015031000', password: 'x'.repeat(200) })
		);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.errors.nip).toMatch(/sequence/);
		expect(r.errors.password).toBe('Too long: at most 128 characters.');
		overwriteGetLocale(() => 'id');
	});

	it('reports a mismatched confirmation on the confirmation field', () => {
		const r = parseForm(
			changePasswordSchema,
			form({ current: 'a', password: 'kopi-tubruk-1', confirm: 'kopi-tubruk-2' })
		);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(Object.keys(r.errors)).toEqual(['confirm']);
	});
});
