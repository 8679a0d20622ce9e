// Fairness survey scenarios: the results page of the demo 2025 survey (about 240 responses over
// the whole regency: suppression, alpha, comparison across periods) and the survey list.
import { DEMO_ACCOUNTS_FOR_BENCH } from './demo-accounts.js';
import { login } from './01-foundation.js';

export async function scenarios() {
	const asFacilitator = async (ctx) => ({
		headers: { cookie: await login(ctx.origin, DEMO_ACCOUNTS_FOR_BENCH.facilitator) }
	});
	return [
		{ name: 'GET /surveys (survey list, facilitator)', path: '/surveys', setup: asFacilitator },
		{
			name: 'GET /surveys/1/results (fairness results)',
			path: '/surveys/1/results',
			setup: asFacilitator
		},
		{
			name: 'GET /surveys/1/results/export?format=csv',
			path: '/surveys/1/results/export?format=csv',
			setup: asFacilitator
		}
	];
}
