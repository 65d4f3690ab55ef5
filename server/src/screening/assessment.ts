/**
 * The explained assessment of a screening. Pure: the same answers, child status
 * and indicator-set version always give the same assessment. No score: every
 * conclusion names the rule that produced it and the answers that support it.
 *
 * 1. Indicator dimensions — ILO and European Commission, "Operational indicators
 *    of trafficking in human beings" (Delphi survey, March 2009, revised
 *    September 2009, ILO WCMS_105023), section on how to use the indicators: a
 *    dimension is present when its indicators answered 'yes' include at least
 *      (a) two strong, or
 *      (b) one strong and one medium or weak, or
 *      (c) three medium, or
 *      (d) two medium and one weak.
 *    Weak indicators alone never make a dimension. Grades are the adults' grades,
 *    or the children's grades (`childStrength`) for a child.
 * 2. The ILO/EC combination: an adult shows the trafficking pattern when a
 *    recruitment dimension (deceptive, coercive or by abuse of vulnerability) +
 *    exploitative conditions + a destination dimension (coercion, or abuse of
 *    vulnerability, at destination) are present; a child when a recruitment
 *    dimension + exploitative conditions are present.
 * 3. Palermo Protocol (2000) art. 3 elements, reported separately:
 *    - act: any act question answered 'yes' (recruitment, transportation,
 *      transfer, harbouring, receipt), or a recruitment dimension present;
 *    - means: at least one means dimension present (rule 1);
 *    - purpose: the exploitative-conditions dimension present (rule 1);
 *    - for a child the means are not required (art. 3(c)).
 * 4. Recommendation: 'refer_presumed_victim' when the required elements are
 *    met; 'refer_further_assessment' whenever an indicator of means or purpose
 *    was answered 'yes', 'unsure' or 'refused' without meeting them, or when all
 *    answers were refused (no determination is possible, so the person is not
 *    told there is "no indication"); 'no_indication' otherwise.
 *
 * Unsure and refused answers: they never count towards a rule (an indicator is
 * only present when the person said so), but an element that would otherwise be
 * 'not_met' becomes 'undetermined' when any of its questions was answered
 * 'unsure' or 'refused', and the recommendation becomes further assessment.
 * Answers to questions that are hidden by the branching for these answers, or
 * unknown in the set version, are ignored and listed in `ignoredAnswerIds`.
 */
import type {
  ActType,
  AnswerValue,
  ExploitationForm,
  IloDimension,
  IndicatorBundle,
  IndicatorRegistry,
  MeansType,
  Question,
  Strength,
} from './indicator-set';
import {
  ACT_TYPES,
  bundleFromRegistry,
  DESTINATION_DIMENSIONS,
  FORMS,
  ILO_DIMENSIONS,
  indicatorRegistry,
  MEANS_DIMENSIONS,
  MEANS_TYPES,
  RECRUITMENT_DIMENSIONS,
} from './indicator-set';
import type { Answers } from './interview';
import { formsInScope, visibleQuestions } from './interview';

export type PalermoElement = 'act' | 'means' | 'purpose';
export type ElementStatus = 'met' | 'not_met' | 'undetermined';

/** Why an element has its status (machine codes, translated by the UI). */
export const ELEMENT_BASES = [
  'answer_yes',
  'dimension_present',
  'recruitment_dimension_present',
  'indicators_below_threshold',
  'answers_unsure',
  'answers_refused',
  'not_asked',
  'all_no',
  'not_required_for_child',
] as const;
export type ElementBasis = (typeof ELEMENT_BASES)[number];

/** Combination rules of the ILO/EC operational indicators (2009). */
export const COMBINATION_RULES = ['two_strong', 'strong_and_medium_or_weak', 'three_medium', 'two_medium_one_weak'] as const;
export type CombinationRule = (typeof COMBINATION_RULES)[number];

