/**
 * Names of languages (HTCDS `prs_PrimaryLanguage`, code list ISO 639) in the reader's language,
 * from CLDR through Intl, as countries.ts names countries.
 */
import type { Locale } from './countries';

const displayNames = new Map<Locale, Intl.DisplayNames>();

/** The language's name in `locale` ("ha" is "Hausa" in English, "الهوسا" in Arabic); the code itself when Intl does not know it; never throws. */
export function languageName(code: string, locale: Locale): string {
  let names = displayNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' });
    displayNames.set(locale, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}
