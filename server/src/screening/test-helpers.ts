/**
 * Helpers for the screening tests: build answer sets without repeating ids.
 * Not used by production code.
 */
import type { AnswerValue, IndicatorBundle } from './indicator-set';
import type { Answer, Answers, InterviewContext } from './interview';
import { nextQuestions } from './interview';

/** Answers with the given value for each id. */
export function answersOf(value: AnswerValue, ...ids: string[]): Record<string, Answer> {
  return Object.fromEntries(ids.map((id) => [id, { value }]));
}

/**
 * Completes an interview: keeps the given answers and answers every other
 * visible question with `rest`, following the branching until nothing is left.
 * Guarantees: the result is a complete interview for ctx.
 */
export function completeWith(
  bundle: IndicatorBundle,
  given: Answers,
  rest: AnswerValue,
  ctx: InterviewContext,
): Record<string, Answer> {
  const answers: Record<string, Answer> = { ...given };
  for (let guard = 0; guard < 50; guard++) {
    const next = nextQuestions(bundle, answers, ctx);
    if (next.length === 0) return answers;
    for (const q of next) answers[q.id] = { value: rest };
  }
  throw new Error('interview did not converge');
}
