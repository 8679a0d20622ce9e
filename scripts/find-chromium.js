import { findChromiumOrPlaywright } from './chromium.js';

if (!(await findChromiumOrPlaywright())) {
	console.error(
		'Chromium not found: install it with `sudo apt-get install -y chromium` or set CHROMIUM_PATH to a Chromium binary.'
	);
	process.exit(1);
}
