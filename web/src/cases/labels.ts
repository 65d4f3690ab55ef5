import { useCallback } from 'react';
import { countryName, fieldLabel, languageName, valueLabel, COUNTRIES, type Locale } from '../../../common/htcds';
import { useLocale, useT } from '../i18n/i18n';

/** Labels of HTCDS fields and values (from common/htcds) and of Jisr's own values (catalogue `cases.value.*`). */
export function useLabels() {
  const { locale } = useLocale();
  const t = useT();
  const field = useCallback((name: string) => (/^[a-z]{3}_/.test(name) ? fieldLabel(name, locale as Locale) : t(`cases.field.${name}`)), [locale, t]);
  const value = useCallback((name: string, v: unknown): string => {
    if (v === undefined || v === null || v === '') return '—';
    if (Array.isArray(v)) return v.map((x) => value(name, x)).join(', ');
    if (typeof v === 'boolean') return v ? t('cases.yes') : t('cases.no');
    if (/(^date$|Date$|^prs_Birthdate$)/.test(name) && /^\d{4}-\d{2}-\d{2}$/.test(String(v))) {
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${String(v)}T00:00:00Z`));
    }
    if (/Citizenship|Country$|country$|^citizenship$/.test(name)) return countryName(String(v), locale as Locale) ?? String(v);
    if (/Language$/.test(name)) return languageName(String(v), locale as Locale);
    if (/^[a-z]{3}_/.test(name)) return valueLabel(name, String(v), locale as Locale);
    if (JISR_ENUMS.has(name)) return t(`cases.value.${name}.${String(v)}`);
    return String(v);
  }, [locale, t]);
  const country = useCallback((code: string) => countryName(code, locale as Locale) ?? code, [locale]);
  return { field, value, country, locale };
}

/** Jisr (non-HTCDS) enumerated fields whose values have catalogue labels. */
export const JISR_ENUMS = new Set(['type', 'outcome', 'kind', 'status', 'decision', 'riskLevel', 'residencePermit', 'state']);

/** Country options sorted by name in the current language. */
export function useCountryOptions(): Array<{ code: string; name: string }> {
  const { locale } = useLocale();
  return COUNTRIES.map((c) => ({ code: c.alpha2, name: countryName(c.alpha2, locale as Locale) ?? c.alpha2 })).sort((a, b) => a.name.localeCompare(b.name, locale));
}
