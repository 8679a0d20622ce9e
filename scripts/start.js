// Starts the built server. On an empty database it loads the demo regency first, so a newcomer's
// `npm start` shows a working Mufakat. Set MUFAKAT_DEMO_IF_EMPTY=0 for a real deployment.
import { existsSync } from 'node:fs';

if (!existsSync(new URL('../build/index.js', import.meta.url))) {
	console.error('No build found. Run `npm run build` first (or `npm start`, which builds).');
	process.exit(1);
}
process.env.MUFAKAT_DEMO_IF_EMPTY ??= '1';
process.env.PORT ??= '3000';
process.env.HOST ??= '0.0.0.0';
process.env.BODY_SIZE_LIMIT ??= '25M';
// adapter-node assumes https when ORIGIN is unset, which would make every form post from
// http://localhost look cross-site. A real deployment sets ORIGIN to the address people use.
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
await import('../build/index.js');
console.log(`Mufakat is running: ${process.env.ORIGIN}`);
