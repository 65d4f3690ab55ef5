/**
 * The screening interview's branching: which questions are visible and which to
 * ask next, from the indicator sets and the answers so far. Pure functions, no
 * I/O.
 *
 * Branching: the core set is asked of everyone; each form's set is asked in
 * depth only when that form's gate question in core is answered 'yes' or
 * 'unsure' (asking a little more is safer than missing a victim; a 'refused'
 * gate is respected and the form is not explored); the child set is asked
 * only of a child or a presumed child.
 */
import type {
  AnswerValue,
  Condition,
  ExploitationForm,
  IndicatorBundle,
  IndicatorSet,
  Question,
} from './indicator-set';
import { FORMS } from './indicator-set';

export interface Answer {
  value: AnswerValue;
  note?: string;
  /** For choice questions: the chosen option code. */
  choice?: string;
}

export type Answers = Readonly<Record<string, Answer>>;

export interface InterviewContext {
  isChild: boolean;
}

function value(answers: Answers, id: string): AnswerValue | undefined {
  return answers[id]?.value;
}

/**
 * The forms whose gate question in core was answered 'yes' or 'unsure'.
 * Guarantees: result is in the canonical FORMS order, without duplicates.
 */
export function formsInScope(bundle: IndicatorBundle, answers: Answers): ExploitationForm[] {
  const inScope = new Set<ExploitationForm>();
  for (const q of bundle.questions) {
    if (q.element !== 'screen' || !q.form) continue;
    if (bundle.setOfQuestion.get(q.id)?.id !== 'core') continue;
    const v = value(answers, q.id);
    if (v === 'yes' || v === 'unsure') inScope.add(q.form);
  }
  return FORMS.filter((f) => inScope.has(f));
}

/**
 * Evaluates a declarative condition. Guarantees: pure; an unanswered question
 * counts as neither 'yes' nor 'unsure'.
 */
export function evaluateCondition(
  condition: Condition,
  bundle: IndicatorBundle,
  answers: Answers,
  ctx: InterviewContext,
): boolean {
  if ('anyYes' in condition) return condition.anyYes.some((id) => value(answers, id) === 'yes');
  if ('allYes' in condition) return condition.allYes.every((id) => value(answers, id) === 'yes');
  if ('anyYesOrUnsure' in condition) {
    return condition.anyYesOrUnsure.some((id) => {
      const v = value(answers, id);
      return v === 'yes' || v === 'unsure';
    });
  }
  if ('form' in condition) return formsInScope(bundle, answers).includes(condition.form);
  if ('child' in condition) return ctx.isChild;
  if ('adult' in condition) return !ctx.isChild;
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, bundle, answers, ctx));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, bundle, answers, ctx));
  return !evaluateCondition(condition.not, bundle, answers, ctx);
}

function isVisible(
  q: Question,
  set: IndicatorSet | undefined,
  bundle: IndicatorBundle,
  answers: Answers,
  ctx: InterviewContext,
): boolean {
  if (set?.showIf && !evaluateCondition(set.showIf, bundle, answers, ctx)) return false;
  if (q.showIf && !evaluateCondition(q.showIf, bundle, answers, ctx)) return false;
  return true;
}

/**
 * The questions shown for these answers, in interview order (core, then each
 * form set, then the child set). Guarantees: a form's questions appear only when
 * its gate is 'yes' or 'unsure'; child questions only when ctx.isChild.
 */
export function visibleQuestions(bundle: IndicatorBundle, answers: Answers, ctx: InterviewContext): Question[] {
  return bundle.questions.filter((q) => isVisible(q, bundle.setOfQuestion.get(q.id), bundle, answers, ctx));
}

/**
 * The visible questions not yet answered, in interview order. Guarantees: empty
 * exactly when the interview is complete for these answers.
 */
export function nextQuestions(bundle: IndicatorBundle, answers: Answers, ctx: InterviewContext): Question[] {
  return visibleQuestions(bundle, answers, ctx).filter((q) => answers[q.id] === undefined);
}

/** True when every visible question has an answer (any value, including 'refused'). */
export function isInterviewComplete(bundle: IndicatorBundle, answers: Answers, ctx: InterviewContext): boolean {
  return nextQuestions(bundle, answers, ctx).length === 0;
}

// ---------------------------------------------------------------------------
// Child status
// ---------------------------------------------------------------------------

export const ADULT_AGE = 18;

export interface ChildCheckInput {
  /** Age in completed years, when known (e.g. from a document). */
  age?: number;
  /** ISO date (YYYY-MM-DD), when known. */
  dateOfBirth?: string;
  /** Reference date for dateOfBirth (defaults to today). */
  asOf?: Date;
  /** Interview answers: core.under_18 and core.appears_under_18. */
  answers?: Answers;
}

export type ChildBasis = 'age' | 'date_of_birth' | 'declared' | 'presumed' | 'none';

export interface ChildStatus {
  isChild: boolean;
  basis: ChildBasis;
}

function ageOn(dateOfBirth: string, asOf: Date): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let age = asOf.getUTCFullYear() - y;
  const beforeBirthday = asOf.getUTCMonth() + 1 < mo || (asOf.getUTCMonth() + 1 === mo && asOf.getUTCDate() < d);
  if (beforeBirthday) age -= 1;
  return age;
}

/**
 * Whether the person is treated as a child, and why. Guarantees: a known age or
 * date of birth decides; otherwise a declared 'yes' to core.under_18 makes a
 * child, and an 'unsure' declaration or the responder's 'yes'/'unsure' to
 * core.appears_under_18 makes a presumed child — the presumption of minority of
 * the CoE Convention on Action against Trafficking (CETS 197) art. 10(3) and
 * Directive 2011/36/EU art. 13(2).
 */
export function childStatus(input: ChildCheckInput): ChildStatus {
  if (typeof input.age === 'number' && Number.isFinite(input.age)) {
    return { isChild: input.age < ADULT_AGE, basis: 'age' };
  }
  if (input.dateOfBirth) {
    const age = ageOn(input.dateOfBirth, input.asOf ?? new Date());
    if (age !== undefined) return { isChild: age < ADULT_AGE, basis: 'date_of_birth' };
  }
  const answers = input.answers ?? {};
  const declared = value(answers, 'core.under_18');
  if (declared === 'yes') return { isChild: true, basis: 'declared' };
  const observed = value(answers, 'core.appears_under_18');
  if (declared === 'unsure' || observed === 'yes' || observed === 'unsure') {
    return { isChild: true, basis: 'presumed' };
  }
  return { isChild: false, basis: 'none' };
}

/** True when the person is a child or presumed child (see childStatus). */
export function isChild(input: ChildCheckInput): boolean {
  return childStatus(input).isChild;
}
