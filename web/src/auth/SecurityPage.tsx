import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { useT } from '../i18n/i18n';
import { useSession } from './session';
import { TotpEnrolment } from './TotpEnrolment';
import { ErrorMessage } from '../components/ErrorMessage';

/** My account's security: two-factor authentication and password. */
export function SecurityPage() {
  const t = useT();
  const session = useSession();
  const [disablePassword, setDisablePassword] = useState('');
  const [pw, setPw] = useState({ currentPassword: '', newPassword: '' });
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');

  async function disable(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await api('POST', '/api/auth/totp/disable', { password: disablePassword });
      setDisablePassword('');
      await session.refresh();
    } catch (err) {
      setError(err);
    }
  }

  async function changePassword(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setNotice('');
    try {
      await api('POST', '/api/me/password', pw);
      setPw({ currentPassword: '', newPassword: '' });
      setNotice(t('security.password_changed'));
    } catch (err) {
      setError(err);
    }
  }

  return (
    <div className="stack">
      <h1>{t('nav.security')}</h1>
      <ErrorMessage error={error} />
      {notice && <p className="notice" role="status">{notice}</p>}
      <section className="card">
        <h2>{t('security.totp_title')}</h2>
        {session.user?.totpEnabled ? (
          <form onSubmit={(e) => void disable(e)} className="stack">
            <p className="ok-badge" data-testid="totp-on">{t('security.totp_on')}</p>
            {session.user.org.requireTotp ? (
              <p className="muted">{t('security.totp_required_by_org')}</p>
            ) : (
              <>
                <label>
                  {t('auth.password')}
                  <input type="password" value={disablePassword} onChange={(e) => setDisablePassword(e.target.value)} dir="ltr" autoComplete="current-password" />
                </label>
                <button type="submit">{t('security.totp_disable')}</button>
              </>
            )}
          </form>
        ) : (
          <TotpEnrolment />
        )}
      </section>
      <section className="card">
        <h2>{t('security.password_title')}</h2>
        <form onSubmit={(e) => void changePassword(e)} className="stack">
          <label>
            {t('security.current_password')}
            <input type="password" value={pw.currentPassword} onChange={(e) => setPw({ ...pw, currentPassword: e.target.value })} dir="ltr" autoComplete="current-password" />
          </label>
          <label>
            {t('security.new_password')}
            <input type="password" value={pw.newPassword} onChange={(e) => setPw({ ...pw, newPassword: e.target.value })} dir="ltr" autoComplete="new-password" minLength={12} />
            <small className="muted">{t('security.password_rule', { min: 12 })}</small>
          </label>
          <button type="submit">{t('security.change_password')}</button>
        </form>
      </section>
    </div>
  );
}
