import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { openApiDocument } from '$lib/server/api/openapi';

/** Public: the description holds no data, and clients need it before they have a token. */
export const GET: RequestHandler = ({ url }) => json(openApiDocument(url.origin));
