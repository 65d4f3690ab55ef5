import { useEffect, useMemo, useState } from 'react';
import { useLocale, useT } from '../i18n/i18n';
import { LanguageOptions } from './LanguageOptions';
import { ANSWER_VALUES, NATIVE_LANGUAGE, dirOf, type AnswerValue, type Lang, type QuestionDto, type ScreeningDto } from './types';

interface Props {
  screening: ScreeningDto;
  busy: boolean;
  /** Saves into the draft; resolves to the updated screening, or null when it failed (the page shows the error). */
  save: (body: Record<string, unknown>) => Promise<ScreeningDto | null>;
  complete: () => Promise<void>;
}

/** A text in one language, marked with its language and direction so both scripts render right. */
function Text({ text, lang, className }: { text: string; lang: Lang; className?: string }) {
  return (
    <p lang={lang} dir={dirOf(lang)} className={className}>
      {text}
    </p>
  );
}

/**
 * The interview, one question at a time: the question in the responder's language and, side by
 * side, in the interviewed person's language; yes / no / unsure / refused with a note. Every
 * answer is saved at once, so the draft can be resumed. Branching comes from the server.
 */
export function InterviewView({ screening: s, busy, save, complete }: Props) {
  const t = useT();
  const { locale } = useLocale();
  const ui = locale as Lang;
  const person = s.interviewLanguage;
  const visible = s.questions;
  const [currentId, setCurrentId] = useState<string | null>(s.nextQuestionId);
  const [note, setNote] = useState('');
  const [choice, setChoice] = useState('');
  const current: QuestionDto | undefined = visible.find((q) => q.id === currentId);
  const index = current ? visible.indexOf(current) : visible.length;
  const answered = visible.filter((q) => s.answers[q.id]).length;
  const setTitle = useMemo(() => Object.fromEntries(s.sets.map((x) => [x.id, x.title])), [s.sets]);

  useEffect(() => {
    setNote((currentId && s.answers[currentId]?.note) || '');
    setChoice((currentId && s.answers[currentId]?.choice) || '');
  }, [currentId, s.answers]);

  async function answer(value: AnswerValue) {
    if (!current) return;
    const a: Record<string, unknown> = { value };
    if (current.kind === 'choice' && value === 'yes') a.choice = choice;
    if (note.trim() || s.answers[current.id]?.note) a.note = note;
    const next = await save({ answers: { [current.id]: a } });
    // The next question is the server's first unanswered one (branching may have added some).
    if (next) setCurrentId(next.nextQuestionId);
  }

  // A question hidden by a changed answer is left for the first unanswered one.
  useEffect(() => {
    setCurrentId((id) => (id !== null && !visible.some((q) => q.id === id) ? s.nextQuestionId : id));
  }, [s.nextQuestionId, visible]);

  const previous = index > 0 ? visible[index - 1] : undefined;
  const sameLanguage = person === ui;

  return (
    <div className="stack interview" data-testid="interview">
      <div className="card interview-head">
        <div className="row between">
          <span className="muted small" data-testid="progress">
            {t('screening.progress', { answered, total: visible.length })}
          </span>
          <label className="inline-label">
            <span className="small">{t('screening.interview_language')}</span>
            <select
              value={person}
              disabled={busy}
              onChange={(e) => void save({ interviewLanguage: e.target.value })}
              data-testid="interview-language-switch"
            >
              <LanguageOptions />
            </select>
          </label>
        </div>
        <progress max={Math.max(visible.length, 1)} value={answered} aria-hidden="true" />
        {s.isChild && <p className="badge">{t('screening.child_mode')}</p>}
      </div>

      {current ? (
        <section className="card question" data-testid="question" data-question-id={current.id} aria-live="polite">
          <p className="muted small">
            {t('screening.question_n', { n: index + 1, total: visible.length })} · {setTitle[current.setId]?.[ui] ?? current.setId}
          </p>
          {current.audience === 'responder' && <p className="badge">{t('screening.for_responder')}</p>}
          <div className={`bilingual ${sameLanguage || current.audience === 'responder' ? 'single' : ''}`}>
            <div className="lang-block" data-testid="question-ui">
              {!sameLanguage && current.audience !== 'responder' && <span className="lang-tag">{NATIVE_LANGUAGE[ui]}</span>}
              <Text text={current.text[ui]} lang={ui} className="question-text" />
            </div>
            {!sameLanguage && current.audience !== 'responder' && (
              <div className="lang-block person-lang" data-testid="question-person">
                <span className="lang-tag">{NATIVE_LANGUAGE[person]}</span>
                <Text text={current.text[person]} lang={person} className="question-text" />
              </div>
            )}
          </div>
          {current.help && <p className="help small">{current.help[ui]}</p>}
          {current.kind === 'choice' && current.options && (
            <label>
              {t('screening.choose_option')}
              <select value={choice} onChange={(e) => setChoice(e.target.value)} data-testid="choice">
                <option value="">—</option>
                {current.options.map((o) => (
                  <option key={o.code} value={o.code}>
                    {o.text[ui]}
                    {!sameLanguage ? ` / ${o.text[person]}` : ''}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            {t('screening.note')}
            <textarea value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} data-testid="note" rows={2} />
            <span className="muted small">{current.identifying ? t('screening.note_identifying') : t('screening.note_hint')}</span>
          </label>
          <div className="answers" role="group" aria-label={t('screening.answer')}>
            {ANSWER_VALUES.map((v) => (
              <button
                key={v}
                type="button"
                className={`answer-btn answer-${v} ${s.answers[current.id]?.value === v ? 'chosen' : ''}`}
                disabled={busy || (current.kind === 'choice' && v === 'yes' && !choice)}
                onClick={() => void answer(v)}
                data-testid={`answer-${v}`}
              >
                <span>{current.kind === 'choice' && v === 'yes' ? t('screening.save_choice') : t(`assessment.answer.${v}`)}</span>
                {!sameLanguage && current.audience !== 'responder' && (
                  <span className="answer-person" lang={person}>
                    {PERSON_ANSWER[person][v]}
                  </span>
                )}
              </button>
            ))}
          </div>
          <div className="row between">
            <button type="button" className="link" disabled={!previous || busy} onClick={() => previous && setCurrentId(previous.id)} data-testid="back">
              {t('screening.back')}
            </button>
            {s.answers[current.id] && s.nextQuestionId && s.nextQuestionId !== current.id && (
              <button type="button" className="link" onClick={() => setCurrentId(s.nextQuestionId)}>
                {t('screening.skip_to_next')}
              </button>
            )}
          </div>
        </section>
      ) : (
        <section className="card stack" data-testid="interview-done">
          <h2>{t('screening.all_answered')}</h2>
          <p>{t('screening.all_answered_hint')}</p>
          <div className="row">
            {previous && (
              <button type="button" onClick={() => setCurrentId(previous.id)}>
                {t('screening.back')}
              </button>
            )}
            <button type="button" className="primary" disabled={busy || !s.complete} onClick={() => void complete()} data-testid="complete">
              {t('screening.complete')}
            </button>
          </div>
        </section>
      )}

      <PersonDetails screening={s} busy={busy} save={save} />

      <details className="card">
        <summary>{t('screening.review', { count: answered })}</summary>
        <ol className="review-list">
          {visible.filter((q) => s.answers[q.id]).map((q) => (
            <li key={q.id}>
              <button type="button" className="link" onClick={() => setCurrentId(q.id)}>
                {q.text[ui]}
              </button>{' '}
              — <strong>{t(`assessment.answer.${s.answers[q.id].value}`)}</strong>
            </li>
          ))}
        </ol>
      </details>
    </div>
  );
}

/** The answer words in the interviewed person's language, shown under the responder's. */
const PERSON_ANSWER: Record<Lang, Record<AnswerValue, string>> = {
  ar: { yes: 'نعم', no: 'لا', unsure: 'غير متأكد', refused: 'يفضّل عدم الإجابة' },
  fr: { yes: 'Oui', no: 'Non', unsure: 'Pas sûr', refused: 'Préfère ne pas répondre' },
  en: { yes: 'Yes', no: 'No', unsure: 'Unsure', refused: 'Prefers not to answer' },
};

/** Optional identifying details (stored encrypted) and coded, non-identifying facts. */
function PersonDetails({ screening: s, busy, save }: Omit<Props, 'complete'>) {
  const t = useT();
  const [form, setForm] = useState({
    name: s.person?.name ?? '',
    contact: s.person?.contact ?? '',
    identityNumber: s.person?.identityNumber ?? '',
    sex: s.sex ?? '',
    age: s.age === null ? '' : String(s.age),
    citizenship: s.citizenship ?? '',
  });
  const [saved, setSaved] = useState(false);
  async function submit() {
    setSaved(false);
    const updated = await save({
      person: { name: form.name, contact: form.contact, identityNumber: form.identityNumber },
      sex: form.sex || null,
      age: form.age === '' ? null : Number(form.age),
      citizenship: form.citizenship ? form.citizenship.toUpperCase() : null,
    });
    setSaved(updated !== null);
  }
  return (
    <details className="card">
      <summary>{t('screening.person.title')}</summary>
      <p className="muted small">{t('screening.person.hint')}</p>
      <div className="grid-form">
        <label>
          {t('screening.person.name')}
          <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} maxLength={200} autoComplete="off" />
        </label>
        <label>
          {t('screening.person.contact')}
          <input value={form.contact} onChange={(e) => setForm({ ...form, contact: e.target.value })} maxLength={200} autoComplete="off" />
        </label>
        <label>
          {t('screening.person.identity_number')}
          <input value={form.identityNumber} onChange={(e) => setForm({ ...form, identityNumber: e.target.value })} maxLength={100} dir="ltr" autoComplete="off" />
        </label>
        <label>
          {t('screening.person.sex')}
          <select value={form.sex} onChange={(e) => setForm({ ...form, sex: e.target.value })}>
            <option value="">—</option>
            {['female', 'male', 'other', 'unknown'].map((x) => (
              <option key={x} value={x}>
                {t(`screening.sex.${x}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('screening.person.age')}
          <input type="number" min={0} max={129} inputMode="numeric" value={form.age} onChange={(e) => setForm({ ...form, age: e.target.value })} />
        </label>
        <label>
          {t('screening.person.citizenship')}
          <input value={form.citizenship} onChange={(e) => setForm({ ...form, citizenship: e.target.value })} maxLength={2} dir="ltr" placeholder="XX" />
        </label>
        <button type="button" onClick={() => void submit()} disabled={busy}>
          {t('common.save')}
        </button>
      </div>
      {saved && <p className="notice">{t('screening.saved')}</p>}
    </details>
  );
}
