import type { OutboxChannel } from '$lib/server/db/schema/notify';
import { NOTIFY_CHANNELS, NOTIFY_KINDS } from '$lib/notify';

export const OUTBOUND_KINDS = NOTIFY_KINDS;

export type OutboundKind = (typeof OUTBOUND_KINDS)[number];

export const CHANNELS: readonly OutboxChannel[] = NOTIFY_CHANNELS;

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
