import { describe, expect, it } from 'vitest';
import { assess, combinationRule } from './assessment';
import type { Assessment } from './assessment';
import {
  createIndicatorRegistry,
  currentIndicatorSetVersion,
  getIndicatorSet,
  IndicatorSetError,
  registryCurrentVersion,
  CURRENT_SETS,
} from './indicator-set';
import type { Answers } from './interview';
import { answersOf, completeWith } from './test-helpers';
import coreSet from './indicator-sets/core.json';

const version = currentIndicatorSetVersion();
const bundle = getIndicatorSet(version);

function run(answers: Answers, isChild = false): Assessment {
  return assess({ answers, isChild, setVersion: version });
}

/** Complete interview: the given answers, every other visible question 'no'. */
function interview(given: Answers, isChild = false): Answers {
  return completeWith(bundle, given, 'no', { isChild });
}

const ids = (list: { questionId: string }[]): string[] => list.map((s) => s.questionId);

describe('combinationRule (ILO/EC 2009)', () => {
  it.each([
    [{ strong: 2, medium: 0, weak: 0 }, 'two_strong'],
    [{ strong: 1, medium: 1, weak: 0 }, 'strong_and_medium_or_weak'],
    [{ strong: 1, medium: 0, weak: 1 }, 'strong_and_medium_or_weak'],
    [{ strong: 0, medium: 3, weak: 0 }, 'three_medium'],
    [{ strong: 0, medium: 2, weak: 1 }, 'two_medium_one_weak'],
    [{ strong: 1, medium: 0, weak: 0 }, null],
    [{ strong: 0, medium: 2, weak: 0 }, null],
    [{ strong: 0, medium: 1, weak: 5 }, null],
    [{ strong: 0, medium: 0, weak: 9 }, null],
  ] as const)('%o → %s', (counts, rule) => {
    expect(combinationRule(counts)).toBe(rule);
  });
});

describe('worked example: adult with act + means + purpose', () => {
  const answers = interview({
    ...answersOf('yes', 'core.recruited', 'core.transported', 'core.gate_labour'),
    ...answersOf('yes', 'core.deceived_job', 'core.deceived_pay'),
    ...answersOf('yes', 'core.documents_taken', 'core.debt_bondage'),
    ...answersOf('yes', 'forced-labour.excessive_hours', 'forced-labour.low_or_no_pay'),
    'forced-labour.industry': { value: 'yes', choice: 'F_Construction' },
  });
  const a = run(answers);

  it('refers as a presumed victim because all elements are met', () => {
    expect(a.recommendation).toBe('refer_presumed_victim');
    expect(a.reasons).toEqual(['all_elements_met', 'ilo_combination_met']);
    expect(a.profile).toBe('adult');
  });

  it('names the elements, their sub-types and supporting answers', () => {
    expect(a.elements.act.status).toBe('met');
    expect(a.elements.act.types).toEqual(['recruitment', 'transportation']);
    expect(ids(a.elements.act.supporting)).toEqual(['core.recruited', 'core.transported']);
    expect(a.elements.means.status).toBe('met');
    expect(a.elements.means.required).toBe(true);
    expect(a.elements.means.dimensions).toEqual(['deceptive_recruitment', 'coercion_at_destination']);
    expect(a.elements.means.types).toEqual(['coercion', 'deception']);
    expect(a.elements.purpose.status).toBe('met');
    expect(ids(a.elements.purpose.supporting)).toEqual(['forced-labour.excessive_hours', 'forced-labour.low_or_no_pay']);
  });

  it('reports each ILO dimension with the rule that fired', () => {
    expect(a.dimensions.deceptive_recruitment).toMatchObject({ present: true, rule: 'strong_and_medium_or_weak' });
    expect(a.dimensions.coercion_at_destination).toMatchObject({ present: true, rule: 'two_strong' });
    expect(a.dimensions.exploitative_conditions).toMatchObject({ present: true, rule: 'strong_and_medium_or_weak' });
    expect(a.dimensions.coercive_recruitment).toMatchObject({ present: false, rule: null });
    expect(a.iloCombination).toEqual({
      profile: 'adult',
      met: true,
      recruitment: true,
      exploitation: true,
      destination: true,
    });
  });

  it('gives the likely form with its industry, and counts evidence by strength', () => {
    expect(a.forms).toHaveLength(1);
    expect(a.forms[0]).toMatchObject({ form: 'forced-labour', status: 'likely', industry: 'F_Construction', gate: 'yes' });
    expect(a.evidence.yes).toEqual({ strong: 4, medium: 2, weak: 0 });
    expect(a.evidence.unsure).toBe(0);
    expect(a.evidence.unanswered).toBe(0);
    expect(a.nonPunishmentNotice).toBe(false);
  });
});

