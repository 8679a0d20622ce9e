import { AsyncLocalStorage } from 'node:async_hooks';
import {
	baseLocale,
	cookieName,
	getServerAsyncLocalStorage,
	isLocale,
	overwriteServerAsyncLocalStorage,
	type Locale
} from '$lib/paraglide/runtime';

// Paraglide's paraglideMiddleware() clones every request so it can strip a locale prefix from the
// URL; our strategy (cookie, then the base locale) never puts one there, and cloning a request
// with its body costs more than the database work of a rating submission. The per-request
// locale store it would set up is set up here directly, with the runtime's own exports.
type LocaleStore = NonNullable<ReturnType<typeof getServerAsyncLocalStorage>>;
export const localeStorage: LocaleStore =
	getServerAsyncLocalStorage() ?? (new AsyncLocalStorage() as unknown as LocaleStore);
overwriteServerAsyncLocalStorage(localeStorage);

/** The reader's language, from the cookies (cookie strategy, then the base locale). */
export function localeFromCookies(get: (name: string) => string | undefined): Locale {
	const value = get(cookieName);
	return value && isLocale(value) ? value : baseLocale;
}

/** Runs `fn` with `locale` as the language of every message it renders. */
export function withLocale<T>(locale: Locale, origin: string, fn: () => T): T {
	return localeStorage.run({ locale, origin, messageCalls: new Set() }, fn);
}
