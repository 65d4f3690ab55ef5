import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { useSession } from '../auth/session';
import { useT } from '../i18n/i18n';
import { LoginPage } from '../auth/LoginPage';
import { EnrolPage } from '../auth/EnrolPage';
import { SecurityPage } from '../auth/SecurityPage';
import { UsersPage } from '../orgs/UsersPage';
import { AuditPage } from '../audit/AuditPage';
import { ScreeningsPage } from '../screening/ScreeningsPage';
import { ScreeningPage } from '../screening/ScreeningPage';
import { IncomingReferralsPage, IncomingReferralPage } from '../screening/IncomingReferralsPage';
import { IndicatorSetsPage } from '../screening/IndicatorSetsPage';
import { Layout } from './Layout';
import { HomePage } from './HomePage';

/** Routes: sign-in until there is an active session, then the signed-in pages. */
export function App() {
  const session = useSession();
  const t = useT();
  if (session.stage === 'loading') return <p className="loading">{t('common.loading')}</p>;
  if (session.stage === 'enrol') return <EnrolPage />;
  if (session.stage !== 'active') return <LoginPage />;
  return (
    <BrowserRouter>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<HomePage />} />
          <Route path="admin/users" element={<UsersPage />} />
          <Route path="admin/audit" element={<AuditPage />} />
          <Route path="screenings" element={<ScreeningsPage />} />
          <Route path="screenings/:id" element={<ScreeningPage />} />
          <Route path="incoming-referrals" element={<IncomingReferralsPage />} />
          <Route path="incoming-referrals/:id" element={<IncomingReferralPage />} />
          <Route path="admin/indicator-sets" element={<IndicatorSetsPage />} />
          <Route path="account/security" element={<SecurityPage />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
