/**
 * The NRM state machine as a pure function: given a case's state, a transition and its input,
 * the next state, the deadlines it sets and the HTCDS status it implies. No database, no HTTP.
 */
import {
  CLOSURE_REASONS, EXTENSION_REASONS, NRM_DEFAULTS, TRANSITIONS,
  type NrmState, type TransitionName,
} from '../../../common/cases';

/** Country configuration of the NRM (settings table, with defaults). */
export interface NrmSettings {
  /** Length of the recovery and reflection period in days (CoE Convention art. 13: at least 30). */
  reflectionDays: number;
  /** Working days within which the reasonable-grounds decision is due (UK guidance: 5). */
  rgWorkingDays: number;
  /** Days of the week (0 = Sunday … 6 = Saturday) that are not working days. */
  weekendDays: number[];
  /** Days after the conclusive-grounds decision when the first follow-up is due. */
  followUpDays: number;
}

export const DEFAULT_NRM_SETTINGS: NrmSettings = {
  reflectionDays: NRM_DEFAULTS.reflectionDays,
  rgWorkingDays: NRM_DEFAULTS.rgWorkingDays,
  weekendDays: [0, 6],
  followUpDays: NRM_DEFAULTS.followUpDays,
};

/** `YYYY-MM-DD` of a date (UTC). */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Adds calendar days to a `YYYY-MM-DD` date. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return isoDay(d);
}

/** Adds working days to a `YYYY-MM-DD` date, skipping the weekend days. */
export function addWorkingDays(day: string, n: number, weekendDays: readonly number[]): string {
  const d = new Date(`${day}T00:00:00Z`);
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (!weekendDays.includes(d.getUTCDay())) left -= 1;
  }
  return isoDay(d);
}

/** What a transition asks for. */
export interface TransitionInput {
  outcome?: 'positive' | 'negative';
  reasons?: string;
  reasonCode?: string;
  days?: number;
}

/** The current NRM data of a case that transitions read. */
export interface NrmCaseState {
  state: NrmState;
  reconsiderationOf: 'rg' | 'cg' | null;
  reflectionEnds: string | null;
}

/** The result of a transition: the columns to write. */
export interface TransitionResult {
  to: NrmState;
  patch: {
    nrm_state: NrmState;
    reconsideration_of?: 'rg' | 'cg' | null;
    rg_due?: string | null;
    reflection_ends?: string | null;
    cg_due?: string | null;
    follow_up_due?: string | null;
    trafficking_status?: string;
    htcds_status?: 'Active' | 'FollowUp' | 'Closed' | 'ClosedReferred';
    closed_at?: Date | null;
  };
  /** The decision recorded, for the timeline and the HTCDS extension. */
  decision?: { kind: 'ReasonableGrounds' | 'ConclusiveGrounds' | 'Review'; outcome: 'Positive' | 'Negative' };
}

/** A transition that cannot be taken, with the error code to report. */
export class TransitionError extends Error {
  constructor(readonly code: 'cases.transition_not_allowed' | 'cases.outcome_required' | 'cases.reasons_required' | 'cases.reason_code_required' | 'cases.days_required') {
    super(code);
  }
}

/** The first deadlines of a newly referred case. */
export function initialDeadlines(today: string, s: NrmSettings): { rg_due: string } {
  return { rg_due: addWorkingDays(today, s.rgWorkingDays, s.weekendDays) };
}

function reflection(today: string, s: NrmSettings) {
  const ends = addDays(today, s.reflectionDays);
  return { reflection_ends: ends, cg_due: ends, rg_due: null };
}

/**
 * Applies a transition. Throws TransitionError when the case is not in a state the transition
 * starts from, or when the input lacks what the step requires (an outcome and written reasons for
 * a decision, a reason code for closing or extending, a number of days for an extension).
 */
