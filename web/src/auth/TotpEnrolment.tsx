import { useState, type FormEvent } from 'react';
import { api, setCsrfToken } from '../api';
import { useT } from '../i18n/i18n';
import { useSession } from './session';
import { ErrorMessage } from '../components/ErrorMessage';

/** Enrols an authenticator app: shows the QR code and secret, confirms with a first code. */
export function TotpEnrolment({ onDone }: { onDone?: () => void }) {
  const t = useT();
  const session = useSession();
  const [setup, setSetup] = useState<{ secret: string; qrSvg: string } | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);

  async function start() {
    setError(null);
    try {
      setSetup(await api<{ secret: string; qrSvg: string; uri: string }>('POST', '/api/auth/totp/setup'));
    } catch (err) {
      setError(err);
    }
  }

  async function confirm(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const r = await api<{ csrfToken: string }>('POST', '/api/auth/totp/enable', { code });
      setCsrfToken(r.csrfToken);
      await session.refresh();
      onDone?.();
    } catch (err) {
      setError(err);
    }
  }

  if (!setup) {
    return (
      <div>
        <p>{t('security.totp_explain')}</p>
        <ErrorMessage error={error} />
        <button type="button" className="primary" onClick={() => void start()} data-testid="totp-start">
          {t('security.totp_start')}
        </button>
      </div>
    );
  }
  return (
    <form onSubmit={(e) => void confirm(e)} className="stack">
      <p>{t('security.totp_scan')}</p>
      <img className="qr" alt={t('security.qr_alt')} src={`data:image/svg+xml;utf8,${encodeURIComponent(setup.qrSvg)}`} />
      <p>
        {t('security.totp_manual')} <code dir="ltr" data-testid="totp-secret">{setup.secret}</code>
      </p>
      <label>
        {t('auth.code')}
        <input inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={code} onChange={(e) => setCode(e.target.value.trim())} required />
      </label>
      <ErrorMessage error={error} />
      <button type="submit" className="primary">
        {t('security.totp_confirm')}
      </button>
    </form>
  );
}
