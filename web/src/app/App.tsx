import { lazy } from 'react';
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
import { ExchangePage } from '../stats/ExchangePage';
import { CasesListPage } from '../cases/CasesListPage';
import { NewCasePage } from '../cases/NewCasePage';
import { CasePage } from '../cases/CasePage';
import { ReferralsInboxPage } from '../cases/ReferralsInboxPage';
import { MyWorkPage } from '../cases/MyWorkPage';
import { NrmSettingsPage } from '../cases/NrmSettingsPage';
import { Layout } from './Layout';
import { PageBoundary } from '../components/PageBoundary';
import { HomePage } from './HomePage';

// The statistics pages (charts, the world map and its country shapes) load when first opened, so
// that signing in and the case pages do not wait for them on a slow connection.
const PublicPage = lazy(() => import('../stats/PublicPage').then((m) => ({ default: m.PublicPage })));
const StatsPage = lazy(() => import('../stats/StatsPage').then((m) => ({ default: m.StatsPage })));
const ReleasePage = lazy(() => import('../stats/ReleasePage').then((m) => ({ default: m.ReleasePage })));
const GlotipPage = lazy(() => import('../stats/GlotipPage').then((m) => ({ default: m.GlotipPage })));

/** Routes: sign-in until there is an active session, then the signed-in pages. */
export function App() {
  const session = useSession();
  const t = useT();
  // The public statistics page needs no session (published releases only).
  if (/^\/public\/?$/.test(window.location.pathname)) {
    return (
      <PageBoundary>
        <PublicPage />
      </PageBoundary>
    );
  }
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
