// Plain JS copy of two demo NIPs (the seed module is TypeScript); kept in step by a unit test.
export const DEMO_ACCOUNTS_FOR_BENCH = {
	asn: '199001122015031001',
	facilitator: '198707212011012002',
	password: 'Mufakat#2026'
};
