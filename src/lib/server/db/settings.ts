import { DEFAULT_DATABASE_URL, dialectOf } from './connect';

/** DATABASE_URL: an SQLite path or `file:` URL (default data/mufakat.db), or `postgres://…`. */
export const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
export const dialect = dialectOf(databaseUrl);
