import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { FormattedDate } from 'react-intl';
import { api } from '../api';
import { useLocale, useT } from '../i18n/i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { LanguageOptions } from './LanguageOptions';
import { NATIVE_LANGUAGE, type Lang } from './types';
import './screening.css';

interface Summary {
  id: string;
  status: 'draft' | 'completed' | 'referred' | 'notified';
  interviewLanguage: Lang;
  authorName: string;
  mine: boolean;
  isChild: boolean;
  recommendation: string | null;
  nonPunishment: boolean;
  answered: number;
  updatedAt: string;
}

/** My screenings (drafts first) and those of the responders I supervise; starts a new one in a chosen interview language. */
export function ScreeningsPage() {
  const t = useT();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const [list, setList] = useState<Summary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [language, setLanguage] = useState<Lang>(locale);

  const load = useCallback(async () => {
    try {
      setList((await api<{ screenings: Summary[] }>('GET', '/api/screenings')).screenings);
    } catch (err) {
      setError(err);
    }
  }, []);
  useEffect(() => void load(), [load]);

  async function start(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const s = await api<{ id: string }>('POST', '/api/screenings', { interviewLanguage: language });
      navigate(`/screenings/${s.id}`);
    } catch (err) {
      setError(err);
    }
  }

  const drafts = (list ?? []).filter((s) => s.mine && s.status === 'draft');
  const done = (list ?? []).filter((s) => s.mine && s.status !== 'draft');
  const team = (list ?? []).filter((s) => !s.mine);

  const rows = (items: Summary[], testid: string) => (
    <ul className="screening-list" data-testid={testid}>
      {items.map((s) => (
        <li key={s.id} className="card screening-item">
          <Link to={`/screenings/${s.id}`} data-testid={`screening-${s.id}`}>
            <strong>{t(`screening.status.${s.status}`)}</strong>
            {s.recommendation && <span className={`rec-chip rec-${s.recommendation}`}>{t(`assessment.recommendation.${s.recommendation}`)}</span>}
            {s.isChild && <span className="badge">{t('screening.child')}</span>}
            {s.nonPunishment && <span className="badge warn">{t('screening.non_punishment_short')}</span>}
          </Link>
          <span className="muted small">
            <FormattedDate value={s.updatedAt} dateStyle="medium" timeStyle="short" /> · {NATIVE_LANGUAGE[s.interviewLanguage]} ·{' '}
            {t('screening.answered', { count: s.answered })}
            {!s.mine && ` · ${s.authorName}`}
          </span>
        </li>
      ))}
    </ul>
  );

  return (
    <div className="stack">
      <h1>{t('screening.list.title')}</h1>
      <ErrorMessage error={error} />
      <form className="card stack" onSubmit={start}>
        <h2>{t('screening.new.title')}</h2>
        <p className="muted small">{t('screening.new.hint')}</p>
        <label>
          {t('screening.interview_language')}
          <select value={language} onChange={(e) => setLanguage(e.target.value as Lang)} data-testid="interview-language">
            <LanguageOptions />
          </select>
        </label>
        <button type="submit" className="primary" data-testid="start-screening">
          {t('screening.new.start')}
        </button>
      </form>
      {list === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <>
          <section className="stack">
            <h2>{t('screening.list.drafts')}</h2>
            {drafts.length === 0 ? <p className="muted">{t('screening.list.none')}</p> : rows(drafts, 'drafts')}
          </section>
          <section className="stack">
            <h2>{t('screening.list.completed')}</h2>
            {done.length === 0 ? <p className="muted">{t('screening.list.none')}</p> : rows(done, 'completed')}
          </section>
          {team.length > 0 && (
            <section className="stack">
              <h2>{t('screening.list.team')}</h2>
              {rows(team, 'team')}
            </section>
          )}
        </>
      )}
    </div>
  );
}
