/** Names of codes (countries, languages) in the reader's language, from CLDR through Intl. */
import type { Locale } from './countries';

const cache = new Map<string, Intl.DisplayNames>();

/** The name of `code` of `type` in `locale`; the code itself when Intl does not know it; never throws. */
export function displayName(type: 'region' | 'language', code: string, locale: Locale): string {
  const key = `${type}:${locale}`;
  let names = cache.get(key);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type, fallback: 'code' });
    cache.set(key, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}
