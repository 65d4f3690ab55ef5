import { LOCALES } from '../i18n/i18n';
import { NATIVE_LANGUAGE } from './types';

/** The options of an interview-language choice, each language named in itself. */
export function LanguageOptions() {
  return (
    <>
      {LOCALES.map((l) => (
        <option key={l} value={l} lang={l}>
          {NATIVE_LANGUAGE[l]}
        </option>
      ))}
    </>
  );
}
