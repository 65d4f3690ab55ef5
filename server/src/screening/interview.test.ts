import { describe, expect, it } from 'vitest';
import { getIndicatorSet } from './indicator-set';
import {
  childStatus,
  evaluateCondition,
  formsInScope,
  isChild,
  isInterviewComplete,
  nextQuestions,
  visibleQuestions,
} from './interview';
import { answersOf, completeWith } from './test-helpers';

const bundle = getIndicatorSet();
const adult = { isChild: false };
const child = { isChild: true };
const setsOf = (qs: { id: string }[]): string[] => [...new Set(qs.map((q) => q.id.split('.')[0]))];

describe('branching', () => {
  it('starts with the core questions only, the age gate first', () => {
    const visible = visibleQuestions(bundle, {}, adult);
    expect(setsOf(visible)).toEqual(['core']);
    expect(visible[0].id).toBe('core.under_18');
    expect(nextQuestions(bundle, {}, adult)).toEqual(visible);
  });

  it('asks a form in depth only when its gate is yes or unsure', () => {
    const yes = visibleQuestions(bundle, answersOf('yes', 'core.gate_domestic'), adult);
    expect(setsOf(yes)).toEqual(['core', 'domestic-servitude']);
    const unsure = visibleQuestions(bundle, answersOf('unsure', 'core.gate_organ'), adult);
    expect(setsOf(unsure)).toEqual(['core', 'organ-removal']);
    for (const value of ['no', 'refused'] as const) {
      const closed = visibleQuestions(bundle, answersOf(value, 'core.gate_domestic'), adult);
      expect(setsOf(closed)).toEqual(['core']);
    }
  });

  it('orders several forms canonically', () => {
    const answers = answersOf('yes', 'core.gate_marriage', 'core.gate_sexual', 'core.gate_criminality');
    expect(formsInScope(bundle, answers)).toEqual(['sexual-exploitation', 'forced-criminality', 'forced-marriage']);
    expect(setsOf(visibleQuestions(bundle, answers, adult))).toEqual([
      'core',
      'sexual-exploitation',
      'forced-criminality',
      'forced-marriage',
    ]);
  });

  it('adds the child set for a child only', () => {
    expect(setsOf(visibleQuestions(bundle, {}, child))).toEqual(['core', 'child']);
    expect(setsOf(visibleQuestions(bundle, {}, adult))).toEqual(['core']);
  });

  it('asks about confinement on a drug site only when drugs were involved', () => {
    const base = answersOf('yes', 'core.gate_criminality');
    const ids = (a: Record<string, { value: 'yes' | 'no' | 'unsure' | 'refused' }>): string[] =>
      visibleQuestions(bundle, a, adult).map((q) => q.id);
    expect(ids(base)).not.toContain('forced-criminality.confined_on_site');
    expect(ids({ ...base, ...answersOf('yes', 'forced-criminality.theft') })).not.toContain(
      'forced-criminality.confined_on_site',
    );
    expect(ids({ ...base, ...answersOf('unsure', 'forced-criminality.drug_dealing') })).toContain(
      'forced-criminality.confined_on_site',
    );
  });

  it('lists only unanswered questions next, and completes', () => {
    const some = answersOf('no', 'core.under_18', 'core.appears_under_18');
    const next = nextQuestions(bundle, some, adult);
    expect(next.map((q) => q.id)).not.toContain('core.under_18');
    expect(isInterviewComplete(bundle, some, adult)).toBe(false);
    const done = completeWith(bundle, answersOf('yes', 'core.gate_labour'), 'no', adult);
    expect(isInterviewComplete(bundle, done, adult)).toBe(true);
    expect(Object.keys(done)).toContain('forced-labour.excessive_hours');
  });

  it('evaluates combinators', () => {
    const a = answersOf('yes', 'core.recruited');
    expect(evaluateCondition({ all: [{ anyYes: ['core.recruited'] }, { adult: true }] }, bundle, a, adult)).toBe(true);
    expect(evaluateCondition({ any: [{ child: true }, { allYes: ['core.recruited', 'core.received'] }] }, bundle, a, adult)).toBe(
      false,
    );
    expect(evaluateCondition({ not: { form: 'forced-labour' } }, bundle, a, adult)).toBe(true);
    expect(evaluateCondition({ anyYesOrUnsure: ['core.received'] }, bundle, answersOf('unsure', 'core.received'), adult)).toBe(
      true,
    );
    expect(evaluateCondition({ anyYes: ['core.received'] }, bundle, answersOf('unsure', 'core.received'), adult)).toBe(false);
  });
});

describe('isChild', () => {
  const asOf = new Date(Date.UTC(2025, 5, 15));

  it('uses a known age or date of birth first', () => {
    expect(isChild({ age: 17 })).toBe(true);
    expect(isChild({ age: 18 })).toBe(false);
    expect(childStatus({ dateOfBirth: '2007-06-16', asOf })).toEqual({ isChild: true, basis: 'date_of_birth' });
    expect(childStatus({ dateOfBirth: '2007-06-15', asOf })).toEqual({ isChild: false, basis: 'date_of_birth' });
    expect(isChild({ age: 25, answers: answersOf('yes', 'core.under_18') })).toBe(false);
  });

  it('takes a declared age from the interview', () => {
    expect(childStatus({ answers: answersOf('yes', 'core.under_18') })).toEqual({ isChild: true, basis: 'declared' });
    expect(childStatus({ answers: answersOf('no', 'core.under_18', 'core.appears_under_18') })).toEqual({
      isChild: false,
      basis: 'none',
    });
  });

  it('presumes a child when the age is uncertain (CoE Convention art. 10(3))', () => {
    expect(childStatus({ answers: answersOf('unsure', 'core.under_18') })).toEqual({ isChild: true, basis: 'presumed' });
    expect(
      childStatus({ answers: { ...answersOf('no', 'core.under_18'), ...answersOf('yes', 'core.appears_under_18') } }),
    ).toEqual({ isChild: true, basis: 'presumed' });
    expect(childStatus({ answers: answersOf('unsure', 'core.appears_under_18') }).isChild).toBe(true);
  });

  it('is an adult with no information', () => {
    expect(childStatus({})).toEqual({ isChild: false, basis: 'none' });
    expect(isChild({ dateOfBirth: 'not a date' })).toBe(false);
  });
});
