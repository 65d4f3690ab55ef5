import { useEffect, useState } from 'react';
import { api } from '../api';
import { useT } from '../i18n/i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { dirOf, type Lang, type Localized, type QuestionDto } from './types';
import './screening.css';

interface SetSummary {
  key: string;
  id: string;
  version: string;
  current: boolean;
  title: Localized;
  questions: number;
}

interface SetDetail {
  key: string;
  title: Localized;
  source: Array<{ id: string; citation: string; url?: string }>;
  questions: QuestionDto[];
}

const LANGS: Lang[] = ['ar', 'fr', 'en'];

/** Read-only: every kept version of every indicator set, and its questions in the three languages. */
export function IndicatorSetsPage() {
  const t = useT();
  const [list, setList] = useState<{ current: string; sets: SetSummary[] } | null>(null);
  const [selected, setSelected] = useState<string>('');
  const [detail, setDetail] = useState<SetDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<{ current: string; sets: SetSummary[] }>('GET', '/api/screening/indicator-sets').then((l) => {
      setList(l);
      setSelected(l.sets[0]?.key ?? '');
    }, setError);
  }, []);
  useEffect(() => {
    if (!selected) return;
    api<SetDetail>('GET', `/api/screening/indicator-sets/${encodeURIComponent(selected)}`).then(setDetail, setError);
  }, [selected]);

  return (
    <div className="stack">
      <h1>{t('screening.sets.title')}</h1>
      <ErrorMessage error={error} />
      {list && (
        <>
          <p className="muted small">
            {t('screening.sets.current')}: <code dir="ltr">{list.current}</code>
          </p>
          <div className="table-wrap">
            <table data-testid="sets">
              <thead>
                <tr>
                  <th>{t('screening.sets.set')}</th>
                  <th>{t('screening.sets.version')}</th>
                  <th>{t('screening.sets.questions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.sets.map((s) => (
                  <tr key={s.key} className={s.key === selected ? 'selected' : ''}>
                    <td>
                      <button type="button" className="link" onClick={() => setSelected(s.key)}>
                        {s.id}
                      </button>
                    </td>
                    <td dir="ltr">
                      {s.version} {s.current && <span className="badge">{t('screening.sets.is_current')}</span>}
                    </td>
                    <td>{s.questions}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {detail && (
        <section className="stack" data-testid="set-detail">
          <h2>
            {detail.key}
          </h2>
          <ul className="small muted">
            {detail.source.map((s) => (
              <li key={s.id}>{s.citation}</li>
            ))}
          </ul>
          {detail.questions.map((q) => (
            <article key={q.id} className="card set-question">
              <p className="small muted" dir="ltr">
                {q.id} · {q.element}
                {q.dimension ? ` · ${q.dimension}` : ''}
                {q.strength ? ` · ${q.strength}` : ''}
                {q.identifying ? ` · ${t('screening.sets.identifying')}` : ''}
              </p>
              <div className="tri">
                {LANGS.map((l) => (
                  <p key={l} lang={l} dir={dirOf(l)}>
                    {q.text[l]}
                  </p>
                ))}
              </div>
            </article>
          ))}
        </section>
      )}
    </div>
  );
}
