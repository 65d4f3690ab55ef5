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
import { PublicPage } from '../stats/PublicPage';
import { StatsPage } from '../stats/StatsPage';
import { ReleasePage } from '../stats/ReleasePage';
import { GlotipPage } from '../stats/GlotipPage';
import { ExchangePage } from '../stats/ExchangePage';
import { CasesListPage } from '../cases/CasesListPage';
import { NewCasePage } from '../cases/NewCasePage';
import { CasePage } from '../cases/CasePage';
import { ReferralsInboxPage } from '../cases/ReferralsInboxPage';
import { MyWorkPage } from '../cases/MyWorkPage';
import { NrmSettingsPage } from '../cases/NrmSettingsPage';
import { Layout } from './Layout';
import { HomePage } from './HomePage';

/** Routes: sign-in until there is an active session, then the signed-in pages. */
export function App() {
  const session = useSession();
  const t = useT();
  // The public statistics page needs no session (published releases only).
  if (/^\/public\/?$/.test(window.location.pathname)) return <PublicPage />;
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
          <Route path="admin/nrm-settings" element={<NrmSettingsPage />} />
          <Route path="stats" element={<StatsPage />} />
          <Route path="stats/releases/:id" element={<ReleasePage />} />
          <Route path="stats/glotip" element={<GlotipPage />} />
          <Route path="exchange" element={<ExchangePage />} />
          <Route path="cases" element={<CasesListPage />} />
          <Route path="cases/new" element={<NewCasePage />} />
          <Route path="cases/:id" element={<CasePage />} />
          <Route path="referrals" element={<ReferralsInboxPage />} />
          <Route path="my-work" element={<MyWorkPage />} />
          <Route path="account/security" element={<SecurityPage />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
