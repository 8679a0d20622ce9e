import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface TestSmtp {
	url: string;
	port: number;
	/** Every message the server accepted, parsed. */
	received: ParsedMail[];
	/** Refuse every message with a 451 while true. */
	refuse: boolean;
	/** Called for each message before it is accepted; resolve to accept it. */
	gate: ((mail: ParsedMail) => Promise<void>) | null;
	waitFor(n: number, timeoutMs?: number): Promise<void>;
	close(): Promise<void>;
}

/** A real SMTP server on loopback that parses and keeps what it receives. */
export async function startSmtp(port = 0): Promise<TestSmtp> {
	const state: TestSmtp = {
		url: '',
		port: 0,
		received: [],
		refuse: false,
		gate: null,
		async waitFor(n, timeoutMs = 20_000) {
			const end = Date.now() + timeoutMs;
			while (state.received.length < n) {
				if (Date.now() > end) {
					throw new Error(`SMTP server got ${state.received.length} of ${n} messages`);
				}
				await new Promise((r) => setTimeout(r, 25));
			}
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, _session, callback) {
			simpleParser(stream)
				.then(async (mail) => {
					if (state.refuse) {
						const err = new Error('Mailbox busy, try later') as Error & { responseCode: number };
						err.responseCode = 451;
						return callback(err);
					}
					if (state.gate) await state.gate(mail);
					state.received.push(mail);
					callback();
				})
				.catch((e) => callback(e));
		}
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
	const address = server.server.address() as AddressInfo;
	state.port = address.port;
	state.url = `smtp://127.0.0.1:${address.port}`;
	return state;
}

export interface TestReceiver {
	url: string;
	requests: { headers: Record<string, string | string[] | undefined>; body: string }[];
	/** Status codes to answer with, in turn; 200 once they run out. */
	answers: number[];
	close(): Promise<void>;
}

/** A real HTTP receiver on loopback standing in for the WhatsApp/SMS gateway. */
export async function startReceiver(): Promise<TestReceiver> {
	const state: TestReceiver = {
		url: '',
		requests: [],
		answers: [],
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			state.requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.statusCode = state.answers.shift() ?? 200;
			res.end('{}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
	return state;
}
