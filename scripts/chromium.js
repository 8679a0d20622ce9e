// Finds a Chromium for the browser tests: CHROMIUM_PATH, Debian's /usr/bin/chromium, or
// Playwright's own download if someone installed it. Never downloads anything.
import { existsSync } from 'node:fs';

export function findChromium() {
	const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
	for (const path of candidates) if (path && existsSync(path)) return path;
	return null;
}

export async function findChromiumOrPlaywright() {
	const found = findChromium();
	if (found) return found;
	try {
		const { chromium } = await import('@playwright/test');
		const path = chromium.executablePath();
		if (path && existsSync(path)) return path;
	} catch {
		// Playwright has no browser of its own here; fall through to the message.
	}
	return null;
}
