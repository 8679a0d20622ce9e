import { createHash } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { RenderedEmail } from './render';

export interface EmailToSend extends RenderedEmail {
	to: string;
	/** Idempotency key: the Message-ID is derived from it, the same on every attempt. */
	key: string;
	unsubscribeUrl: string;
}

export interface EmailChannel {
	send(mail: EmailToSend): Promise<void>;
	close(): void;
}

/**
 * SMTP through nodemailer. Timeouts stay well below the outbox lease, so a hung server cannot keep
 * a message past its lease (when another worker could take it and send it again).
 */
export function smtpChannel(url: string, from: string, host: string): EmailChannel {
	const smtp = new URL(url);
	for (const [name, ms] of [
		['connectionTimeout', '10000'],
		['greetingTimeout', '10000'],
		['socketTimeout', '30000']
	]) {
		if (!smtp.searchParams.has(name)) smtp.searchParams.set(name, ms);
	}
	const transport: Transporter = nodemailer.createTransport(smtp.toString());
	return {
		async send(mail) {
			const digest = createHash('sha256').update(mail.key).digest('hex').slice(0, 32);
			await transport.sendMail({
				from,
				to: mail.to,
				subject: mail.subject,
				text: mail.text,
				html: mail.html,
				// A resend after a crash carries the same id, so a mailbox can recognise it.
				messageId: `<${digest}@${host}>`,
				list: {
					unsubscribe: { url: mail.unsubscribeUrl, comment: 'Unsubscribe' }
				},
				// RFC 8058 one-click: the mail client POSTs to the List-Unsubscribe address.
				headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
			});
		},
		close: () => transport.close()
	};
}

export interface WebhookConfig {
	url: string;
	/** `Header-Name: value`, e.g. `Authorization: Bearer …`. */
	auth: string | null;
	/** JSON with `{{phone}}` and `{{text}}` placeholders, each replaced by a JSON string. */
	bodyTemplate: string;
	timeoutMs: number;
}

export const DEFAULT_WEBHOOK_BODY = '{"phone":{{phone}},"message":{{text}}}';

/** A WhatsApp/SMS gateway reached by one HTTP POST per message. */
export async function sendWebhook(cfg: WebhookConfig, phone: string, text: string): Promise<void> {
	const body = cfg.bodyTemplate
		.replaceAll('{{phone}}', JSON.stringify(phone))
		.replaceAll('{{text}}', JSON.stringify(text));
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (cfg.auth) {
		const at = cfg.auth.indexOf(':');
		if (at > 0) headers[cfg.auth.slice(0, at).trim()] = cfg.auth.slice(at + 1).trim();
	}
	const res = await fetch(cfg.url, {
		method: 'POST',
		headers,
		body,
		signal: AbortSignal.timeout(cfg.timeoutMs)
	});
	// The gateway's answer body is not kept: it may echo the number or the text.
	await res.arrayBuffer().catch(() => undefined);
	if (!res.ok) throw new Error(`gateway answered HTTP ${res.status}`);
}

export function webhookFromEnv(env = process.env): WebhookConfig | null {
	if (!env.NOTIFY_WEBHOOK_URL) return null;
	return {
		url: env.NOTIFY_WEBHOOK_URL,
		auth: env.NOTIFY_WEBHOOK_AUTH ?? null,
		bodyTemplate: env.NOTIFY_WEBHOOK_BODY ?? DEFAULT_WEBHOOK_BODY,
		timeoutMs: Number(env.NOTIFY_WEBHOOK_TIMEOUT_MS ?? 10_000)
	};
}
