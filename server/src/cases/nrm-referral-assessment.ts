import { getIndicatorSet, type IndicatorBundle } from '../screening/indicator-set';
import type { Assessment } from '../screening/assessment';
import { citedQuestionIds, presentQuestion } from '../screening/screening.presenter';

/**
 * The explained assessment of the NRM referral a case was opened from, with the texts of the
 * questions it cites from the indicator-set version it was made with (as the screening capability
 * presents a referral). Null when the referral carries no assessment; an assessment of a version
 * no longer kept keeps its codes, without question texts.
 */
export function explainedAssessment(assessment: unknown, setVersion: string | null): { assessment: Assessment; questions: Record<string, ReturnType<typeof presentQuestion>> } | null {
  if (assessment === null || typeof assessment !== 'object' || !('elements' in assessment)) return null;
  const a = assessment as Assessment;
  let bundle: IndicatorBundle | null = null;
  try {
    bundle = setVersion ? getIndicatorSet(setVersion) : null;
  } catch {
    bundle = null;
  }
  const questions: Record<string, ReturnType<typeof presentQuestion>> = {};
  for (const id of bundle ? citedQuestionIds(a) : []) {
    const q = bundle!.questionById.get(id);
    if (q) questions[id] = presentQuestion(q, bundle!.setOfQuestion.get(id));
  }
  return { assessment: a, questions };
}
