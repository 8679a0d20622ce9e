import { expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '$lib/server/seed/accounts';
import { checkNip } from '$lib/nip';
import { BENCH_ADMIN_NIP, staffFile } from '../../bench/scenarios/staff-file.js';

it('the import benchmark logs in as the demo admin and uploads 6,000 valid, distinct NIPs', () => {
	expect(BENCH_ADMIN_NIP).toBe(DEMO_ACCOUNTS.admin.nip);
	const nips = staffFile(6000)
		.trim()
		.split('\r\n')
		.slice(1)
		.map((l) => l.split(';')[0]);
	expect(new Set(nips).size).toBe(6000);
	expect(nips.every((n) => checkNip(n).ok)).toBe(true);
});
