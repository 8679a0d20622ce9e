// The server the browser tests run against: the built app on its own fresh SQLite file with
// the demo regency, so every run starts from the same known data.
import { rmSync } from 'node:fs';

const file = process.env.E2E_DB ?? 'data/e2e.db';
for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
process.env.DATABASE_URL = `file:${file}`;
process.env.MUFAKAT_DEMO_IF_EMPTY = '1';
// Tests log in many times from one address; the per-address limit has its own integration test.
process.env.LOGIN_ADDRESS_FREE_FAILURES ??= '10000';
await import('./start.js');
