import { m } from '$lib/paraglide/messages';

/**
 * Kinds of message that leave the app (email, WhatsApp/SMS). In-app notification kinds share their
 * names, so one catalogue key renders both. A hidden comment stays in-app only: its reason is
 * moderation content, and nothing urgent follows from it.
 */
export const NOTIFY_KINDS = [
	'notif_round_open',
	'notif_phase',
	'notif_status',
	'notif_merged',
	'notif_official_response',
	'notif_reply_proposal',
	'notif_reply_comment',
	'reminder_rating'
] as const;
export const NOTIFY_CHANNELS = ['email', 'webhook'] as const;

type MessageFn = () => string;
const catalogue = m as unknown as Record<string, MessageFn>;

export const notifyKindLabel = (kind: string) => catalogue[`notify_kind_${kind}`]?.() ?? kind;
export const notifyChannelLabel = (channel: string) =>
	catalogue[`notify_channel_${channel}`]?.() ?? channel;
export const notifyStatusLabel = (status: string) =>
	catalogue[`notify_status_${status}`]?.() ?? status;
