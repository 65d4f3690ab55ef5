import { useEffect, useState, type FormEvent } from 'react';
import { useParams } from 'react-router-dom';
import { FormattedNumber, useIntl } from 'react-intl';
import { api } from '../api';
import { isolate, useLocale, useT } from '../i18n/i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { Dashboard, ProtectionSummary } from './Dashboard';
import { FidelityTable } from './FidelityTable';
import { categoryLabel } from './labels';
import { attributeOf, download, toCsv, useReleaseTable, type Release } from './data';
import './stats.css';

/** One release: parameters, fidelity report, counts and rates by any 1–4 of its attributes, synthetic data, dashboards. */
export function ReleasePage() {
  const t = useT();
  const { formatDate } = useIntl();
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
      {release.withdrawn ? (
        <p className="warning" role="note" data-testid="release-withdrawn">
          {t('stats.withdrawn_on', { date: formatDate(release.withdrawn.at, { dateStyle: 'long' }), reason: isolate(release.withdrawn.reason) })}
        </p>
      ) : null}
      {release.hasSynthetic ? <p><a href={`/api/stats/releases/${release.id}/synthetic.csv`} download>{t('stats.download_synthetic')}</a></p> : null}
      {release.status === 'published' ? <WithdrawForm release={release} onWithdrawn={setRelease} /> : null}
      <section className="card">
        <h2>{t('stats.fidelity_title')}</h2>
        <FidelityTable report={release.fidelity} />
      </section>
      <CountsExplorer release={release} />
      <Dashboard release={release} publicView={false} />
    </div>
  );
}

/**
 * Withdrawing a published release, with the reason (kept with it and in the audit log): folded
 * until asked for, and confirmed, since the public page then shows the release before it.
 */
function WithdrawForm({ release, onWithdrawn }: { release: Release; onWithdrawn: (r: Release) => void }) {
  const t = useT();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget).get('reason') ?? '');
    if (!window.confirm(t('stats.withdraw_confirm'))) return;
    setBusy(true);
    setError(undefined);
    try {
      onWithdrawn(await api<Release>('POST', `/api/stats/releases/${release.id}/withdraw`, { reason }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="card">
      <summary>{t('stats.withdraw')}</summary>
      <form className="stack" onSubmit={(e) => void submit(e)} data-testid="withdraw-form">
        <p className="muted small-print">{t('stats.withdraw_help')}</p>
        <label>{t('stats.withdraw_reason')}<textarea name="reason" required minLength={3} maxLength={1000} /></label>
        <ErrorMessage error={error} />
        <div><button type="submit" className="danger" disabled={busy}>{t('stats.withdraw')}</button></div>
      </form>
    </details>
  );
}

/** The heading of a table column: an attribute, or a per-value table ("methods_of_control[]"). */
function useColumnLabel(): (column: string) => string {
  const t = useT();
  return (column) => (column.endsWith('[]') ? t('stats.attr_per_value', { attribute: t(`stats.attr.${attributeOf(column)}`) }) : t(`stats.attr.${column}`));
}

/**
 * Counts and rates by any 1..L attributes of a release, in the order chosen, or by one per-value
 * table: each row's count, its share of the released total and, with two or more attributes, its
 * share within the group of the first attribute chosen (from released counts only). CSV download.
 */
function CountsExplorer({ release }: { release: Release }) {
  const t = useT();
  const { locale } = useLocale();
  const columnLabel = useColumnLabel();
  const [columns, setColumns] = useState<string[]>([release.attributes[0]]);
  const perValue = columns.some((c) => c.endsWith('[]'));
  const groupBy = !perValue && columns.length >= 2 ? columns[0] : undefined;
  const available = columns.length > 0 && (perValue ? columns.length === 1 : columns.length <= release.maxLength);
  const table = useReleaseTable(`/api/stats/releases/${release.id}`, columns, available, groupBy);
  const unknown = t('stats.value_unknown');
  const several = t('stats.value_several');
  // Columns in the order chosen (the server lists them in schema order): the group comes first.
  const ordered = table && columns.every((c) => table.columns.includes(c)) ? columns : (table?.columns ?? columns);
  const from = ordered.map((c) => table?.columns.indexOf(c) ?? 0);
  const rows = (table?.cells ?? [])
    .map((c) => ({ ...c, values: from.map((i) => c.values[i]) }))
    .sort((a, b) => (groupBy ? a.values[0].localeCompare(b.values[0]) : 0) || b.count - a.count);
  const toggle = (a: string) =>
    setColumns((c) => {
      if (c.includes(a)) return c.filter((x) => x !== a);
      if (a.endsWith('[]')) return [a];
      const plain = c.filter((x) => !x.endsWith('[]'));
      return plain.length < release.maxLength ? [...plain, a] : c;
    });
  const csv = () =>
    toCsv([
      [...ordered, 'count', 'share', ...(groupBy ? [`share_within_${groupBy}`] : [])],
      ...rows.map((r) => [...r.values, r.count, r.share, ...(groupBy ? [r.groupShare ?? ''] : [])]),
    ]);
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
      {release.perValue && release.perValue.tables.length > 0 ? (
        <fieldset className="attr-picker">
          <legend>{t('stats.explorer_pick_per_value')}</legend>
          {release.perValue.tables.map((a) => (
            <label key={a} className="check">
              <input type="checkbox" checked={columns.includes(a)} onChange={() => toggle(a)} data-testid={`per-value-${attributeOf(a)}`} />
              {columnLabel(a)}
            </label>
          ))}
        </fieldset>
      ) : null}
      <div className="row">
        <button type="button" className="small" onClick={() => download(`release-${ordered.join('-').replace(/\[\]/g, '-per-value')}.csv`, csv(), 'text/csv')} data-testid="explorer-csv">
          {t('stats.download_csv')}
        </button>
        <span className="muted small-print">
          {t('stats.explorer_note')} {groupBy ? t('stats.explorer_group_note', { attribute: columnLabel(groupBy) }) : null}
          {perValue ? t('stats.note_per_value', { cap: release.perValue?.cap ?? 0 }) : null}
        </span>
      </div>
      <div className="table-scroll">
        <table className="stat-table" data-testid="explorer-table">
          <thead>
            <tr>
              {ordered.map((c) => <th key={c}>{columnLabel(c)}</th>)}
              <th className="num">{t('stats.count')}</th>
              <th className="num">{t('stats.share')}</th>
              {groupBy ? <th className="num" data-testid="group-share-heading">{t('stats.share_in_group', { attribute: columnLabel(groupBy) })}</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, 300).map((r) => (
              <tr key={r.values.join('|')}>
                {r.values.map((v, i) => <td key={ordered[i]}>{categoryLabel(attributeOf(ordered[i]), v, locale, unknown, several)}</td>)}
                <td className="num"><FormattedNumber value={r.count} /></td>
                <td className="num"><FormattedNumber value={r.share} style="percent" maximumFractionDigits={2} /></td>
                {groupBy ? (
                  <td className="num" data-group-share={r.groupShare ?? ''}>
                    {r.groupShare === null || r.groupShare === undefined ? '—' : <FormattedNumber value={r.groupShare} style="percent" maximumFractionDigits={1} />}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
