import type { OutboxChannel } from '$lib/server/db/schema/notify';

/**
 * Kinds of message that leave the app (email, WhatsApp/SMS). In-app notification kinds share their
 * names, so one catalogue key renders both. A hidden comment stays in-app only: its reason is
 * moderation content, and nothing urgent follows from it.
 */
export const OUTBOUND_KINDS = [
	'notif_round_open',
	'notif_phase',
	'notif_status',
	'notif_merged',
	'notif_official_response',
	'notif_reply_proposal',
	'notif_reply_comment',
	'reminder_rating'
] as const;

export type OutboundKind = (typeof OUTBOUND_KINDS)[number];

export const CHANNELS: readonly OutboxChannel[] = ['email', 'webhook'];

export function isOutboundKind(kind: string): kind is OutboundKind {
	return (OUTBOUND_KINDS as readonly string[]).includes(kind);
}

/** Reminder rows are the ones whose delivery depends on whether the person took part. */
export const REMINDER_KINDS: string[] = ['reminder_rating'];

export function isReminder(kind: string): boolean {
	return REMINDER_KINDS.includes(kind);
}

/** The page a message points to, as a path inside the app. */
export function linkFor(item: {
	roundId?: number | null;
	indicatorId?: number | null;
	commentId?: number | null;
}): string {
	if (item.roundId && item.indicatorId) {
		const anchor = item.commentId ? `#comment-${item.commentId}` : '';
		return `/rounds/${item.roundId}/proposals/${item.indicatorId}${anchor}`;
	}
	return item.roundId ? `/rounds/${item.roundId}` : '/notifications';
}
