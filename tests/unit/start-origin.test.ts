import { describe, expect, it } from 'vitest';
import { applyOriginDefault } from '../../scripts/origin.js';

describe('the start script and ORIGIN', () => {
	it('sets http://localhost:$PORT when nothing says where the app is reached', () => {
		const env: Record<string, string | undefined> = { PORT: '3000' };
		applyOriginDefault(env);
		expect(env.ORIGIN).toBe('http://localhost:3000');
	});

	it('leaves ORIGIN unset behind a proxy, so adapter-node reads PROTOCOL_HEADER/HOST_HEADER', () => {
		for (const proxy of [
			{ PROTOCOL_HEADER: 'x-forwarded-proto', HOST_HEADER: 'x-forwarded-host' },
			{ HOST_HEADER: 'x-forwarded-host' },
			{ PROTOCOL_HEADER: 'x-forwarded-proto' }
		]) {
			const env: Record<string, string | undefined> = { PORT: '3000', ...proxy };
			applyOriginDefault(env);
			expect(env.ORIGIN).toBeUndefined();
		}
	});

	it('keeps an ORIGIN the operator set', () => {
		const env: Record<string, string | undefined> = {
			PORT: '3000',
			ORIGIN: 'https://mufakat.batangharikab.go.id'
		};
		applyOriginDefault(env);
		expect(env.ORIGIN).toBe('https://mufakat.batangharikab.go.id');
	});
});
