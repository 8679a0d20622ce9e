import { expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '$lib/server/seed/accounts';
import { DEMO_ACCOUNTS_FOR_BENCH } from '../../bench/scenarios/demo-accounts.js';

it('the benchmark logs in with real demo accounts', () => {
	expect(DEMO_ACCOUNTS_FOR_BENCH).toEqual({
		asn: DEMO_ACCOUNTS.asn.nip,
		facilitator: DEMO_ACCOUNTS.facilitator.nip,
		password: DEMO_PASSWORD
	});
});
