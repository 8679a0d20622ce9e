import { fail, redirect } from '@sveltejs/kit';
import { randomBytes } from 'node:crypto';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { authorizeRound, flagsFor } from '$lib/server/rounds/access';
import {
	ACTIVE_STATUSES,
	decideProposal,
	mergeProposal,
	respondOfficially,
	reviseProposal,
	setSupport,
	viewProposal,
	withdrawProposal
} from '$lib/server/proposals';
import {
	addComment,
	editComment,
	hideComment,
	reportComment,
	thread
} from '$lib/server/discussion';
import { ruleError, ruleFail } from '$lib/server/rounds/errors';
import { roundId as numericParam } from '$lib/server/rounds/params';
import { parseForm } from '$lib/server/forms';
import {
	mergeSchema,
	officialResponseSchema,
	PROPOSAL_FIELD_NAMES,
	revisionSchema,
	statusDecisionSchema
} from '$lib/validation/proposal';
import {
	commentEditSchema,
	commentSchema,
	hideSchema,
	reportSchema
} from '$lib/validation/comment';
import { smartCheck } from '$lib/proposals/smart';
import { citableRhks, citationsOf, citeRhk } from '$lib/server/rhk/citation';
import { citationSchema } from '$lib/validation/rhk';

export const load = (async ({ params }) => {
	const user = requireUser();
	const rid = numericParam(params.id);
	const pid = numericParam(params.pid);
	const view = await ruleError(() => viewProposal(db, user, pid));
	if (view.indicator.round_id !== rid)
		redirect(308, `/rounds/${view.indicator.round_id}/proposals/${pid}`);
	const { round, indicator } = view;
	const active = ACTIVE_STATUSES.includes(indicator.status);
	const can = await flagsFor(db, round, user, { indicator });
	const mergeTargets =
		can.merge && active
			? await db
					.selectFrom('indicator')
					.select(['id', 'name'])
					.where('round_id', '=', rid)
					.where('id', '!=', pid)
					.where('status', 'in', ACTIVE_STATUSES)
					.orderBy('name')
					.limit(1000)
					.execute()
			: [];
	const fields = Object.fromEntries(
		PROPOSAL_FIELD_NAMES.map((k) => [k, String(indicator[k] ?? '')])
	) as Record<(typeof PROPOSAL_FIELD_NAMES)[number], string>;
	const canRevise = can.revise && active;
	return {
		rhkBased: !!round.rhk_day,
		citation: (await citationsOf(db, [indicator.id])).get(indicator.id) ?? null,
		citationValues: {
			head_rhk: indicator.head_rhk_id ? String(indicator.head_rhk_id) : 'none',
			cascading: indicator.cascading ?? ''
		},
		rhkChoices:
			canRevise && round.rhk_day
				? (await citableRhks(db, round, indicator.org_unit_id)).map((r) => ({
						id: r.id,
						code: r.code,
						text: r.text,
						unitName: r.unitName
					}))
				: [],
		round: { id: round.id, title: round.title, phase: round.phase },
		indicator: {
			...fields,
			id: indicator.id,
			status: indicator.status,
			statusReason: indicator.status_reason,
			officialResponse: indicator.official_response,
			version: indicator.version,
			smartScore: indicator.smart_score,
			smartIssues: smartCheck(indicator).issues.map((i) => i.key),
			supporters: indicator.supporter_count,
			createdAt: indicator.created_at,
			updatedAt: indicator.updated_at
		},
		authorName: view.authorName,
		unitName: view.unitName,
		mergedInto: view.mergedInto,
		mergedFrom: view.mergedFrom,
		supporting: view.supporting,
		isAuthor: indicator.author_id === user.id,
		canRevise,
		canSupport: can.support && active && indicator.author_id !== user.id,
		canComment: can.comment && active,
		canReport: can.report,
		canModerate: can.moderate,
		canDecide: can.decide && active,
		canRespond: can.respond,
		mergeTargets,
		comments: await thread(db, user, pid),
		userId: user.id,
		clientToken: randomBytes(18).toString('base64url')
	};
}) satisfies PageServerLoad;

type Event = RequestEvent;

const ids = (e: Event) => ({ rid: numericParam(e.params.id), pid: numericParam(e.params.pid) });
/** The proposal the URL names: the URL's round must own it, or the action answers 404. */
const proposal = (e: Event) => {
	const { rid, pid } = ids(e);
	return { roundId: rid, indicatorId: pid };
};
/** A comment posted under this proposal's URL must belong to it. */
const commentOf = (e: Event, commentId: number) => ({ ...proposal(e), commentId });
/**
 * Refuses a privileged action before its form is read, so a refusal never depends on the input
 * (the authorization walk probes these with an empty form).
 */
const allowed = (e: Event, action: 'moderate' | 'decide' | 'respond' | 'merge') =>
	ruleFail(() => authorizeRound(db, requireUser(), action, proposal(e)));
const back = (e: Event, note: string, anchor = '') => {
	const { rid, pid } = ids(e);
	redirect(303, `/rounds/${rid}/proposals/${pid}?done=${note}${anchor}`);
};

