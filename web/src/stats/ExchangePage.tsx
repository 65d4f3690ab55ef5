import { useState } from 'react';
import { FormattedNumber } from 'react-intl';
import { useLocale, useT } from '../i18n/i18n';
import { useSession } from '../auth/session';
import { postForProblems, type ImportFailure, type ImportProgress } from './data';
import { ImportProblems } from './ImportProblems';
import { FilePicker } from '../components/FilePicker';
import './stats.css';

/** Where and what to post: a JSON document as the request body itself (large files), CSV files or a ZIP wrapped in JSON. */
async function readImport(files: File[]): Promise<{ path: string; body: unknown }> {
  if (files.length === 1 && /\.json$/i.test(files[0].name)) return { path: '/api/exchange/htcds/import/document', body: files[0] };
  return { path: '/api/exchange/htcds/import', body: await wrapImport(files) };
}

async function wrapImport(files: File[]): Promise<unknown> {
  if (files.length === 1 && /\.zip$/i.test(files[0].name)) {
    const bytes = new Uint8Array(await files[0].arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { format: 'zip', base64: btoa(binary) };
  }
  const out: Record<string, string> = {};
  for (const f of files) out[f.name] = await f.text();
  return { format: 'csv', files: out };
}

/** HTCDS 2.0 exchange: export (JSON or a ZIP of one CSV per table) and import, all or nothing. */
export function ExchangePage() {
  const t = useT();
  const { locale } = useLocale();
  const session = useSession();
  const [identifying, setIdentifying] = useState(false);
  const [failure, setFailure] = useState<ImportFailure>();
  const [created, setCreated] = useState<number>();
  const [busy, setBusy] = useState(false);
  const [lastFiles, setLastFiles] = useState<File[]>([]);
  const [sent, setSent] = useState(0);
  const [written, setWritten] = useState<ImportProgress>();
  const canExport = session.can('HtcdsExport:export');
  const canIdentify = session.can('HtcdsExport:export_identifying');
  const canImport = session.can('HtcdsImport:import');
  const href = (format: string) => `/api/exchange/htcds/export?format=${format}&identifying=${identifying && canIdentify}`;

  const submit = async (files: File[], repeat = false) => {
    if (files.length === 0) return;
    setBusy(true);
    setFailure(undefined);
    setCreated(undefined);
    setLastFiles(files);
    setSent(0);
    setWritten(undefined);
    try {
      const { path, body } = await readImport(files);
      const result = await postForProblems<{ created: number }>(repeat ? `${path}?repeat=true` : path, body, locale, setSent, setWritten);
      if (result.ok) setCreated(result.data.created);
      else setFailure(result.failure);
    } catch {
      // The file could not be read or the server not reached: nothing was imported.
      setFailure({ message: t('common.error_generic'), problems: [] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack">
      <h1>{t('stats.exchange_title')}</h1>
      <p className="muted">{t('stats.exchange_intro')}</p>
      {canExport ? (
        <section className="card stack">
          <h2>{t('stats.exchange_export')}</h2>
          {canIdentify ? (
            <label className="check">
              <input type="checkbox" checked={identifying} onChange={(e) => setIdentifying(e.target.checked)} />
              {t('stats.exchange_identifying')}
            </label>
          ) : null}
          <p className="muted small-print">{t('stats.exchange_identifying_help')}</p>
          <div className="row">
            <a className="button-link" href={href('json')} download data-testid="export-json">{t('stats.exchange_json')}</a>
            <a className="button-link" href={href('zip')} download data-testid="export-zip">{t('stats.exchange_zip')}</a>
          </div>
        </section>
      ) : null}
      {canImport ? (
        <section className="card stack">
          <h2>{t('stats.exchange_import')}</h2>
          <p className="muted">{t('stats.exchange_import_help')}</p>
          <FilePicker multiple accept=".json,.csv,.zip" disabled={busy} onFiles={(files) => void submit(files)} testId="import-file" />
          {busy ? (
            <div className="stack" data-testid="import-busy">
              {sent > 0 && sent < 1 ? (
                <label className="muted">{t('stats.exchange_uploading')} <progress max={1} value={sent} /> <FormattedNumber value={sent} style="percent" /></label>
              ) : (
                <p className="muted" role="status">{t('stats.exchange_importing')}</p>
              )}
              {written ? (
                <label className="muted" data-testid="import-written">
                  {t('stats.exchange_written', { written: written.written, total: written.total })} <progress max={written.total} value={written.written} />
                </label>
              ) : null}
            </div>
          ) : null}
          {created !== undefined ? <p className="notice" data-testid="import-done">{t('stats.exchange_imported', { n: created })}</p> : null}
          {failure?.code === 'exchange.already_imported' ? (
            <div className="stack" role="alert" data-testid="import-already">
              <p className="error">{failure.message}</p>
              <div className="row">
                <button type="button" disabled={busy} onClick={() => void submit(lastFiles, true)} data-testid="import-repeat">{t('stats.exchange_import_repeat')}</button>
              </div>
            </div>
          ) : failure ? <ImportProblems failure={failure} /> : null}
        </section>
      ) : null}
    </div>
  );
}
