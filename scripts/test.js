// npm test: everything, in the order that fails fastest — lint, types, unit + integration
// (SQLite, or PostgreSQL when DATABASE_URL says so), build, then the browser tests in Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';

const run = (label, cmd, args, env = {}) => {
	console.log(`\n▶ ${label}`);
	const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
	if (r.status !== 0) {
		console.error(`\n✖ ${label} failed`);
		summary();
		process.exit(r.status ?? 1);
	}
};

const counts = { passed: 0, failed: 0, skipped: 0 };
function summary() {
	try {
		if (existsSync('.reports/vitest.json')) {
			const v = JSON.parse(readFileSync('.reports/vitest.json', 'utf8'));
			counts.passed += v.numPassedTests;
			counts.failed += v.numFailedTests;
			counts.skipped += v.numPendingTests + (v.numTodoTests ?? 0);
		}
		if (existsSync('.reports/e2e.json')) {
			const p = JSON.parse(readFileSync('.reports/e2e.json', 'utf8'));
			counts.passed += p.stats.expected + p.stats.flaky;
			counts.failed += p.stats.unexpected;
			counts.skipped += p.stats.skipped;
		}
	} catch {
		// A missing or partial report only loses the summary line, never the exit code.
	}
	console.log(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
}

mkdirSync('.reports', { recursive: true });
for (const f of ['.reports/vitest.json', '.reports/e2e.json']) {
	if (existsSync(f)) spawnSync('rm', ['-f', f]);
}
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
run('paraglide compile', 'npm', ['run', 'prepare', '--silent']);
run('lint (prettier + eslint)', 'npm', ['run', 'lint', '--silent']);
run('type check (svelte-check)', 'npm', ['run', 'check', '--silent']);
run('unit + integration tests (Vitest)', npx, [
	'vitest',
	'run',
	'--reporter=default',
	'--reporter=json',
	'--outputFile.json=.reports/vitest.json'
]);
run('build', 'npm', ['run', 'build', '--silent']);
run('find Chromium', 'node', ['scripts/find-chromium.js']);
run('end-to-end tests (Playwright, Chromium)', npx, ['playwright', 'test']);
summary();