export const actions = {
	support: async (e) => {
		const user = requireUser();
		const r = await ruleFail(() => setSupport(db, user, proposal(e), true));
		if (r) return r;
		back(e, 'support');
	},
	unsupport: async (e) => {
		const user = requireUser();
		const r = await ruleFail(() => setSupport(db, user, proposal(e), false));
		if (r) return r;
		back(e, 'unsupport');
	},
	withdraw: async (e) => {
		const user = requireUser();
		const r = await ruleFail(() => withdrawProposal(db, user, proposal(e)));
		if (r) return r;
		back(e, 'withdrawn');
	},
	cite: async (e) => {
		const user = requireUser();
		// The URL's round must own the proposal, and only its author may change what it cites.
		const may = await ruleFail(() => authorizeRound(db, user, 'revise', proposal(e)));
		if ('status' in may) return fail(may.status, { ...may.data, form: 'cite' });
		const parsed = parseForm(citationSchema, await e.request.formData(), ['head_rhk', 'cascading']);
		if (!parsed.ok)
			return fail(400, { form: 'cite', errors: parsed.errors, values: parsed.values });
		const r = await ruleFail(() => citeRhk(db, user, ids(e).pid, parsed.data));
		if (r) return fail(r.status, { ...r.data, form: 'cite' });
		back(e, 'cited');
	},
	revise: async (e) => {
		const user = requireUser();
		const parsed = parseForm(revisionSchema, await e.request.formData(), [
			...PROPOSAL_FIELD_NAMES,
			'reason'
		]);
		if (!parsed.ok)
			return fail(400, { form: 'revise', errors: parsed.errors, values: parsed.values });
		const { reason, ...fields } = parsed.data;
		const r = await ruleFail(() => reviseProposal(db, user, proposal(e), fields, reason));
		if (typeof r === 'object')
			return fail(r.status, { ...r.data, form: 'revise', values: parsed.data });
		back(e, 'revised');
	},
	comment: async (e) => {
		const user = requireUser();
		const parsed = parseForm(commentSchema, await e.request.formData(), [
			'body',
			'stance',
			'parent_id'
		]);
		if (!parsed.ok)
			return fail(400, { form: 'comment', errors: parsed.errors, values: parsed.values });
		const r = await ruleFail(() =>
			addComment(db, user, proposal(e), {
				body: parsed.data.body,
				stance: parsed.data.stance,
				parentId: parsed.data.parent_id,
				clientToken: parsed.data.client_token
			})
		);
		if ('status' in r) return fail(r.status, { ...r.data, form: 'comment', values: parsed.data });
		back(e, 'commented', `#comment-${r.id}`);
	},
	edit_comment: async (e) => {
		const user = requireUser();
		const parsed = parseForm(commentEditSchema, await e.request.formData(), ['body', 'stance']);
		if (!parsed.ok)
			return fail(400, { form: 'edit', errors: parsed.errors, values: parsed.values });
		const r = await ruleFail(() =>
			editComment(db, user, commentOf(e, parsed.data.comment_id), parsed.data)
		);
		if (r) return r;
		back(e, 'edited', `#comment-${parsed.data.comment_id}`);
	},
	report: async (e) => {
		const user = requireUser();
		const parsed = parseForm(reportSchema, await e.request.formData(), ['reason']);
		if (!parsed.ok)
			return fail(400, { form: 'report', errors: parsed.errors, values: parsed.values });
		const r = await ruleFail(() =>
			reportComment(db, user, commentOf(e, parsed.data.comment_id), parsed.data.reason)
		);
		if (r) return r;
		back(e, 'reported', `#comment-${parsed.data.comment_id}`);
	},
	hide: async (e) => {
		const user = requireUser();
		const may = await allowed(e, 'moderate');
		if ('status' in may) return may;
		const parsed = parseForm(hideSchema, await e.request.formData(), ['reason']);
		if (!parsed.ok)
			return fail(400, { form: 'hide', errors: parsed.errors, values: parsed.values });
		const r = await ruleFail(() =>
			hideComment(db, user, commentOf(e, parsed.data.comment_id), parsed.data.reason)
		);
		if (r) return r;
		back(e, 'hidden', `#comment-${parsed.data.comment_id}`);
	},
	decide: async (e) => {
		const user = requireUser();
		const may = await allowed(e, 'decide');
		if ('status' in may) return may;
		const parsed = parseForm(statusDecisionSchema, await e.request.formData(), [
			'decision',
			'reason'
		]);
		if (!parsed.ok)
			return fail(400, { form: 'decide', errors: parsed.errors, values: parsed.values });
		const r = await ruleFail(() =>
			decideProposal(db, user, proposal(e), parsed.data.decision, parsed.data.reason)
		);
		if (r) return r;
		back(e, 'decided');
	},
	respond: async (e) => {
		const user = requireUser();
		const may = await allowed(e, 'respond');
		if ('status' in may) return may;
		const parsed = parseForm(officialResponseSchema, await e.request.formData(), ['response']);
		if (!parsed.ok)
			return fail(400, { form: 'respond', errors: parsed.errors, values: parsed.values });
		const r = await ruleFail(() => respondOfficially(db, user, proposal(e), parsed.data.response));
		if (r) return r;
		back(e, 'responded');
	},
	merge: async (e) => {
		const user = requireUser();
		const may = await allowed(e, 'merge');
		if ('status' in may) return may;
		const parsed = parseForm(mergeSchema, await e.request.formData(), ['target_id', 'reason']);
		if (!parsed.ok)
			return fail(400, { form: 'merge', errors: parsed.errors, values: parsed.values });
		const r = await ruleFail(() =>
			mergeProposal(db, user, proposal(e), parsed.data.target_id, parsed.data.reason)
		);
		if (r) return r;
		back(e, 'merged');
	}
} satisfies Actions;
