/**
 * adapter-node assumes https when neither ORIGIN nor PROTOCOL_HEADER/HOST_HEADER is set, which
 * would make every form post from http://localhost look cross-site; so a bare `npm start` gets
 * http://localhost:$PORT. Behind a reverse proxy that passes the headers, adapter-node reads the
 * address from them instead — but only while ORIGIN is unset, so it is left unset then.
 * @param {Record<string, string | undefined>} env
 */
export function applyOriginDefault(env) {
	if (env.ORIGIN || env.PROTOCOL_HEADER || env.HOST_HEADER) return;
	env.ORIGIN = `http://localhost:${env.PORT}`;
}
