import { m } from '$lib/paraglide/messages';
import { isLocale, baseLocale, type Locale } from '$lib/paraglide/runtime';
import { notificationText } from '$lib/rounds/labels';
import { withLocale } from '$lib/server/http/locale';
import { formatDateTime } from '$lib/time';
import { isReminder } from './kinds';

export interface Recipient {
	fullName: string;
	locale: string | null;
}

export interface RenderItem {
	kind: string;
	link: string;
	params: Record<string, string | number>;
}

export interface RenderedEmail {
	subject: string;
	text: string;
	html: string;
}

export function recipientLocale(r: Recipient): Locale {
	return r.locale && isLocale(r.locale) ? r.locale : baseLocale;
}

const escapeHtml = (s: string) =>
	s.replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!
	);

// A deadline is stored as an ISO time and shown in the reader's language and the regency's zone.
const localParams = (p: Record<string, string | number>) =>
	typeof p.closes === 'string' ? { ...p, closes: formatDateTime(p.closes) } : p;

const absolute = (origin: string, path: string) => new URL(path, origin).toString();

/**
 * One email (or a digest of several) in the recipient's language: plain text plus a simple HTML
 * version of the same words, with a link into the app and the unsubscribe link.
 */
export function renderEmail(
	recipient: Recipient,
	items: RenderItem[],
	origin: string,
	unsubscribeUrl: string
): RenderedEmail {
	return withLocale(recipientLocale(recipient), origin, () => {
		const lines = items.map((i) => ({
			text: notificationText(i.kind, localParams(i.params)),
			url: absolute(origin, i.link)
		}));
		const digest = items.length > 1;
		const subject = digest
			? m.notify_digest_subject({ n: String(items.length) })
			: `${m.app_name()}: ${lines[0].text}`;
		const greeting = m.notify_email_greeting({ name: recipient.fullName });
		const text = [
			greeting,
			'',
			...(digest ? [m.notify_digest_intro(), ''] : []),
			...lines.flatMap((l) => [l.text, `${m.notify_email_open()} ${l.url}`, '']),
			'--',
			m.notify_email_footer(),
			m.notify_email_settings(),
			`${m.notify_email_unsubscribe()} ${unsubscribeUrl}`
		].join('\n');
		const html = [
			'<!doctype html><html><body style="font-family:sans-serif;line-height:1.5;max-width:36em">',
			`<p>${escapeHtml(greeting)}</p>`,
			digest ? `<p>${escapeHtml(m.notify_digest_intro())}</p>` : '',
			...lines.map(
				(l) =>
					`<p>${escapeHtml(l.text)}<br><a href="${escapeHtml(l.url)}">${escapeHtml(m.notify_email_button())}</a></p>`
			),
			'<hr>',
			`<p style="font-size:smaller">${escapeHtml(m.notify_email_footer())} ${escapeHtml(m.notify_email_settings())}<br>`,
			`<a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(m.notify_email_unsubscribe())}</a></p>`,
			'</body></html>'
		].join('\n');
		return { subject, text, html };
	});
}

/**
 * The WhatsApp/SMS text: a fixed sentence and a link, never the title or content of a proposal,
 * rating or answer — the gateway is a data processor and needs nothing more.
 */
export function renderShortText(recipient: Recipient, item: RenderItem, origin: string): string {
	return withLocale(recipientLocale(recipient), origin, () => {
		const link = absolute(origin, item.link);
		return isReminder(item.kind) ? m.notify_sms_reminder({ link }) : m.notify_sms_text({ link });
	});
}
