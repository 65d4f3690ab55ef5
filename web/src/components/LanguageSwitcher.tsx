import { LOCALES, useLocale, useT, type Locale } from '../i18n/i18n';
import { api } from '../api';
import { useSession } from '../auth/session';

const NATIVE: Record<Locale, string> = { ar: 'العربية', fr: 'Français', en: 'English' };

/** Switches the interface language at any time; saved on the account when signed in. */
export function LanguageSwitcher() {
  const { locale, setLocale } = useLocale();
  const t = useT();
  const session = useSession();
  return (
    <label className="lang-switch">
      <span className="visually-hidden">{t('common.language')}</span>
      <select
        value={locale}
        aria-label={t('common.language')}
        data-testid="language"
        onChange={(e) => {
          const l = e.target.value as Locale;
          setLocale(l);
          if (session.stage === 'active') void api('PATCH', '/api/me', { locale: l }).catch(() => undefined);
        }}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {NATIVE[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
