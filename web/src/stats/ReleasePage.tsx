import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { FormattedNumber } from 'react-intl';
import { api } from '../api';
import { useLocale, useT } from '../i18n/i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { Dashboard, ProtectionSummary } from './Dashboard';
import { FidelityTable } from './FidelityTable';
import { categoryLabel } from './labels';
import { download, toCsv, useReleaseTable, type Release } from './data';
import './stats.css';

/** One release: parameters, fidelity report, counts and rates by any 1–4 of its attributes, synthetic data, dashboards. */
export function ReleasePage() {
  const t = useT();
  const { id } = useParams();
  const [release, setRelease] = useState<Release>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    api<Release>('GET', `/api/stats/releases/${id}`).then(setRelease).catch(setError);
  }, [id]);
  if (error) return <ErrorMessage error={error} />;
  if (!release) return <p className="muted">{t('common.loading')}</p>;
  return (
    <div className="stack">
      <h1>{release.label}</h1>
      <p className="muted">
        <span className={`badge ${release.status}`}>{t(`stats.status_${release.status}`)}</span> · <ProtectionSummary release={release} /> · {t('stats.released_total')}: <FormattedNumber value={release.total} />
      </p>
      {release.hasSynthetic ? <p><a href={`/api/stats/releases/${release.id}/synthetic.csv`} download>{t('stats.download_synthetic')}</a></p> : null}
      <section className="card"><FidelityTable report={release.fidelity} /></section>
      <CountsExplorer release={release} />
      <Dashboard release={release} publicView={false} />
    </div>
  );
}

function CountsExplorer({ release }: { release: Release }) {
  const t = useT();
  const { locale } = useLocale();
  const [columns, setColumns] = useState<string[]>([release.attributes[0]]);
  const table = useReleaseTable(`/api/stats/releases/${release.id}`, columns, columns.length > 0 && columns.length <= release.maxLength);
  const unknown = t('stats.value_unknown');
  const several = t('stats.value_several');
  const rows = (table?.cells ?? []).slice().sort((a, b) => b.count - a.count);
  const toggle = (a: string) => setColumns((c) => (c.includes(a) ? c.filter((x) => x !== a) : c.length < release.maxLength ? [...c, a] : c));
  const ordered = table?.columns ?? columns;
  return (
    <section className="card stack" data-testid="explorer">
      <h2>{t('stats.explorer')}</h2>
      <fieldset className="attr-picker">
        <legend>{t('stats.explorer_pick', { n: release.maxLength })}</legend>
        {release.attributes.map((a) => (
          <label key={a} className="check">
            <input type="checkbox" checked={columns.includes(a)} onChange={() => toggle(a)} />
            {t(`stats.attr.${a}`)}
          </label>
        ))}
      </fieldset>
      <div className="row">
        <button type="button" className="small" onClick={() => download(`release-${ordered.join('-')}.csv`, toCsv([[...ordered, 'count', 'share'], ...rows.map((r) => [...r.values, r.count, r.share])]), 'text/csv')}>
          {t('stats.download_csv')}
        </button>
        <span className="muted small-print">{t('stats.explorer_note')}</span>
      </div>
      <div className="table-scroll">
        <table className="stat-table">
          <thead>
            <tr>
              {ordered.map((c) => <th key={c}>{t(`stats.attr.${c}`)}</th>)}
              <th className="num">{t('stats.count')}</th>
              <th className="num">{t('stats.share')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, 300).map((r) => (
              <tr key={r.values.join('|')}>
                {r.values.map((v, i) => <td key={ordered[i]}>{categoryLabel(ordered[i], v, locale, unknown, several)}</td>)}
                <td className="num"><FormattedNumber value={r.count} /></td>
                <td className="num"><FormattedNumber value={r.share} style="percent" maximumFractionDigits={2} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
