import { IntlMessageFormat } from 'intl-messageformat';
import { catalogues } from './catalogues/index';

export const LOCALES = ['ar', 'fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** True when value is one of the supported interface languages. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Picks the best supported locale from an Accept-Language header; English when none fits. */
export function negotiateLocale(header: string | undefined): Locale {
  if (!header) return 'en';
  const wanted = header
    .split(',')
    .map((part) => {
      const [tag, q] = part.trim().split(';q=');
      return { lang: tag.slice(0, 2).toLowerCase(), q: q ? Number(q) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const w of wanted) if (isLocale(w.lang)) return w.lang;
  return 'en';
}

const cache = new Map<string, IntlMessageFormat>();

/** Formats a server message (ICU) in the given language; falls back to English, then to the key. */
export function t(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const source = catalogues[locale][key] ?? catalogues.en[key];
  if (source === undefined) return key;
  const cacheKey = `${locale}\u0000${key}`;
  let fmt = cache.get(cacheKey);
  if (!fmt) {
    fmt = new IntlMessageFormat(source, locale);
    cache.set(cacheKey, fmt);
  }
  return String(fmt.format(params as Record<string, string | number>));
}

/** True when a message key exists in the catalogues. */
export function hasMessage(key: string): boolean {
  return key in catalogues.en;
}
