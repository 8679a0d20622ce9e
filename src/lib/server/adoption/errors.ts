/**
 * The adoption form broke a rule that needs the database to check (an indicator without
 * consensus and no justification, a per-unit target for a unit not chosen…). Carries catalogue
 * keys by form field, so the form can show each message beside its field.
 */
export class AdoptionFieldError extends Error {
	constructor(public readonly errors: Record<string, string>) {
		super('adoption form refused');
		this.name = 'AdoptionFieldError';
	}
}
