import { fail } from '@sveltejs/kit';
import {
	adoptionInputSchema,
	fieldOfPath,
	itemField,
	readAdoptionForm,
	type AdoptionInput
} from '$lib/criteria/adoption';
import { formToObject, localiseIssue, translate } from '$lib/server/forms';
import { RuleError } from '$lib/server/rounds/errors';
import { AdoptionFieldError } from './errors';

/** What a refused adoption form sends back: messages by field and every value to refill it. */
export interface AdoptionFormFailure {
	errors: Record<string, string>;
	values: Record<string, string | string[]>;
	message?: string;
}

function echo(form: FormData): Record<string, string | string[]> {
	const raw = formToObject(form);
	// Multi-valued fields are read with getAll; keep them as arrays so checkboxes stay ticked.
	for (const name of ['units', 'position_types', 'adopt']) {
		raw[name] = form.getAll(name).filter((v): v is string => typeof v === 'string');
	}
	return raw;
}

/** Parses the adoption form, or returns the `fail(400)` to send back. */
export function parseAdoptionForm(
	form: FormData
):
	| { ok: true; data: AdoptionInput }
	| { ok: false; failure: ReturnType<typeof fail<AdoptionFormFailure>> } {
	const { input, badUnitTargets } = readAdoptionForm(form);
	const errors: Record<string, string> = {};
	for (const id of badUnitTargets) {
		errors[itemField('unit_targets', id)] = translate('adoption_unit_targets_format');
	}
	const result = adoptionInputSchema.safeParse(input);
	if (result.success && !badUnitTargets.length) return { ok: true, data: result.data };
	if (!result.success) {
		for (const issue of result.error.issues) {
			const field = fieldOfPath(issue.path, input);
			errors[field] ??= localiseIssue(issue as Parameters<typeof localiseIssue>[0]);
		}
	}
	return { ok: false, failure: fail(400, { errors, values: echo(form) }) };
}

/** Runs a domain write; refusals become a `fail` that keeps what was typed. */
export async function adoptionWrite<T>(form: FormData, fn: () => Promise<T>) {
	try {
		return { ok: true as const, value: await fn() };
	} catch (e) {
		if (e instanceof AdoptionFieldError) {
			const errors = Object.fromEntries(
				Object.entries(e.errors).map(([field, key]) => [field, translate(key)])
			);
			return { ok: false as const, failure: fail(400, { errors, values: echo(form) }) };
		}
		if (e instanceof RuleError) {
			return {
				ok: false as const,
				failure: fail(e.status, {
					errors: {},
					values: echo(form),
					message: translate(e.key, e.params)
				})
			};
		}
		throw e;
	}
}