describe('worked example: adult with no means', () => {
  const a = run(
    interview({
      ...answersOf('yes', 'core.recruited', 'core.transported', 'core.gate_labour'),
      ...answersOf('yes', 'forced-labour.excessive_hours', 'forced-labour.low_or_no_pay', 'forced-labour.no_contract'),
    }),
  );

  it('does not presume a victim: the means are required for an adult', () => {
    expect(a.elements.act.status).toBe('met');
    expect(a.elements.purpose.status).toBe('met');
    expect(a.elements.means).toMatchObject({ status: 'not_met', required: true, basis: ['all_no'] });
    expect(a.recommendation).toBe('refer_further_assessment');
    expect(a.reasons).toContain('means_missing');
    expect(a.reasons).not.toContain('all_elements_met');
    expect(a.iloCombination.met).toBe(false);
  });
});

describe('worked example: child with act + purpose only', () => {
  const given = {
    ...answersOf('yes', 'core.under_18', 'core.transported', 'core.gate_labour'),
    ...answersOf('yes', 'child.long_hours', 'child.no_school'),
  };

  it('refers as a presumed victim: means not required (Palermo art. 3(c))', () => {
    const a = run(interview(given, true), true);
    expect(a.profile).toBe('child');
    expect(a.elements.act.status).toBe('met');
    expect(a.elements.purpose.status).toBe('met');
    expect(a.elements.means.required).toBe(false);
    expect(a.elements.means.status).toBe('not_met');
    expect(a.elements.means.basis).toContain('not_required_for_child');
    expect(a.recommendation).toBe('refer_presumed_victim');
    expect(a.reasons).toEqual(['child_means_not_required', 'act_met', 'purpose_met', 'child_protection']);
    expect(a.iloCombination).toMatchObject({ profile: 'child', destination: null });
  });

  it('the same act + purpose answers are enough for a child but not for an adult', () => {
    const shared = {
      ...answersOf('yes', 'core.transported', 'core.gate_labour'),
      ...answersOf('yes', 'forced-labour.excessive_hours', 'forced-labour.low_or_no_pay'),
    };
    const asChild = run(interview(shared, true), true);
    const asAdult = run(interview(shared, false), false);
    expect(asChild.recommendation).toBe('refer_presumed_victim');
    expect(asAdult.recommendation).toBe('refer_further_assessment');
    expect(asAdult.reasons).toContain('means_missing');
  });

  it('ignores child-only answers for an adult', () => {
    const adult = run(interview(given, false), false);
    expect(adult.ignoredAnswerIds).toEqual(['child.long_hours', 'child.no_school']);
    expect(adult.elements.purpose.supporting).toEqual([]);
  });

  it('uses the children’s grades', () => {
    const a = run(interview({ ...given, ...answersOf('yes', 'core.threats_destination') }, true), true);
    const threat = a.dimensions.coercion_at_destination.supporting.find((s) => s.questionId === 'core.threats_destination');
    expect(threat?.strength).toBe('strong');
    const adult = run(interview(answersOf('yes', 'core.threats_destination')));
    expect(adult.dimensions.coercion_at_destination.supporting[0].strength).toBe('medium');
  });
});

