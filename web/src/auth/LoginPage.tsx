import { useState, type FormEvent } from 'react';
import { api, setCsrfToken } from '../api';
import { useT } from '../i18n/i18n';
import { useSession } from './session';
import { ErrorMessage } from '../components/ErrorMessage';
import { LanguageSwitcher } from '../components/LanguageSwitcher';

/** Sign-in: e-mail and password, then the authenticator code when two-factor authentication is on. */
export function LoginPage() {
  const t = useT();
  const session = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const needCode = session.stage === 'totp';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = needCode
        ? await api<{ csrfToken: string }>('POST', '/api/auth/login/totp', { code })
        : await api<{ csrfToken: string }>('POST', '/api/auth/login', { email, password });
      setCsrfToken(r.csrfToken);
      setPassword('');
      await session.refresh();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login-page">
      <div className="login-top">
        <LanguageSwitcher />
      </div>
      <form className="card login-card" onSubmit={(e) => void submit(e)} noValidate>
        <h1>
          <span className="brand-mark" aria-hidden="true">
            ⌒
          </span>{' '}
          {t('app.name')}
        </h1>
        <p className="muted">{t('app.tagline')}</p>
        {needCode ? (
          <>
            <p>{t('auth.totp_prompt')}</p>
            <label>
              {t('auth.code')}
              <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} value={code} onChange={(e) => setCode(e.target.value.trim())} autoFocus required />
            </label>
          </>
        ) : (
          <>
            <label>
              {t('auth.email')}
              <input name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} dir="ltr" required />
            </label>
            <label>
              {t('auth.password')}
              <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} dir="ltr" required />
            </label>
          </>
        )}
        <ErrorMessage error={error} />
        <button type="submit" className="primary" disabled={busy} data-testid="login-submit">
          {needCode ? t('auth.verify') : t('auth.login')}
        </button>
        {needCode && (
          <button type="button" className="link" onClick={() => void session.logout()}>
            {t('auth.start_over')}
          </button>
        )}
      </form>
    </main>
  );
}
