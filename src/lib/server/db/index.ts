import { createDb } from './connect';
import { databaseUrl } from './settings';

export { databaseUrl, dialect } from './settings';

/** The one Kysely instance of the app. Domain functions take it (or a transaction) first. */
export const db = createDb(databaseUrl);

export type { Database } from './schema';
export type DB = typeof db;
