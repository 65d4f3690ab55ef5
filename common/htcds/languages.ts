/**
 * Names of languages (HTCDS `prs_PrimaryLanguage`, code list ISO 639) in the reader's language,
 * as countries.ts names countries.
 */
import type { Locale } from './countries';
import { displayName } from './display-names';

/** The language's name in `locale` ("ha" is "Hausa" in English, "الهوسا" in Arabic); the code itself when unknown. */
export function languageName(code: string, locale: Locale): string {
  return displayName('language', code, locale);
}
