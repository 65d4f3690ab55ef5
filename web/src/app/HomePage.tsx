import { Link } from 'react-router-dom';
import { FormattedDate } from 'react-intl';
import { useT } from '../i18n/i18n';
import { useSession } from '../auth/session';
import { visibleNavItems } from './nav';

/** The start page: who I am, and what I can do here. */
export function HomePage() {
  const t = useT();
  const session = useSession();
  const items = visibleNavItems(session).filter((i) => i.to !== '/');
  return (
    <div className="stack">
      <h1 data-testid="welcome">{t('home.welcome', { name: session.user?.displayName ?? '' })}</h1>
      <p className="muted">
        {session.user?.org.name} · {session.user ? t(`role.${session.user.role}`) : ''} · <FormattedDate value={new Date()} dateStyle="full" />
      </p>
      <p>{t(`home.role_intro.${session.user?.role ?? 'analyst'}`)}</p>
      <div className="cards">
        {items.map((i) => (
          <Link key={i.to} to={i.to} className="card tile">
            {t(i.label)}
          </Link>
        ))}
      </div>
    </div>
  );
}