export const RECOMMENDATIONS = ['refer_presumed_victim', 'refer_further_assessment', 'no_indication'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

export const REASON_CODES = [
  'all_elements_met',
  'child_means_not_required',
  'act_met',
  'purpose_met',
  'ilo_combination_met',
  'act_missing',
  'act_undetermined',
  'means_missing',
  'means_undetermined',
  'purpose_missing',
  'purpose_undetermined',
  'indicators_below_threshold',
  'answers_unsure',
  'answers_refused',
  'no_determination',
  'no_answers',
  'no_indicators',
  'vulnerability_indicators_only',
  'child_protection',
  'non_punishment_applies',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface SupportingAnswer {
  questionId: string;
  value: AnswerValue;
  /** The grade that applied (children's grade for a child). */
  strength?: Strength;
  dimension?: IloDimension;
  actType?: ActType;
  meansType?: MeansType;
  form?: ExploitationForm;
}

export interface StrengthCounts {
  strong: number;
  medium: number;
  weak: number;
}

export interface ElementResult {
  status: ElementStatus;
  /** False for the means of a child (Palermo art. 3(c)). */
  required: boolean;
  basis: ElementBasis[];
  /** Answers 'yes' that support the element. */
  supporting: SupportingAnswer[];
  /** Answers 'unsure' or 'refused' on the element's questions. */
  uncertain: SupportingAnswer[];
  /** Palermo sub-categories found (act types or means types), in canonical order. */
  types: string[];
  /** For means and purpose: the dimensions found present. */
  dimensions: IloDimension[];
}

export interface DimensionResult {
  dimension: IloDimension;
  present: boolean;
  /** The first rule (in the published order) that the 'yes' answers satisfy. */
  rule: CombinationRule | null;
  counts: StrengthCounts;
  supporting: SupportingAnswer[];
  uncertain: SupportingAnswer[];
}

export interface IloCombinationResult {
  profile: 'adult' | 'child';
  met: boolean;
  recruitment: boolean;
  exploitation: boolean;
  /** Null for a child: the destination dimensions are not required. */
  destination: boolean | null;
}

export interface FormResult {
  form: ExploitationForm;
  status: 'likely' | 'possible';
  rule: CombinationRule | null;
  gate: AnswerValue | null;
  supporting: SupportingAnswer[];
  uncertain: SupportingAnswer[];
  /** Sub-categories answered 'yes' (e.g. HTCDS sex-exploitation type, offence type). */
  subtypes: string[];
  /** HTCDS vic_ForcedLabourIndustry code, for forced labour. */
  industry?: string;
}

export interface EvidenceSummary {
  /** Indicator questions (means, purpose, vulnerability) answered 'yes', by grade. */
  yes: StrengthCounts;
  unsure: number;
  refused: number;
  no: number;
  /** Visible indicator questions without an answer. */
  unanswered: number;
}

export interface Assessment {
  setVersion: string;
  profile: 'adult' | 'child';
  elements: Record<PalermoElement, ElementResult>;
  dimensions: Record<IloDimension, DimensionResult>;
  iloCombination: IloCombinationResult;
  forms: FormResult[];
  evidence: EvidenceSummary;
  nonPunishmentNotice: boolean;
  /** The forced-criminality answers that raised the notice. */
  nonPunishmentBasis: SupportingAnswer[];
  recommendation: Recommendation;
  reasons: ReasonCode[];
  ignoredAnswerIds: string[];
}

export interface AssessmentInput {
  answers: Answers;
  isChild: boolean;
  setVersion: string;
}

export interface AssessOptions {
  /** Registry to resolve setVersion in (defaults to the shipped sets). */
  registry?: IndicatorRegistry;
}

const INDICATOR_ELEMENTS = new Set(['means', 'purpose', 'vulnerability']);

/**
 * The ILO/EC (2009) rule for a dimension. Guarantees: returns the first rule
 * satisfied in the published order, or null; weak indicators alone never
 * satisfy it.
 */
export function combinationRule(counts: StrengthCounts): CombinationRule | null {
  const { strong, medium, weak } = counts;
  if (strong >= 2) return 'two_strong';
  if (strong >= 1 && medium + weak >= 1) return 'strong_and_medium_or_weak';
  if (medium >= 3) return 'three_medium';
  if (medium >= 2 && weak >= 1) return 'two_medium_one_weak';
  return null;
}

function strengthFor(q: Question, child: boolean): Strength | undefined {
  return child ? (q.childStrength ?? q.strength) : q.strength;
}

function support(q: Question, value: AnswerValue, child: boolean): SupportingAnswer {
  const s: SupportingAnswer = { questionId: q.id, value };
  const strength = strengthFor(q, child);
  if (strength) s.strength = strength;
  if (q.dimension) s.dimension = q.dimension;
  if (q.actType) s.actType = q.actType;
  if (q.meansType) s.meansType = q.meansType;
  if (q.form) s.form = q.form;
  return s;
}

function count(items: SupportingAnswer[]): StrengthCounts {
  const c: StrengthCounts = { strong: 0, medium: 0, weak: 0 };
  for (const s of items) if (s.strength) c[s.strength] += 1;
  return c;
}

interface Answered {
  question: Question;
  value: AnswerValue;
  choice?: string;
}

function split(items: Answered[], child: boolean): { yes: SupportingAnswer[]; uncertain: SupportingAnswer[]; no: number } {
  const yes: SupportingAnswer[] = [];
  const uncertain: SupportingAnswer[] = [];
  let no = 0;
  for (const a of items) {
    if (a.value === 'yes') yes.push(support(a.question, a.value, child));
    else if (a.value === 'unsure' || a.value === 'refused') uncertain.push(support(a.question, a.value, child));
    else no += 1;
  }
  return { yes, uncertain, no };
}

function uncertainBases(uncertain: SupportingAnswer[]): ElementBasis[] {
  const bases: ElementBasis[] = [];
  if (uncertain.some((u) => u.value === 'unsure')) bases.push('answers_unsure');
  if (uncertain.some((u) => u.value === 'refused')) bases.push('answers_refused');
  return bases;
}

/** Status when no rule was met: undetermined unless every question was a clear 'no'. */
function unmetStatus(asked: number, yes: SupportingAnswer[], uncertain: SupportingAnswer[]): Pick<ElementResult, 'status' | 'basis'> {
  if (asked === 0) return { status: 'undetermined', basis: ['not_asked'] };
  const basis: ElementBasis[] = [];
  if (yes.length > 0) basis.push('indicators_below_threshold');
  basis.push(...uncertainBases(uncertain));
  if (basis.length > 0) return { status: 'undetermined', basis };
  return { status: 'not_met', basis: ['all_no'] };
}

function orderedUnique<T extends string>(canonical: readonly T[], values: (T | undefined)[]): T[] {
  const present = new Set(values.filter((v): v is T => v !== undefined));
  return canonical.filter((v) => present.has(v));
}

// Palermo art. 3(a) order, as listed in the indicator-set vocabulary.
const ACT_ORDER: readonly ActType[] = ACT_TYPES;
const MEANS_ORDER: readonly MeansType[] = MEANS_TYPES;

function assessDimensions(answered: Answered[], child: boolean): Record<IloDimension, DimensionResult> {
  const result = {} as Record<IloDimension, DimensionResult>;
  for (const dimension of ILO_DIMENSIONS) {
    const items = answered.filter((a) => a.question.dimension === dimension && INDICATOR_ELEMENTS.has(a.question.element));
    const { yes, uncertain } = split(items, child);
    const counts = count(yes);
    const rule = combinationRule(counts);
    result[dimension] = { dimension, present: rule !== null, rule, counts, supporting: yes, uncertain };
  }
  return result;
}

function assessAct(answered: Answered[], dims: Record<IloDimension, DimensionResult>, child: boolean): ElementResult {
  const items = answered.filter((a) => a.question.element === 'act');
  const { yes, uncertain } = split(items, child);
  const recruitmentDims = RECRUITMENT_DIMENSIONS.filter((d) => dims[d].present);
  const types = orderedUnique(ACT_ORDER, [
    ...yes.map((s) => s.actType),
    ...(recruitmentDims.length > 0 ? (['recruitment'] as const) : []),
  ]);
  const base = { required: true, supporting: yes, uncertain, types, dimensions: recruitmentDims };
  if (yes.length > 0 || recruitmentDims.length > 0) {
    const basis: ElementBasis[] = [];
    if (yes.length > 0) basis.push('answer_yes');
    if (recruitmentDims.length > 0) basis.push('recruitment_dimension_present');
    return { ...base, status: 'met', basis };
  }
  // Act questions are facts, not graded indicators: a single 'yes' suffices,
  // so "below threshold" cannot occur here.
  return { ...base, ...unmetStatus(items.length, [], uncertain) };
}

function assessGraded(
  element: 'means' | 'purpose',
  answered: Answered[],
  dims: Record<IloDimension, DimensionResult>,
  child: boolean,
): ElementResult {
  const dimensionsOfElement: readonly IloDimension[] = element === 'means' ? MEANS_DIMENSIONS : ['exploitative_conditions'];
  const elements = element === 'means' ? new Set(['means', 'vulnerability']) : new Set(['purpose']);
  const items = answered.filter(
    (a) => elements.has(a.question.element) && a.question.dimension && dimensionsOfElement.includes(a.question.dimension),
  );
  const { yes, uncertain } = split(items, child);
  const present = dimensionsOfElement.filter((d) => dims[d].present);
  const types =
    element === 'means'
      ? orderedUnique(MEANS_ORDER, [
          ...yes.map((s) => s.meansType),
          ...(yes.some((s) => s.meansType === undefined) ? (['abuse_of_vulnerability'] as const) : []),
        ])
      : [];
  const required = !(element === 'means' && child);
  const base = { required, supporting: yes, uncertain, types, dimensions: present };
  if (present.length > 0) return { ...base, status: 'met', basis: ['dimension_present'] };
  const unmet = unmetStatus(items.length, yes, uncertain);
  if (!required) return { ...base, status: unmet.status, basis: ['not_required_for_child', ...unmet.basis] };
  return { ...base, ...unmet };
}

function assessForms(bundle: IndicatorBundle, answered: Answered[], answers: Answers, child: boolean): FormResult[] {
  const inScope = new Set(formsInScope(bundle, answers));
  const results: FormResult[] = [];
  for (const form of FORMS) {
    const gateQuestion = bundle.questions.find(
      (q) => q.element === 'screen' && q.form === form && bundle.setOfQuestion.get(q.id)?.id === 'core',
    );
    const gate = gateQuestion ? (answers[gateQuestion.id]?.value ?? null) : null;
    const ofForm = answered.filter((a) => a.question.form === form);
    const indicators = ofForm.filter((a) => INDICATOR_ELEMENTS.has(a.question.element));
    const { yes, uncertain } = split(indicators, child);
    const rule = combinationRule(count(yes));
    const subtypes = ofForm
      .filter((a) => a.value === 'yes' && a.question.subtype)
      .map((a) => a.question.subtype as string);
    const industry = ofForm.find((a) => a.question.kind === 'choice' && a.choice)?.choice;
    let status: FormResult['status'] | null = null;
    if (rule) status = 'likely';
    else if (inScope.has(form) || yes.length > 0 || uncertain.length > 0 || subtypes.length > 0) status = 'possible';
    if (!status) continue;
    const r: FormResult = { form, status, rule, gate, supporting: yes, uncertain, subtypes: [...new Set(subtypes)] };
    if (industry) r.industry = industry;
    results.push(r);
  }
  return results;
}

function pushUnique<T>(list: T[], ...items: T[]): void {
  for (const item of items) if (!list.includes(item)) list.push(item);
}

/**
 * Assesses a screening. Guarantees: deterministic for the same input and set
 * version (so a stored screening can be re-assessed identically later); every
 * element, dimension and form names its supporting answers and the rule or
 * basis that applied; 'no_indication' is never returned when all answers were
 * refused or when any means or purpose indicator was answered 'yes', 'unsure'
 * or 'refused'; nonPunishmentNotice is true whenever any forced-criminality
 * question was answered 'yes'. Throws IndicatorSetError for an unknown version.
 */
export function assess(input: AssessmentInput, options: AssessOptions = {}): Assessment {
  const registry = options.registry ?? indicatorRegistry();
  const bundle = bundleFromRegistry(registry, input.setVersion);
  const child = input.isChild;
  const ctx = { isChild: child };

  const visible = visibleQuestions(bundle, input.answers, ctx);
  const visibleIds = new Set(visible.map((q) => q.id));
  const ignoredAnswerIds = Object.keys(input.answers)
    .filter((id) => !visibleIds.has(id))
    .sort();
  const answered: Answered[] = visible.flatMap((q) => {
    const a = input.answers[q.id];
    return a ? [{ question: q, value: a.value, choice: a.choice }] : [];
  });

  const dimensions = assessDimensions(answered, child);
  const elements: Record<PalermoElement, ElementResult> = {
    act: assessAct(answered, dimensions, child),
    means: assessGraded('means', answered, dimensions, child),
    purpose: assessGraded('purpose', answered, dimensions, child),
  };

  const recruitment = RECRUITMENT_DIMENSIONS.some((d) => dimensions[d].present);
  const exploitation = dimensions.exploitative_conditions.present;
  const destination = DESTINATION_DIMENSIONS.some((d) => dimensions[d].present);
  const iloCombination: IloCombinationResult = child
    ? { profile: 'child', met: recruitment && exploitation, recruitment, exploitation, destination: null }
    : { profile: 'adult', met: recruitment && exploitation && destination, recruitment, exploitation, destination };

  const forms = assessForms(bundle, answered, input.answers, child);

  // Evidence summary over graded indicator questions.
  const indicatorItems = answered.filter((a) => INDICATOR_ELEMENTS.has(a.question.element));
  const indicatorSplit = split(indicatorItems, child);
  const evidence: EvidenceSummary = {
    yes: count(indicatorSplit.yes),
    unsure: indicatorSplit.uncertain.filter((u) => u.value === 'unsure').length,
    refused: indicatorSplit.uncertain.filter((u) => u.value === 'refused').length,
    no: indicatorSplit.no,
    unanswered: visible.filter((q) => INDICATOR_ELEMENTS.has(q.element) && !input.answers[q.id]).length,
  };

  // Non-punishment principle: CoE Convention (CETS 197) art. 26; Directive
  // 2011/36/EU art. 8; OSCE (2013) non-punishment recommendations.
  const nonPunishmentBasis = answered
    .filter((a) => a.question.form === 'forced-criminality' && a.value === 'yes')
    .map((a) => support(a.question, a.value, child));
  const nonPunishmentNotice = nonPunishmentBasis.length > 0;

  const { recommendation, reasons } = recommend({
    answered,
    child,
    elements,
    dimensions,
    iloMet: iloCombination.met,
    nonPunishmentNotice,
  });

  return {
    setVersion: bundle.version,
    profile: child ? 'child' : 'adult',
    elements,
    dimensions,
    iloCombination,
    forms,
    evidence,
    nonPunishmentNotice,
    nonPunishmentBasis,
    recommendation,
    reasons,
    ignoredAnswerIds,
  };
}

interface RecommendInput {
  answered: Answered[];
  child: boolean;
  elements: Record<PalermoElement, ElementResult>;
  dimensions: Record<IloDimension, DimensionResult>;
  iloMet: boolean;
  nonPunishmentNotice: boolean;
}

function recommend(r: RecommendInput): { recommendation: Recommendation; reasons: ReasonCode[] } {
  const reasons: ReasonCode[] = [];
  const finish = (recommendation: Recommendation): { recommendation: Recommendation; reasons: ReasonCode[] } => {
    if (r.child) pushUnique(reasons, 'child_protection');
    if (r.nonPunishmentNotice) pushUnique(reasons, 'non_punishment_applies');
    return { recommendation, reasons };
  };

  const personAnswers = r.answered.filter((a) => (a.question.audience ?? 'person') === 'person');
  if (personAnswers.length === 0) {
    pushUnique(reasons, 'no_answers', 'no_determination');
    return finish('refer_further_assessment');
  }
  if (personAnswers.every((a) => a.value === 'refused')) {
    pushUnique(reasons, 'answers_refused', 'no_determination');
    return finish('refer_further_assessment');
  }

  const { act, means, purpose } = r.elements;
  if (r.child && act.status === 'met' && purpose.status === 'met') {
    pushUnique(reasons, 'child_means_not_required', 'act_met', 'purpose_met');
    if (r.iloMet) pushUnique(reasons, 'ilo_combination_met');
    return finish('refer_presumed_victim');
  }
  if (!r.child && act.status === 'met' && means.status === 'met' && purpose.status === 'met') {
    pushUnique(reasons, 'all_elements_met');
    if (r.iloMet) pushUnique(reasons, 'ilo_combination_met');
    return finish('refer_presumed_victim');
  }

  // A concern: any means or purpose indicator (or a child-set indicator) not
  // answered 'no', or forced-criminality answers.
  const concern = r.answered.some(
    (a) =>
      (a.question.element === 'means' || a.question.element === 'purpose') &&
      (a.value === 'yes' || a.value === 'unsure' || a.value === 'refused'),
  );
  if (concern || r.nonPunishmentNotice) {
    const checked: PalermoElement[] = r.child ? ['act', 'purpose'] : ['act', 'means', 'purpose'];
    for (const el of checked) {
      const status = r.elements[el].status;
      if (status === 'met' && r.child) pushUnique(reasons, el === 'act' ? 'act_met' : 'purpose_met');
      if (status === 'not_met') pushUnique(reasons, `${el}_missing` as ReasonCode);
      if (status === 'undetermined') pushUnique(reasons, `${el}_undetermined` as ReasonCode);
    }
    if (r.child) pushUnique(reasons, 'child_means_not_required');
    if (ILO_DIMENSIONS.some((d) => !r.dimensions[d].present && r.dimensions[d].supporting.length > 0)) {
      pushUnique(reasons, 'indicators_below_threshold');
    }
    const substantive = r.answered.filter((a) => a.question.element !== 'screen' && a.question.element !== 'child');
    if (substantive.some((a) => a.value === 'unsure')) pushUnique(reasons, 'answers_unsure');
    if (substantive.some((a) => a.value === 'refused')) pushUnique(reasons, 'answers_refused');
    return finish('refer_further_assessment');
  }

  pushUnique(reasons, 'no_indicators');
  if (r.answered.some((a) => a.question.element === 'vulnerability' && a.value === 'yes')) {
    pushUnique(reasons, 'vulnerability_indicators_only');
  }
  return finish('no_indication');
}
