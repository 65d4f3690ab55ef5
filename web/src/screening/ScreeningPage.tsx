import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api';
import { useLocale, useT } from '../i18n/i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { InterviewView } from './InterviewView';
import { AssessmentView } from './AssessmentView';
import { OutcomePanel } from './OutcomePanel';
import type { QuestionDto, ScreeningDto } from './types';
import './screening.css';

/** One screening: the interview while it is a draft, then the explained assessment, consent and referral. */
export function ScreeningPage() {
  const { id } = useParams();
  const t = useT();
  const { locale } = useLocale();
  const [s, setS] = useState<ScreeningDto | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setS(await api<ScreeningDto>('GET', `/api/screenings/${id}`));
    } catch (err) {
      setError(err);
    }
  }, [id]);
  // Reloaded when the interface language changes, so errors come back in it.
  useEffect(() => void load(), [load, locale]);

  const call = useCallback(async (method: 'PATCH' | 'POST', path: string, body?: unknown): Promise<ScreeningDto | null> => {
    setBusy(true);
    setError(null);
    try {
      const next = await api<ScreeningDto>(method, path, body);
      setS(next);
      return next;
    } catch (err) {
      setError(err);
      return null;
    } finally {
      setBusy(false);
    }
  }, []);

  const questions = useMemo(() => Object.fromEntries((s?.questions ?? []).map((q) => [q.id, q])) as Record<string, QuestionDto>, [s]);

  if (!s) return error ? <ErrorMessage error={error} /> : <p className="muted">{t('common.loading')}</p>;
  const outcomeFirst = s.status === 'referred' || s.status === 'notified';
  return (
    <div className="stack screening-page">
      <p className="small">
        <Link to="/screenings">‹ {t('screening.list.title')}</Link>
      </p>
      <h1>{s.status === 'draft' ? t('screening.interview.title') : t('screening.assessment.title')}</h1>
      {!s.mine && <p className="muted small">{t('screening.by', { name: s.authorName })}</p>}
      <ErrorMessage error={error} />
      {s.status === 'draft' && s.can.answer ? (
        <InterviewView screening={s} busy={busy} save={(body) => call('PATCH', `/api/screenings/${s.id}`, body)} complete={async () => void (await call('POST', `/api/screenings/${s.id}/complete`))} />
      ) : s.assessment ? (
        <>
          {outcomeFirst && <OutcomePanel screening={s} run={async (m, p, b) => void (await call(m, p, b))} />}
          <AssessmentView assessment={s.assessment} questions={questions} />
          {!outcomeFirst && <OutcomePanel screening={s} run={async (m, p, b) => void (await call(m, p, b))} />}
        </>
      ) : (
        <p className="muted">{t('screening.draft_of_other')}</p>
      )}
    </div>
  );
}
