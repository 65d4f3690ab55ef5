import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import { setApiLocale } from '../api';

export const LOCALES = ['ar', 'fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

// One catalogue file per capability and language: web/src/i18n/<lang>/<capability>.json
const files = import.meta.glob<Record<string, string>>('./*/*.json', { eager: true, import: 'default' });

/** The merged ICU message catalogue of each language. */
export const catalogues: Record<Locale, Record<string, string>> = { ar: {}, fr: {}, en: {} };
for (const [file, messages] of Object.entries(files)) {
  const lang = file.split('/')[1] as Locale;
  if (lang in catalogues) Object.assign(catalogues[lang], messages);
}

const STORAGE_KEY = 'jisr.locale';

function initialLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  const nav = navigator.language.slice(0, 2);
  return (LOCALES as readonly string[]).includes(nav) ? (nav as Locale) : 'en';
}

/** Wraps text in Unicode bidi isolates so a Latin name inside an Arabic sentence (and vice versa) keeps its order. */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

/** Right-to-left languages among the supported ones. */
export function directionOf(locale: string): 'rtl' | 'ltr' {
  return locale === 'ar' ? 'rtl' : 'ltr';
}

const LocaleContext = createContext<{ locale: Locale; setLocale: (l: Locale) => void }>({ locale: 'en', setLocale: () => undefined });

/** Provides the interface language: ICU messages, number and date formats, and the page direction. */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  setApiLocale(locale);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dir = directionOf(locale);
  }, [locale]);
  const setLocale = useCallback((l: Locale) => {
    localStorage.setItem(STORAGE_KEY, l);
    setApiLocale(l);
    setLocaleState(l);
  }, []);
  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return (
    <LocaleContext.Provider value={value}>
      <IntlProvider locale={locale} messages={catalogues[locale]} defaultLocale="en" onError={() => undefined}>
        {children}
      </IntlProvider>
    </LocaleContext.Provider>
  );
}

/** The current interface language and a way to change it. */
export function useLocale() {
  return useContext(LocaleContext);
}

/** A translate function: t('key', { values }) with ICU formatting in the current language. */
export function useT() {
  const intl = useIntl();
  return useCallback((id: string, values?: Record<string, string | number | Date>) => intl.formatMessage({ id }, values), [intl]);
}
