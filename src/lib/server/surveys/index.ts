import { error } from '@sveltejs/kit';
import { parseId } from '$lib/ids';
import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Survey, SurveyItem } from '$lib/server/db/schema/surveys';
import { translate } from '$lib/server/forms';
import { getSurvey } from './surveys';

/** The survey named by a route parameter, or a 404 for anything else (forged or unknown ids). */
export async function surveyFromParam(db: Kysely<Database>, param: string): Promise<Survey> {
	const id = parseId(param);
	const survey = id !== null ? await getSurvey(db, id) : undefined;
	if (!survey) error(404, { message: translate('survey_not_found') });
	return survey;
}

export interface ItemView {
	id: number;
	kind: string;
	dimension: string | null;
	required: boolean;
	builtin: boolean;
	text: string;
	options: string[];
}

/** An item as a page shows it: built-in wording from the catalogue, in the reader's language. */
export function itemView(item: SurveyItem): ItemView {
	return {
		id: item.id,
		kind: item.kind,
		dimension: item.dimension,
		required: item.required === 1,
		builtin: !!item.builtin_key,
		text: item.builtin_key ? translate(`fairness_item_${item.builtin_key}`) : item.text,
		options: item.options_json ? (JSON.parse(item.options_json) as string[]) : []
	};
}
