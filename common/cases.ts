/**
 * The NRM case model shared by server and web: states, transitions, value sets Jisr adds beside
 * HTCDS 2.0 (services, closure reasons, justice, non-punishment, return) and the CTDC age groups.
 * Sources: OSCE/ODIHR National Referral Mechanisms handbook (2nd ed., 2022); Council of Europe
 * Convention on Action against Trafficking in Human Beings, art. 13 (recovery and reflection
 * period of at least 30 days) and art. 26 (non-punishment); UK NRM guidance (reasonable grounds
 * within 5 working days).
 */
import type { NrmStatus } from './htcds/extensions';

/** States of the NRM path of a case. */
export const NRM_STATES = ['referred', 'under_assessment', 'rg_negative', 'reconsideration', 'reflection', 'cg_negative', 'assistance', 'closed', 'referred_on'] as const;
export type NrmState = (typeof NRM_STATES)[number];

/** Who may take a transition, relative to the case. */
export type Taker = 'authority' | 'team' | 'partner' | 'referrer';

/** One step of the NRM path: from which states, to which state, who takes it. */
export interface TransitionSpec {
  from: readonly NrmState[];
  /** Target state; `decide` transitions pick it from the outcome. */
  to?: NrmState;
  takers: readonly Taker[];
  /** Needs an outcome (Positive/Negative) and written reasons. */
  decision?: boolean;
  /** Needs a reason code from the named list. */
  reasonList?: 'closure' | 'extension';
}

/** The NRM state machine. Every transition is recorded with who, when and why. */
export const TRANSITIONS = {
  start_assessment: { from: ['referred'], to: 'under_assessment', takers: ['authority', 'team'] },
  rg_decision: { from: ['referred', 'under_assessment'], takers: ['authority'], decision: true },
  request_reconsideration: { from: ['rg_negative', 'cg_negative'], to: 'reconsideration', takers: ['team', 'partner', 'referrer'] },
  reconsideration_decision: { from: ['reconsideration'], takers: ['authority'], decision: true },
  extend_reflection: { from: ['reflection'], to: 'reflection', takers: ['authority'], reasonList: 'extension' },
  cg_decision: { from: ['reflection'], takers: ['authority'], decision: true },
  close: { from: ['assistance', 'rg_negative', 'cg_negative'], to: 'closed', takers: ['team'], reasonList: 'closure' },
  refer_on: { from: ['assistance'], to: 'referred_on', takers: ['team'] },
} as const satisfies Record<string, TransitionSpec>;
export type TransitionName = keyof typeof TRANSITIONS;
export const TRANSITION_NAMES = Object.keys(TRANSITIONS) as TransitionName[];

/** Transitions available from a state (before checking who the actor is). */
export function transitionsFrom(state: NrmState): TransitionName[] {
  return TRANSITION_NAMES.filter((t) => (TRANSITIONS[t].from as readonly NrmState[]).includes(state));
}

/** Reasons to close a case; exported to HTCDS as cas_ReasonForCaseClosure (text) with cas_Status Closed. */
export const CLOSURE_REASONS = ['support_completed', 'person_declined_support', 'lost_contact', 'returned_home', 'moved_away', 'not_a_victim', 'deceased', 'other'] as const;
/** Reasons to extend the recovery and reflection period (CoE Convention art. 13). */
export const EXTENSION_REASONS = ['health', 'safety', 'intimidation', 'other'] as const;
/** Services a case can be referred for and that are recorded as given. */
export const SERVICE_TYPES = ['shelter', 'medical', 'psychological', 'legal', 'interpretation', 'return_reintegration', 'compensation_claim', 'education', 'livelihood', 'other'] as const;
export const SERVICE_OUTCOMES = ['provided', 'ongoing', 'declined_by_person', 'not_available'] as const;
export const DECLINE_REASONS = ['no_capacity', 'not_in_mandate', 'not_eligible', 'other'] as const;
/** Links of a case to justice, and their outcomes. */
export const JUSTICE_KINDS = ['criminal_proceeding', 'witness_protection', 'legal_aid', 'compensation_claim'] as const;
export const JUSTICE_STATUSES = ['pending', 'ongoing', 'granted', 'refused', 'conviction', 'acquittal', 'dropped', 'awarded', 'paid', 'rejected'] as const;
/** The decision taken on an offence committed under compulsion (non-punishment principle). */
export const NON_PUNISHMENT_DECISIONS = ['pending', 'not_prosecuted', 'charges_dropped', 'acquitted', 'convicted_mitigated', 'convicted', 'record_expunged'] as const;
export const RESIDENCE_PERMIT_STATUSES = ['not_needed', 'not_applied', 'applied', 'temporary_granted', 'permanent_granted', 'refused'] as const;
export const RETURN_RISK_LEVELS = ['low', 'medium', 'high'] as const;
export const RETURN_STATUSES = ['planned', 'completed', 'cancelled'] as const;
export const ATTACHMENT_KINDS = ['identity_document', 'medical_letter', 'other'] as const;
export const ATTACHMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
/** Largest attachment accepted, in bytes. */
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;

/** Consent the person gave, each a separate choice. */
export interface CaseConsent {
  /** To be referred to other organisations for services. */
  referral: boolean;
  /** That partners receiving a referral see their name, birth date and contacts. */
  shareIdentity: boolean;
  /** To be counted (coded, non-identifying) in statistics. */
  statistics: boolean;
}

/** CTDC age groups (`ageBroad`), plus 'unknown'. */
export const AGE_GROUPS = ['0-8', '9-17', '18-20', '21-23', '24-26', '27-29', '30-38', '39-47', '48+', 'unknown'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

/** The CTDC age group of an age in years. */
export function ageGroupOf(age: number | undefined | null): AgeGroup {
  if (age === undefined || age === null || !Number.isFinite(age) || age < 0) return 'unknown';
  if (age <= 8) return '0-8';
  if (age <= 17) return '9-17';
  if (age <= 20) return '18-20';
  if (age <= 23) return '21-23';
  if (age <= 26) return '24-26';
  if (age <= 29) return '27-29';
  if (age <= 38) return '30-38';
  if (age <= 47) return '39-47';
  return '48+';
}

/** The Jisr NRM status (HTCDS extension) of a state, for export. */
export const STATE_TO_NRM_STATUS: Readonly<Record<NrmState, NrmStatus>> = {
  referred: 'UnderAssessment',
  under_assessment: 'UnderAssessment',
  rg_negative: 'ReasonableGroundsNegative',
  reconsideration: 'UnderReview',
  reflection: 'RecoveryAndReflection',
  cg_negative: 'ConclusiveGroundsNegative',
  assistance: 'Assistance',
  closed: 'Closed',
  referred_on: 'ReferredOn',
};

/** The state of an imported case from its Jisr NRM status. */
export const NRM_STATUS_TO_STATE: Readonly<Record<NrmStatus, NrmState>> = {
  UnderAssessment: 'under_assessment',
  ReasonableGroundsPositive: 'reflection',
  ReasonableGroundsNegative: 'rg_negative',
  UnderReview: 'reconsideration',
  RecoveryAndReflection: 'reflection',
  ConclusiveGroundsPositive: 'assistance',
  ConclusiveGroundsNegative: 'cg_negative',
  Assistance: 'assistance',
  Closed: 'closed',
  ReferredOn: 'referred_on',
  SentAbroad: 'referred_on',
};

/** Country defaults (overridable in settings `nrm.reflection_days`, `nrm.rg_working_days`). */
export const NRM_DEFAULTS = { reflectionDays: 30, rgWorkingDays: 5, cgDaysAfterReflection: 0, followUpDays: 30 } as const;
