import { useEffect, useState } from 'react';
import { FormattedDate, FormattedNumber, useIntl } from 'react-intl';
import { api } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { useT } from '../i18n/i18n';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { Dashboard, ProtectionSummary } from './Dashboard';
import { FidelityTable } from './FidelityTable';
import type { Release } from './data';
import './stats.css';

/**
 * The public page, without sign-in: the latest published release, its dashboards and downloads,
 * and the earlier ones to choose from (`?release=<id>` links to one).
 */
export function PublicPage() {
  const t = useT();
  const { formatDate } = useIntl();
  // undefined while loading, null when they could not be fetched.
  const [releases, setReleases] = useState<Release[] | null>();
  const [error, setError] = useState<unknown>();
  const [chosen, setChosen] = useState(() => new URLSearchParams(window.location.search).get('release') ?? '');
  useEffect(() => {
    api<{ releases: Release[] }>('GET', '/api/public/releases').then(
      (r) => setReleases(r.releases),
      (e) => {
        setError(e);
        setReleases(null);
      },
    );
  }, []);
  const release = releases ? (releases.find((r) => r.id === chosen) ?? releases[0]) : undefined;
  const choose = (id: string) => {
    setChosen(id);
    const url = new URL(window.location.href);
    if (id === releases?.[0]?.id) url.searchParams.delete('release');
    else url.searchParams.set('release', id);
    window.history.replaceState(null, '', url);
  };
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
        {releases === undefined ? <p className="muted">{t('common.loading')}</p> : null}
        <ErrorMessage error={error} />
        {releases?.length === 0 ? <p className="card" data-testid="no-release">{t('stats.public_none')}</p> : null}
        {releases && release && releases.length > 1 ? (
          <label className="public-choice">
            {t('stats.public_choose')}
            <select value={release.id} onChange={(e) => choose(e.target.value)} data-testid="public-release-choice">
              {releases.map((r) => (
                <option key={r.id} value={r.id}>{r.publishedAt ? `${r.label} · ${formatDate(r.publishedAt, { dateStyle: 'medium' })}` : r.label}</option>
              ))}
            </select>
          </label>
        ) : null}
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
            <Dashboard key={release.id} release={release} publicView />
          </>
        ) : null}
      </main>
    </div>
  );
}
