import { defineConfig } from '@playwright/test';
import { findChromium } from './scripts/chromium.js';

const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: process.env.CI ? 2 : 2,
	retries: 0,
	timeout: 60_000,
	reporter: [['list'], ['json', { outputFile: '.reports/e2e.json' }]],
	use: {
		baseURL: `http://localhost:${port}`,
		locale: 'id-ID',
		launchOptions: {
			executablePath: findChromium() ?? undefined,
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	},
	webServer: {
		command: 'node scripts/e2e-server.js',
		url: `http://localhost:${port}/login`,
		reuseExistingServer: false,
		timeout: 120_000,
		env: { PORT: String(port), ORIGIN: `http://localhost:${port}`, HOST: '127.0.0.1' }
	}
});
