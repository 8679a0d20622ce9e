import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { parseForm, translate, type FieldErrors, type FormLike } from '$lib/server/forms';
import { RuleError } from '$lib/server/rounds/errors';
import { ratingFormSchema, scoresFrom } from '$lib/ratings/form';
import { ratedIndicatorIds, ratableIndicatorIds, requireRater, submitBallot } from './ballots';

/** What a rating form submission leads to, independent of the transport that carries it. */
export type RateOutcome =
	| { type: 'redirect'; location: string }
	| {
			type: 'failure';
			status: number;
			data: { message?: string; errors?: FieldErrors; values?: Record<string, string> };
	  };

/**
 * One person's rating of one indicator, from the submitted form: eligibility, validation, the
 * secret ballot, and where to go next (the next indicator still unrated, else the overview).
 * The page's form action and the rating fast lane (`$lib/server/http/ratingFastLane`) both answer
 * with this, so the two ways in cannot drift apart.
 */
export async function rateFromForm(
	db: Kysely<Database>,
	user: SessionUser,
	roundId: number,
	indicatorId: number,
	form: FormLike
): Promise<RateOutcome> {
	try {
		const rater = await requireRater(db, roundId, user.id, user);
		// Read once, used twice: to check the indicator is open for rating, and to pick the next.
		const list = await ratableIndicatorIds(db, roundId, rater.iteration);
		const keys = rater.criteria.map((c) => c.key);
		const parsed = parseForm(ratingFormSchema(keys), form, [
			'reason',
			...keys.map((k) => `c_${k}`)
		]);
		if (!parsed.ok) {
			return {
				type: 'failure',
				status: 400,
				data: { errors: parsed.errors, values: parsed.values }
			};
		}
		const data = parsed.data as Record<string, unknown>;
		await submitBallot(
			db,
			{
				roundId,
				personId: user.id,
				indicatorId,
				iteration: Number(data.iteration),
				scores: scoresFrom(data, keys),
				reason: String(data.reason ?? '') || null
			},
			rater,
			list
		);
		const rated = await ratedIndicatorIds(db, rater, rater.iteration);
		const after = list.findIndex((i) => i.id === indicatorId);
		const next =
			list.slice(after + 1).find((i) => !rated.has(i.id)) ?? list.find((i) => !rated.has(i.id));
		return {
			type: 'redirect',
			location: next ? `/ratings/${roundId}/${next.id}?saved=1` : `/ratings/${roundId}?saved=1`
		};
	} catch (e) {
		if (e instanceof RuleError) {
			return { type: 'failure', status: e.status, data: { message: translate(e.key, e.params) } };
		}
		throw e;
	}
}
