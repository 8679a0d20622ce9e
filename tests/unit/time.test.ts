import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from '$lib/time';
import { formatScheduleTime } from '$lib/rounds/schedule';

describe('times shown in the regency zone (WIB)', () => {
	it('formats in Indonesian and English with the zone label', () => {
		expect(formatDateTime('2026-11-28T10:05:00.000Z', { locale: 'id' })).toBe(
			'28 Nov 2026, 17.05 WIB'
		);
		expect(formatDateTime('2026-11-28T10:05:00.000Z', { locale: 'en' })).toBe(
			'28 Nov 2026, 17:05 WIB'
		);
		expect(formatDateTime('2026-08-17T01:00:00.000Z', { locale: 'id' })).toBe(
			'17 Agu 2026, 08.00 WIB'
		);
	});

	it('moves to the next WIB day from 17:00 UTC, also for dates alone', () => {
		expect(formatDateTime('2026-12-31T18:30:00.000Z', { locale: 'id' })).toBe(
			'1 Jan 2027, 01.30 WIB'
		);
		expect(formatDate('2026-12-31T18:30:00.000Z', 'en')).toBe('1 Jan 2027');
		expect(formatDate('2026-12-31T16:59:00.000Z', 'en')).toBe('31 Dec 2026');
	});

	it('leaves the label off on request and shows nothing for no time', () => {
		expect(formatDateTime('2026-11-28T10:05:00.000Z', { locale: 'en', zone: false })).toBe(
			'28 Nov 2026, 17:05'
		);
		expect(formatDateTime(null)).toBe('');
		expect(formatDateTime('not a time')).toBe('');
		expect(formatDate(undefined)).toBe('');
	});

	it('does not depend on the zone the process runs in', () => {
		// Formatting names its zone explicitly; the same instant gives the same text anywhere.
		const iso = '2026-05-01T23:59:00.000Z';
		expect(formatDateTime(iso, { locale: 'id' })).toBe('2 Mei 2026, 06.59 WIB');
	});

	it('shows schedule ends in the reader’s language (Indonesian by default)', () => {
		expect(formatScheduleTime('2026-12-01T10:00:00.000Z')).toBe('1 Des 2026, 17.00 WIB');
		expect(formatScheduleTime(null)).toBe('');
	});
});