export function applyTransition(c: NrmCaseState, name: TransitionName, input: TransitionInput, today: string, s: NrmSettings): TransitionResult {
  const spec = TRANSITIONS[name];
  if (!(spec.from as readonly NrmState[]).includes(c.state)) throw new TransitionError('cases.transition_not_allowed');
  const decision = 'decision' in spec && spec.decision;
  if (decision) {
    if (input.outcome !== 'positive' && input.outcome !== 'negative') throw new TransitionError('cases.outcome_required');
    if (!input.reasons || input.reasons.trim().length === 0) throw new TransitionError('cases.reasons_required');
  }
  const positive = input.outcome === 'positive';
  const outcome = positive ? 'Positive' : 'Negative';
  switch (name) {
    case 'start_assessment':
      return { to: 'under_assessment', patch: { nrm_state: 'under_assessment' } };
    case 'rg_decision':
      return positive
        ? { to: 'reflection', patch: { nrm_state: 'reflection', ...reflection(today, s), trafficking_status: 'PossibleVictimOfTrafficking' }, decision: { kind: 'ReasonableGrounds', outcome } }
        : { to: 'rg_negative', patch: { nrm_state: 'rg_negative', rg_due: null, trafficking_status: 'NotAVictimOfTrafficking' }, decision: { kind: 'ReasonableGrounds', outcome } };
    case 'request_reconsideration':
      if (!input.reasons || input.reasons.trim().length === 0) throw new TransitionError('cases.reasons_required');
      return { to: 'reconsideration', patch: { nrm_state: 'reconsideration', reconsideration_of: c.state === 'rg_negative' ? 'rg' : 'cg' } };
    case 'reconsideration_decision': {
      const of = c.reconsiderationOf ?? 'rg';
      if (!positive) {
        const back = of === 'rg' ? 'rg_negative' : 'cg_negative';
        return { to: back, patch: { nrm_state: back, reconsideration_of: null }, decision: { kind: 'Review', outcome } };
      }
      if (of === 'rg') {
        return { to: 'reflection', patch: { nrm_state: 'reflection', reconsideration_of: null, ...reflection(today, s), trafficking_status: 'PossibleVictimOfTrafficking' }, decision: { kind: 'Review', outcome } };
      }
      return { to: 'assistance', patch: { nrm_state: 'assistance', reconsideration_of: null, cg_due: null, follow_up_due: addDays(today, s.followUpDays), trafficking_status: 'ActualVictimOfTrafficking' }, decision: { kind: 'Review', outcome } };
    }
    case 'extend_reflection': {
      if (!input.reasonCode || !(EXTENSION_REASONS as readonly string[]).includes(input.reasonCode)) throw new TransitionError('cases.reason_code_required');
      if (!input.days || !Number.isInteger(input.days) || input.days < 1 || input.days > 365) throw new TransitionError('cases.days_required');
      const ends = addDays(c.reflectionEnds ?? today, input.days);
      return { to: 'reflection', patch: { nrm_state: 'reflection', reflection_ends: ends, cg_due: ends } };
    }
    case 'cg_decision':
      return positive
        ? { to: 'assistance', patch: { nrm_state: 'assistance', reflection_ends: null, cg_due: null, follow_up_due: addDays(today, s.followUpDays), trafficking_status: 'ActualVictimOfTrafficking' }, decision: { kind: 'ConclusiveGrounds', outcome } }
        : { to: 'cg_negative', patch: { nrm_state: 'cg_negative', reflection_ends: null, cg_due: null, trafficking_status: 'NotAVictimOfTrafficking' }, decision: { kind: 'ConclusiveGrounds', outcome } };
    case 'close':
      if (!input.reasonCode || !(CLOSURE_REASONS as readonly string[]).includes(input.reasonCode)) throw new TransitionError('cases.reason_code_required');
      return { to: 'closed', patch: { nrm_state: 'closed', htcds_status: 'Closed', follow_up_due: null, rg_due: null, reflection_ends: null, cg_due: null, closed_at: new Date() } };
    case 'refer_on':
      return { to: 'referred_on', patch: { nrm_state: 'referred_on', htcds_status: 'ClosedReferred', follow_up_due: null, closed_at: new Date() } };
  }
}
