/**
 * NIP (Nomor Induk Pegawai): 18 digits — birth date YYYYMMDD, appointment YYYYMM,
 * sex digit (1 male, 2 female), sequence 001–999. PPPK numbers follow the same shape.
 */
export type NipProblem =
	'nip_length' | 'nip_digits' | 'nip_birth_date' | 'nip_appointment' | 'nip_sex' | 'nip_sequence';

export interface NipParts {
	birthDate: string; // YYYY-MM-DD
	appointment: string; // YYYY-MM
	sex: 'M' | 'F';
	sequence: number;
}

export type NipCheck = { ok: true; parts: NipParts } | { ok: false; problem: NipProblem };

function isCalendarDate(y: number, mo: number, d: number): boolean {
	const date = new Date(Date.UTC(y, mo - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Removes the spaces and dots people type inside NIPs ("19800101 200501 1 001"). */
export function normalizeNip(raw: string): string {
	return raw.replace(/[\s.]/g, '');
}

export function checkNip(raw: string, today: Date = new Date()): NipCheck {
	const nip = normalizeNip(raw);
	if (!/^\d*$/.test(nip)) return { ok: false, problem: 'nip_digits' };
	if (nip.length !== 18) return { ok: false, problem: 'nip_length' };
	const by = Number(nip.slice(0, 4));
	const bm = Number(nip.slice(4, 6));
	const bd = Number(nip.slice(6, 8));
	const thisYear = today.getUTCFullYear();
	// Civil servants are appointed between 18 and 60; birth years outside that window are typos.
	if (by < 1930 || by > thisYear - 17 || !isCalendarDate(by, bm, bd)) {
		return { ok: false, problem: 'nip_birth_date' };
	}
	const ay = Number(nip.slice(8, 12));
	const am = Number(nip.slice(12, 14));
	const appointedAfterBirth = ay * 100 + am > by * 100 + bm + 1700;
	const notInFuture = ay * 100 + am <= thisYear * 100 + today.getUTCMonth() + 1 + 100;
	if (am < 1 || am > 12 || !appointedAfterBirth || !notInFuture) {
		return { ok: false, problem: 'nip_appointment' };
	}
	const sex = nip[14];
	if (sex !== '1' && sex !== '2') return { ok: false, problem: 'nip_sex' };
	const sequence = Number(nip.slice(15));
	if (sequence < 1) return { ok: false, problem: 'nip_sequence' };
	return {
		ok: true,
		parts: {
			birthDate: `${nip.slice(0, 4)}-${nip.slice(4, 6)}-${nip.slice(6, 8)}`,
			appointment: `${nip.slice(8, 12)}-${nip.slice(12, 14)}`,
			sex: sex === '1' ? 'M' : 'F',
			sequence
		}
	};
}

export function isValidNip(raw: string): boolean {
	return checkNip(raw).ok;
}

/** Groups a NIP the way it is printed on Indonesian staff cards. */
export function formatNip(nip: string): string {
	return nip.length === 18
		? `${nip.slice(0, 8)} ${nip.slice(8, 14)} ${nip.slice(14, 15)} ${nip.slice(15)}`
		: nip;
}
