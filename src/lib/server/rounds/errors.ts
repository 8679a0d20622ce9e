import { error, fail } from '@sveltejs/kit';
import { translate } from '$lib/server/forms';

/**
 * A rule of the consultation process refused an action (wrong phase, out of scope, not yours…).
 * Carries a catalogue key so the route can answer in the reader's language.
 */
export class RuleError extends Error {
	constructor(
		public readonly key: string,
		public readonly status: 400 | 403 | 404 | 409 = 409,
		public readonly params: Record<string, string> = {}
	) {
		super(key);
		this.name = 'RuleError';
	}
}

/** In a form action: runs `fn`, turning a RuleError into `fail(status, { message })`. */
export async function ruleFail<T>(fn: () => Promise<T>) {
	try {
		return await fn();
	} catch (e) {
		if (e instanceof RuleError) return fail(e.status, { message: translate(e.key, e.params) });
		throw e;
	}
}

/** In a load: runs `fn`, turning a RuleError into an error page with the localised message. */
export async function ruleError<T>(fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (e) {
		if (e instanceof RuleError) error(e.status, { message: translate(e.key, e.params) });
		throw e;
	}
}
