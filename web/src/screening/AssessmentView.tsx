import { useLocale, useT } from '../i18n/i18n';
import type { Assessment, QuestionDto, Supporting } from './types';

/** The answers that support a conclusion, each with its question and the grade that applied. */
function SupportList({ items, questions }: { items: Supporting[]; questions: Record<string, QuestionDto> }) {
  const t = useT();
  const { locale } = useLocale();
  if (items.length === 0) return null;
  return (
    <ul className="support-list">
      {items.map((s) => (
        <li key={`${s.questionId}-${s.value}`}>
          <span className={`answer-chip answer-${s.value}`}>{t(`assessment.answer.${s.value}`)}</span>{' '}
          {questions[s.questionId]?.text[locale] ?? s.questionId}
          {s.strength && <span className={`strength strength-${s.strength}`}>{t(`assessment.strength.${s.strength}`)}</span>}
        </li>
      ))}
    </ul>
  );
}

/**
 * The explained assessment: the recommendation and why, each element of the legal definition
 * with the answers that support it, the strength of the evidence, the likely forms, and the
 * non-punishment notice when forced-criminality indicators are present. No score.
 */
export function AssessmentView({ assessment: a, questions }: { assessment: Assessment; questions: Record<string, QuestionDto> }) {
  const t = useT();
  const { locale } = useLocale();
  const list = (items: string[]) => new Intl.ListFormat(locale, { style: 'short', type: 'unit' }).format(items);
  return (
    <div className="stack assessment" data-testid="assessment">
      <section className={`card recommendation rec-${a.recommendation}`} data-testid="recommendation">
        <p className="muted small">{t('screening.assessment.recommendation')}</p>
        <h2>{t(`assessment.recommendation.${a.recommendation}`)}</h2>
        <p>
          {t(`assessment.profile.${a.profile}`)}
        </p>
        <ul>
          {a.reasons.filter((r) => r !== 'non_punishment_applies').map((r) => (
            <li key={r}>{t(`assessment.reason.${r}`)}</li>
          ))}
        </ul>
      </section>

      {a.nonPunishmentNotice && (
        <section className="card non-punishment" role="note" data-testid="non-punishment">
          <h2>⚖ {t('assessment.nonPunishment.title')}</h2>
          <p>{t('assessment.nonPunishment.body')}</p>
          <SupportList items={a.nonPunishmentBasis} questions={questions} />
        </section>
      )}

      <section className="card">
        <h2>{t('screening.assessment.elements')}</h2>
        <div className="elements">
          {(['act', 'means', 'purpose'] as const).map((el) => {
            const e = a.elements[el];
            return (
              <article key={el} className={`element el-${e.status}`} data-testid={`element-${el}`}>
                <h3>
                  {t(`assessment.element.${el}`)} · <span className="el-status">{t(`assessment.elementStatus.${e.status}`)}</span>
                  {!e.required && <span className="badge">{t('assessment.elementBasis.not_required_for_child')}</span>}
                </h3>
                <p className="muted small">{e.basis.map((b) => t(`assessment.elementBasis.${b}`)).join(' · ')}</p>
                {e.types.length > 0 && (
                  <p className="small">
                    {list(e.types.map((ty) => t(el === 'act' ? `assessment.actType.${ty}` : `assessment.meansType.${ty}`)))}
                  </p>
                )}
                {e.dimensions.length > 0 && <p className="small">{list(e.dimensions.map((d) => t(`assessment.dimension.${d}`)))}</p>}
                <SupportList items={e.supporting} questions={questions} />
                <SupportList items={e.uncertain} questions={questions} />
              </article>
            );
          })}
        </div>
      </section>

      <section className="card" data-testid="evidence">
        <h2>{t('screening.assessment.evidence')}</h2>
        <div className="evidence-bars">
          {(['strong', 'medium', 'weak'] as const).map((s) => (
            <span key={s} className={`strength strength-${s}`}>
              {t(`assessment.strength.${s}`)}: {a.evidence.yes[s]}
            </span>
          ))}
        </div>
        <p className="small">{t('assessment.evidence.summary', a.evidence.yes)}</p>
        <p className="small muted">{t('assessment.evidence.uncertain', { unsure: a.evidence.unsure, refused: a.evidence.refused })}</p>
        <p className="small">
          {t(`assessment.ilo.profile.${a.iloCombination.profile}`)} — {a.iloCombination.met ? '✓' : '✗'}
        </p>
      </section>

      {a.forms.length > 0 && (
        <section className="card" data-testid="forms">
          <h2>{t('screening.assessment.forms')}</h2>
          <ul className="forms-list">
            {a.forms.map((f) => (
              <li key={f.form}>
                <strong>{t(`assessment.form.${f.form}`)}</strong> · {t(`assessment.formStatus.${f.status}`)}
                {f.rule && <span className="muted small"> ({t(`assessment.rule.${f.rule}`)})</span>}
                <SupportList items={f.supporting} questions={questions} />
              </li>
            ))}
          </ul>
        </section>
      )}

      <details className="card">
        <summary>{t('screening.assessment.dimensions')}</summary>
        <ul className="forms-list">
          {Object.values(a.dimensions).map((d) => (
            <li key={d.dimension}>
              <strong>{t(`assessment.dimension.${d.dimension}`)}</strong> · {t(d.present ? 'assessment.dimensionStatus.present' : 'assessment.dimensionStatus.absent')}
              {d.rule && <span className="muted small"> ({t(`assessment.rule.${d.rule}`)})</span>}
              <SupportList items={d.supporting} questions={questions} />
            </li>
          ))}
        </ul>
        <p className="muted small" lang={locale}>
          {a.setVersion}
        </p>
      </details>
      <p className="muted small">{t('assessment.disclaimer')}</p>
    </div>
  );
}
