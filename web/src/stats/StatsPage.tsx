import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { FormattedDate, FormattedNumber } from 'react-intl';
import { api } from '../api';
import { useT } from '../i18n/i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { ProtectionSummary } from './Dashboard';
import { STAT_ATTRIBUTES } from './labels';
import type { Release } from './data';
import './stats.css';

interface Dataset {
  id: string;
  name: string;
  rows: number;
  attributes: string[];
  budget: { epsilon: number; delta: number };
  spent: { epsilon: number; delta: number };
  remaining: { epsilon: number; delta: number };
  createdAt: string;
}

interface LedgerLine {
  id: string;
  releaseId: string;
  label: string;
  epsilon: number;
  delta: number;
  cumulativeEpsilon: number;
  cumulativeDelta: number;
  at: string;
}

/** Analysts' statistics workspace: datasets and their budgets, the ledger, releases, a new release. */
export function StatsPage() {
  const t = useT();
  const [datasets, setDatasets] = useState<Dataset[]>([]);
  const [selected, setSelected] = useState<string>();
  const [error, setError] = useState<unknown>();
  const load = useCallback(async () => {
    const { datasets } = await api<{ datasets: Dataset[] }>('GET', '/api/stats/datasets');
    setDatasets(datasets);
    setSelected((s) => s ?? datasets[0]?.id);
  }, []);
  useEffect(() => {
    load().catch(setError);
  }, [load]);

  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setError(undefined);
    try {
      const d = await api<Dataset>('POST', '/api/stats/datasets', { name: String(f.get('name')), epsilon: Number(f.get('epsilon')), delta: Number(f.get('delta')) });
      setSelected(d.id);
      await load();
    } catch (err) {
      setError(err);
    }
  };
  const dataset = datasets.find((d) => d.id === selected);
  return (
    <div className="stack">
      <h1>{t('stats.title')}</h1>
      <p className="muted">{t('stats.intro')}</p>
      <section className="card stack">
        <h2>{t('stats.datasets')}</h2>
        {datasets.length === 0 ? <p className="muted">{t('stats.no_datasets')}</p> : null}
        <div className="table-scroll">
          <table className="stat-table">
            <thead>
              <tr>
                <th>{t('stats.dataset_name')}</th>
                <th className="num">{t('stats.rows')}</th>
                <th className="num">{t('stats.budget')}</th>
                <th className="num">{t('stats.remaining')}</th>
                <th><span className="visually-hidden">{t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {datasets.map((d) => (
                <tr key={d.id} data-testid={`dataset-${d.name}`}>
                  <td>{d.name}</td>
                  <td className="num"><FormattedNumber value={d.rows} /></td>
                  <td className="num">ε {d.budget.epsilon} · δ {d.budget.delta}</td>
                  <td className="num">ε <FormattedNumber value={d.remaining.epsilon} maximumFractionDigits={3} /></td>
                  <td>
                    <button type="button" className="small" aria-pressed={d.id === selected} onClick={() => setSelected(d.id)}>{t('stats.open')}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <form className="grid-form" onSubmit={create}>
          <label>{t('stats.dataset_name')}<input name="name" required maxLength={200} defaultValue={t('stats.dataset_default_name')} /></label>
          <label>{t('stats.budget_epsilon')}<input name="epsilon" type="number" step="any" min="0.01" defaultValue="4" required /></label>
          <label>{t('stats.budget_delta')}<input name="delta" type="number" step="any" min="0" defaultValue="0.00001" required /></label>
          <p className="muted small-print">{t('stats.dataset_help')}</p>
          <button type="submit" className="primary" data-testid="create-dataset">{t('stats.create_dataset')}</button>
        </form>
        <ErrorMessage error={error} />
      </section>
      {dataset ? <DatasetPanel key={dataset.id} dataset={dataset} onChange={load} /> : null}
    </div>
  );
}

function DatasetPanel({ dataset, onChange }: { dataset: Dataset; onChange: () => Promise<void> }) {
  const t = useT();
  const [releases, setReleases] = useState<Release[]>([]);
  const [ledger, setLedger] = useState<LedgerLine[]>([]);
  const [error, setError] = useState<unknown>();
  const [kind, setKind] = useState<'k-anonymity' | 'differential-privacy'>('k-anonymity');
  const [busy, setBusy] = useState(false);
  const load = useCallback(async () => {
    const [r, l] = await Promise.all([
      api<{ releases: Release[] }>('GET', `/api/stats/releases?datasetId=${dataset.id}`),
      api<{ lines: LedgerLine[] }>('GET', `/api/stats/datasets/${dataset.id}/ledger`),
    ]);
    setReleases(r.releases);
    setLedger(l.lines);
  }, [dataset.id]);
  useEffect(() => {
    load().catch(setError);
  }, [load]);

  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const attributes = f.getAll('attributes').map(String);
    const protection =
      kind === 'k-anonymity'
        ? { kind, k: Number(f.get('k')) }
        : { kind, epsilon: Number(f.get('epsilon')), delta: Number(f.get('delta')), mechanism: String(f.get('mechanism')) };
    setError(undefined);
    setBusy(true);
    try {
      await api('POST', `/api/stats/datasets/${dataset.id}/releases`, {
        label: String(f.get('label')),
        attributes,
        maxLength: Number(f.get('maxLength')),
        protection,
        synthetic: f.get('synthetic') === 'on',
      });
      await Promise.all([load(), onChange()]);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const publish = async (id: string) => {
    setError(undefined);
    try {
      await api('POST', `/api/stats/releases/${id}/publish`);
      await load();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <>
      <section className="card stack">
        <h2>{t('stats.new_release', { name: dataset.name })}</h2>
        <form className="stack" onSubmit={create} data-testid="release-form">
          <label>{t('stats.release_label')}<input name="label" required maxLength={200} defaultValue={t('stats.release_default_label')} /></label>
          <fieldset className="attr-picker">
            <legend>{t('stats.attributes')}</legend>
            {STAT_ATTRIBUTES.map((a, i) => (
              <label key={a} className="check">
                <input type="checkbox" name="attributes" value={a} defaultChecked={i < 10} />
                {t(`stats.attr.${a}`)}
              </label>
            ))}
          </fieldset>
          <div className="grid-form">
            <label>{t('stats.max_length')}
              <select name="maxLength" defaultValue="2">
                {[1, 2, 3, 4].map((n) => <option key={n} value={n}>{n}</option>)}
              </select>
            </label>
            <label>{t('stats.protection')}
              <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)} data-testid="protection-kind">
                <option value="k-anonymity">{t('stats.protection_kind_k')}</option>
                <option value="differential-privacy">{t('stats.protection_kind_dp')}</option>
              </select>
            </label>
            {kind === 'k-anonymity' ? (
              <label>{t('stats.k')}<input name="k" type="number" min="2" max="1000" defaultValue="10" required /></label>
            ) : (
              <>
                <label>{t('stats.epsilon')}<input name="epsilon" type="number" step="any" min="0.01" defaultValue="1" required /></label>
                <label>{t('stats.delta')}<input name="delta" type="number" step="any" defaultValue="0.000001" required /></label>
                <label>{t('stats.mechanism')}
                  <select name="mechanism" defaultValue="gaussian">
                    <option value="gaussian">{t('stats.mechanism_gaussian')}</option>
                    <option value="laplace">{t('stats.mechanism_laplace')}</option>
                  </select>
                </label>
              </>
            )}
          </div>
          <label className="check"><input type="checkbox" name="synthetic" defaultChecked />{t('stats.with_synthetic')}</label>
          <p className="muted small-print">{t('stats.release_help')}</p>
          <div><button type="submit" className="primary" disabled={busy} data-testid="create-release">{busy ? t('common.loading') : t('stats.create_release')}</button></div>
        </form>
        <ErrorMessage error={error} />
      </section>

      <section className="card stack">
        <h2>{t('stats.releases')}</h2>
        {releases.length === 0 ? <p className="muted">{t('stats.no_releases')}</p> : null}
        <div className="table-scroll">
          <table className="stat-table">
            <thead>
              <tr>
                <th>{t('stats.release_label')}</th>
                <th>{t('stats.protection')}</th>
                <th className="num">{t('stats.released_total')}</th>
                <th>{t('stats.status')}</th>
                <th><span className="visually-hidden">{t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {releases.map((r) => (
                <tr key={r.id} data-testid={`release-${r.label}`}>
                  <td><Link to={`/stats/releases/${r.id}`}>{r.label}</Link></td>
                  <td><ProtectionSummary release={r} /></td>
                  <td className="num"><FormattedNumber value={r.total} /></td>
                  <td><span className={`badge ${r.status}`}>{t(`stats.status_${r.status}`)}</span></td>
                  <td>{r.status === 'draft' ? <button type="button" className="small" onClick={() => void publish(r.id)} data-testid="publish">{t('stats.publish')}</button> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card stack" data-testid="ledger">
        <h2>{t('stats.ledger')}</h2>
        <p className="muted">{t('stats.ledger_intro', { epsilon: dataset.budget.epsilon, delta: String(dataset.budget.delta) })}</p>
        {ledger.length === 0 ? <p className="muted">{t('stats.ledger_empty')}</p> : (
          <div className="table-scroll">
            <table className="stat-table">
              <thead>
                <tr>
                  <th>{t('stats.when')}</th>
                  <th>{t('stats.release_label')}</th>
                  <th className="num">ε</th>
                  <th className="num">δ</th>
                  <th className="num">{t('stats.cumulative')}</th>
                </tr>
              </thead>
              <tbody>
                {ledger.map((l) => (
                  <tr key={l.id}>
                    <td><FormattedDate value={l.at} dateStyle="medium" timeStyle="short" /></td>
                    <td>{l.label}</td>
                    <td className="num">{l.epsilon}</td>
                    <td className="num">{l.delta}</td>
                    <td className="num">ε {Number(l.cumulativeEpsilon.toFixed(6))} / {dataset.budget.epsilon}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