describe('worked example: forced criminality', () => {
  const a = run(
    interview({
      ...answersOf('yes', 'core.recruited', 'core.gate_criminality'),
      ...answersOf('yes', 'forced-criminality.drug_cultivation', 'forced-criminality.compelled'),
      ...answersOf('yes', 'forced-criminality.quota_punishment', 'forced-criminality.confined_on_site'),
      ...answersOf('yes', 'forced-criminality.proceeds_taken', 'core.dependent_on_exploiter'),
    }),
  );

  it('carries the non-punishment notice, with the answers that raised it', () => {
    expect(a.nonPunishmentNotice).toBe(true);
    expect(ids(a.nonPunishmentBasis)).toContain('forced-criminality.drug_cultivation');
    expect(ids(a.nonPunishmentBasis)).toContain('core.gate_criminality');
    expect(a.reasons).toContain('non_punishment_applies');
  });

  it('names the likely form and the offence type', () => {
    const form = a.forms.find((f) => f.form === 'forced-criminality');
    expect(form).toMatchObject({ status: 'likely', subtypes: ['drug_cultivation'] });
    expect(a.dimensions.coercion_at_destination).toMatchObject({ present: true, rule: 'strong_and_medium_or_weak' });
  });

  it('recommends further assessment while the purpose is below threshold', () => {
    expect(a.elements.means.status).toBe('met');
    expect(a.elements.purpose).toMatchObject({ status: 'undetermined', basis: ['indicators_below_threshold'] });
    expect(a.recommendation).toBe('refer_further_assessment');
    expect(a.reasons).toEqual(['purpose_undetermined', 'indicators_below_threshold', 'non_punishment_applies']);
  });

  it('is never raised without a forced-criminality answer', () => {
    expect(run(interview(answersOf('yes', 'core.gate_labour'))).nonPunishmentNotice).toBe(false);
  });
});

describe('worked example: mixed case (two forms, unsure and refused answers)', () => {
  const a = run(
    interview({
      ...answersOf('yes', 'core.recruited', 'core.gate_sexual', 'core.gate_labour'),
      ...answersOf('yes', 'core.emotional_dependency', 'core.economic_pressure', 'core.irregular_status'),
      ...answersOf('yes', 'sexual-exploitation.third_party_profit', 'sexual-exploitation.forced_clients'),
      ...answersOf('yes', 'sexual-exploitation.excessive_hours', 'forced-labour.excessive_hours'),
      ...answersOf('unsure', 'core.threats_destination'),
      ...answersOf('refused', 'core.violence_destination'),
    }),
  );

  it('meets every element through several dimensions', () => {
    expect(a.dimensions.recruitment_abuse_of_vulnerability).toMatchObject({ present: true, rule: 'three_medium' });
    expect(a.dimensions.exploitative_conditions).toMatchObject({ present: true, rule: 'two_strong' });
    expect(a.elements.means.types).toEqual(['coercion', 'abuse_of_vulnerability']);
    expect(a.recommendation).toBe('refer_presumed_victim');
  });

  it('ranks the forms: sexual exploitation likely, forced labour possible', () => {
    expect(a.forms.map((f) => [f.form, f.status])).toEqual([
      ['sexual-exploitation', 'likely'],
      ['forced-labour', 'possible'],
    ]);
  });

  it('keeps unsure and refused answers visible but out of the rules', () => {
    expect(a.evidence.unsure).toBe(1);
    expect(a.evidence.refused).toBe(1);
    expect(ids(a.dimensions.coercion_at_destination.uncertain)).toEqual(['core.violence_destination', 'core.threats_destination']);
    expect(a.dimensions.coercion_at_destination.counts).toEqual({ strong: 1, medium: 0, weak: 0 });
  });
});

describe('worked example: all answers refused', () => {
  const answers = completeWith(bundle, {}, 'refused', { isChild: false });
  const a = run(answers);

  it('makes no determination but recommends further assessment, never "no indication"', () => {
    expect(Object.keys(answers).length).toBeGreaterThan(30);
    expect(a.recommendation).toBe('refer_further_assessment');
    expect(a.reasons).toEqual(['answers_refused', 'no_determination']);
    expect(a.elements.act.status).toBe('undetermined');
    expect(a.elements.means.status).toBe('undetermined');
    expect(a.elements.purpose.status).toBe('undetermined');
    expect(a.elements.means.basis).toEqual(['answers_refused']);
    expect(a.forms).toEqual([]);
  });
});

