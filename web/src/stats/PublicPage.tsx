import { useEffect, useState } from 'react';
import { FormattedDate, FormattedNumber } from 'react-intl';
import { api, ApiError } from '../api';
import { useT } from '../i18n/i18n';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { Dashboard, ProtectionSummary } from './Dashboard';
import { FidelityTable } from './FidelityTable';
import type { Release } from './data';
import './stats.css';

/** The public page, without sign-in: the latest published release, its dashboards and downloads. */
export function PublicPage() {
  const t = useT();
  const [release, setRelease] = useState<Release | null>();
  useEffect(() => {
    api<Release>('GET', '/api/public/releases/latest')
      .then(setRelease)
      .catch((e) => setRelease(e instanceof ApiError && e.status === 404 ? null : null));
  }, []);
  return (
    <div className="public-shell">
      <header className="topbar">
        <a href="/public" className="brand">
          <span className="brand-mark" aria-hidden="true">⌒</span>
          <span>{t('app.name')}</span>
        </a>
        <div className="topbar-end">
          <LanguageSwitcher />
          <a href="/" className="link" style={{ color: '#fff' }}>{t('stats.public_sign_in')}</a>
        </div>
      </header>
      <main className="public-main">
        <h1 data-testid="public-title">{t('stats.public_title')}</h1>
        <p className="muted">{t('stats.public_intro')}</p>
        {release === undefined ? <p className="muted">{t('common.loading')}</p> : null}
        {release === null ? <p className="card" data-testid="no-release">{t('stats.public_none')}</p> : null}
        {release ? (
          <>
            <section className="card stack" data-testid="public-release">
              <h2>{release.label}</h2>
              <p className="muted">
                {release.publishedAt ? <FormattedDate value={release.publishedAt} dateStyle="long" /> : null} · <ProtectionSummary release={release} /> ·{' '}
                {t('stats.released_total')}: <FormattedNumber value={release.total} />
              </p>
              {release.hasSynthetic ? (
                <p>
                  <a href={`/api/public/releases/${release.id}/synthetic.csv`} download data-testid="synthetic-download">{t('stats.download_synthetic')}</a>
                </p>
              ) : null}
              <details>
                <summary>{t('stats.fidelity_title')}</summary>
                <FidelityTable report={release.fidelity} />
              </details>
            </section>
            <Dashboard release={release} publicView />
          </>
        ) : null}
      </main>
    </div>
  );
}
