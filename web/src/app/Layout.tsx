import { NavLink, Outlet, useLocation } from 'react-router-dom';
import { PageBoundary } from '../components/PageBoundary';
import { useT } from '../i18n/i18n';
import { useSession } from '../auth/session';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { visibleNavItems } from './nav';

/** The frame of every signed-in page: brand, navigation by permission, language, account. */
export function Layout() {
  const t = useT();
  const session = useSession();
  const items = visibleNavItems(session);
  const location = useLocation();
  return (
    <div className="shell">
      <header className="topbar">
        <NavLink to="/" className="brand" aria-label={t('app.name')}>
          <span className="brand-mark" aria-hidden="true">
            ⌒
          </span>
          <span>{t('app.name')}</span>
        </NavLink>
        <div className="topbar-end">
          <LanguageSwitcher />
          <span className="who" data-testid="who">
            {session.user?.displayName}
            <small>{session.user ? t(`role.${session.user.role}`) : ''}</small>
          </span>
          <button type="button" className="link" onClick={() => void session.logout()} data-testid="logout">
            {t('auth.logout')}
          </button>
        </div>
      </header>
      <nav className="mainnav" aria-label={t('nav.main')}>
        {items.map((i) => (
          <NavLink key={i.to} to={i.to} end={i.to === '/'}>
            {t(i.label)}
          </NavLink>
        ))}
      </nav>
      <main className="content">
        <PageBoundary key={location.pathname}>
          <Outlet />
        </PageBoundary>
      </main>
    </div>
  );
}