describe('other outcomes', () => {
  it('no indication when every answer is no', () => {
    const a = run(interview({}));
    expect(a.recommendation).toBe('no_indication');
    expect(a.reasons).toEqual(['no_indicators']);
    expect(a.elements.means.status).toBe('not_met');
  });

  it('vulnerability alone is no indication, flagged for support services', () => {
    const a = run(interview(answersOf('yes', 'core.economic_pressure', 'core.fear_authorities')));
    expect(a.recommendation).toBe('no_indication');
    expect(a.reasons).toEqual(['no_indicators', 'vulnerability_indicators_only']);
  });

  it('unsure answers on indicators lead to further assessment', () => {
    const a = run(interview(answersOf('unsure', 'core.documents_taken', 'core.deceived_job')));
    expect(a.recommendation).toBe('refer_further_assessment');
    expect(a.elements.means).toMatchObject({ status: 'undetermined', basis: ['answers_unsure'] });
    expect(a.reasons).toContain('answers_unsure');
  });

  it('an empty screening is not "no indication"', () => {
    const a = run({});
    expect(a.recommendation).toBe('refer_further_assessment');
    expect(a.reasons).toEqual(['no_answers', 'no_determination']);
    expect(a.elements.purpose.basis).toEqual(['not_asked']);
  });

  it('ignores answers to questions hidden by the branching', () => {
    const a = run(interview(answersOf('yes', 'sexual-exploitation.third_party_profit')));
    expect(a.ignoredAnswerIds).toContain('sexual-exploitation.third_party_profit');
    expect(a.elements.purpose.supporting).toEqual([]);
    expect(a.recommendation).toBe('no_indication');
  });

  it('never copies free-text notes into the assessment', () => {
    const secret = 'Person named Demo Example, phone +000 123';
    const answers = interview({
      ...answersOf('yes', 'core.recruited', 'core.documents_taken', 'core.debt_bondage'),
      'core.transported': { value: 'yes', note: secret },
    });
    expect(JSON.stringify(run(answers))).not.toContain('Demo Example');
  });

  it('is deterministic', () => {
    const answers = interview(answersOf('yes', 'core.recruited', 'core.documents_taken', 'core.debt_bondage'));
    expect(run(answers)).toEqual(run(answers));
  });
});

describe('reproducibility across indicator-set versions', () => {
  const current = [...CURRENT_SETS];
  // A later core 2.0.0 in which deceptive recruitment is graded weak.
  const coreV2 = structuredClone(coreSet);
  coreV2.version = '2.0.0';
  for (const q of coreV2.questions) if (q.dimension === 'deceptive_recruitment') q.strength = 'weak';
  const registry = createIndicatorRegistry([coreV2, ...current.slice(1)], [coreSet]);

  const answers = interview({
    ...answersOf('yes', 'core.recruited', 'core.gate_labour', 'core.deceived_job', 'core.deceived_pay'),
    ...answersOf('yes', 'core.documents_taken', 'core.debt_bondage'),
    ...answersOf('yes', 'forced-labour.excessive_hours', 'forced-labour.low_or_no_pay'),
  });

  it('re-assesses an old screening exactly as it was assessed', () => {
    const original = assess({ answers, isChild: false, setVersion: version });
    const later = assess({ answers, isChild: false, setVersion: version }, { registry });
    expect(later).toEqual(original);
    expect(later.setVersion).toBe(version);
    expect(later.dimensions.deceptive_recruitment.present).toBe(true);
  });

  it('the new version gives its own result', () => {
    const newVersion = registryCurrentVersion(registry);
    expect(newVersion).toMatch(/^core@2\.0\.0\+/);
    const fresh = assess({ answers, isChild: false, setVersion: newVersion }, { registry });
    expect(fresh.dimensions.deceptive_recruitment).toMatchObject({ present: false, counts: { strong: 0, medium: 0, weak: 2 } });
  });

  it('refuses an unknown version instead of guessing', () => {
    expect(() => assess({ answers, isChild: false, setVersion: 'core@9.9.9' })).toThrow(IndicatorSetError);
  });
});
