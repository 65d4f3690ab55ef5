import { useT } from '../i18n/i18n';
import { useSession } from './session';
import { TotpEnrolment } from './TotpEnrolment';
import { LanguageSwitcher } from '../components/LanguageSwitcher';

/** Shown after sign-in when the organisation requires two-factor authentication and the user has none yet. */
export function EnrolPage() {
  const t = useT();
  const session = useSession();
  return (
    <main className="login-page">
      <div className="login-top">
        <LanguageSwitcher />
      </div>
      <div className="card login-card">
        <h1>{t('security.enrol_required_title')}</h1>
        <p>{t('security.enrol_required')}</p>
        <TotpEnrolment />
        <button type="button" className="link" onClick={() => void session.logout()}>
          {t('auth.logout')}
        </button>
      </div>
    </main>
  );
}
