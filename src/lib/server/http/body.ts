import { json, type Handle } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

// The encodings our forms post (use:enhance sends multipart). Kit also lets `text/plain` through
// to actions, which no form of ours uses and `request.formData()` cannot read.
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/** The media type of a request, lower case, without parameters ('' when there is none). */
export function mediaType(request: Request): string {
	return request.headers.get('content-type')?.split(';')[0].trim().toLowerCase() ?? '';
}

/**
 * A refusal of the request itself (not of a field): the answer a form action's client reads —
 * `use:enhance` an ActionResult, a browser without JavaScript a short page, a script JSON.
 */
export function refuseRequest(
	request: Request,
	status: number,
	message: string,
	headers: Record<string, string> = {}
): Response {
	if (request.headers.get('x-sveltekit-action') === 'true') {
		return json({ type: 'error', error: { message } }, { status, headers });
	}
	if (!(request.headers.get('accept') ?? '').includes('text/html')) {
		return json({ message }, { status, headers });
	}
	const text = message.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
	const page = `<!doctype html><html lang="${getLocale()}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Mufakat</title></head><body><main><h1>${m.error_title()}</h1><p>${text}</p><p><a href="/">${m.error_back_home()}</a></p></main></body></html>`;
	return new Response(page, {
		status,
		headers: { 'content-type': 'text/html; charset=utf-8', ...headers }
	});
}

/** No content type and nothing to read: a post that carries no form at all. */
function isBodiless(request: Request): boolean {
	if (mediaType(request) !== '') return false;
	const length = request.headers.get('content-length');
	return length === '0' || (length === null && !request.headers.has('transfer-encoding'));
}

/**
 * Every posted body is read here, once, before a route sees it: a type no action accepts is a
 * 415 and a body that cannot be read (truncated multipart, broken encoding) a 400, both
 * localised and neither a server fault. Routes then call `request.formData()` as usual and get
 * the form read here.
 */
export const handleBody: Handle = async ({ event, resolve }) => {
	const { request } = event;
	if (request.method !== 'POST') return resolve(event);
	if (isBodiless(request)) {
		// A button-only post from a script or an older client: an empty form, not a wrong type.
		const empty = new FormData();
		Object.defineProperty(request, 'formData', { value: () => Promise.resolve(empty) });
		return resolve(event);
	}
	if (!FORM_TYPES.has(mediaType(request))) {
		return refuseRequest(request, 415, m.input_unsupported_media_type());
	}
	let form: FormData;
	try {
		form = await request.formData();
	} catch (e) {
		// adapter-node stops reading past BODY_SIZE_LIMIT with a 413 of its own.
		if ((e as { status?: unknown } | null)?.status === 413) {
			return refuseRequest(request, 413, m.input_too_large(), { connection: 'close' });
		}
		return refuseRequest(request, 400, m.input_bad_body());
	}
	// The body stream is spent; the Request keeps answering formData() with what was read.
	Object.defineProperty(request, 'formData', { value: () => Promise.resolve(form) });
	return resolve(event);
};
