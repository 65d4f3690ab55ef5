/** What the screening API sends (server/src/screening/screening.presenter.ts). */
export type Lang = 'ar' | 'fr' | 'en';
export type Localized = Record<Lang, string>;
export type AnswerValue = 'yes' | 'no' | 'unsure' | 'refused';
export const ANSWER_VALUES: AnswerValue[] = ['yes', 'no', 'unsure', 'refused'];

export interface QuestionDto {
  id: string;
  setId: string;
  element: string;
  kind: 'yes_no' | 'choice';
  audience: 'person' | 'responder';
  identifying: boolean;
  form: string | null;
  dimension: string | null;
  strength: string | null;
  childStrength: string | null;
  text: Localized;
  help: Localized | null;
  options: Array<{ code: string; text: Localized }> | null;
  reference: string | null;
  showIf?: unknown;
}

export interface Supporting {
  questionId: string;
  value: AnswerValue;
  strength?: 'strong' | 'medium' | 'weak';
  dimension?: string;
  actType?: string;
  meansType?: string;
  form?: string;
}

export interface ElementResult {
  status: 'met' | 'not_met' | 'undetermined';
  required: boolean;
  basis: string[];
  supporting: Supporting[];
  uncertain: Supporting[];
  types: string[];
  dimensions: string[];
}

export interface Assessment {
  setVersion: string;
  profile: 'adult' | 'child';
  elements: Record<'act' | 'means' | 'purpose', ElementResult>;
  dimensions: Record<string, { dimension: string; present: boolean; rule: string | null; counts: { strong: number; medium: number; weak: number }; supporting: Supporting[]; uncertain: Supporting[] }>;
  iloCombination: { profile: 'adult' | 'child'; met: boolean; recruitment: boolean; exploitation: boolean; destination: boolean | null };
  forms: Array<{ form: string; status: 'likely' | 'possible'; rule: string | null; supporting: Supporting[]; uncertain: Supporting[]; subtypes: string[]; industry?: string }>;
  evidence: { yes: { strong: number; medium: number; weak: number }; unsure: number; refused: number; no: number; unanswered: number };
  nonPunishmentNotice: boolean;
  nonPunishmentBasis: Supporting[];
  recommendation: 'refer_presumed_victim' | 'refer_further_assessment' | 'no_indication';
  reasons: string[];
}

export interface ReferralSummary {
  id: string;
  screeningId: string;
  fromOrg: { id: string; name: string };
  toOrg: { id: string; name: string };
  status: 'pending' | 'accepted' | 'declined';
  isChild: boolean;
  recommendation: Assessment['recommendation'];
  forms: string[];
  nonPunishment: boolean;
  caseId: string | null;
  declineReason: string | null;
  decidedAt: string | null;
  createdAt: string;
}

export interface Consent {
  referral: boolean;
  shareIdentity: boolean;
  statistics: boolean;
  childViews?: 'recorded' | 'not_expressed';
  guardianPresent?: string;
}

export interface ScreeningDto {
  id: string;
  status: 'draft' | 'completed' | 'referred' | 'notified';
  interviewLanguage: Lang;
  setVersion: string;
  authorName: string;
  mine: boolean;
  isChild: boolean;
  childBasis: string;
  sex: string | null;
  age: number | null;
  citizenship: string | null;
  person: { name?: string; contact?: string; identityNumber?: string } | null;
  answers: Record<string, { value: AnswerValue; choice?: string; note?: string }>;
  sets: Array<{ id: string; version: string; title: Localized; intro: Localized | null }>;
  questions: QuestionDto[];
  nextQuestionId: string | null;
  complete: boolean;
  assessment: Assessment | null;
  consent: Consent | null;
  referrals: ReferralSummary[];
  notification: { id: string; createdAt: string; countInStatistics: boolean } | null;
  can: { answer: boolean; complete: boolean; refer: boolean };
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}

export interface ReferralDto extends ReferralSummary {
  consent: Consent;
  assessment: Assessment;
  questions: Record<string, QuestionDto>;
  identity: { person: { name?: string; contact?: string; identityNumber?: string } | null; notes: Record<string, string>; sex?: string | null; age?: number | null; citizenship?: string | null } | null;
  childViews: string | null;
  interviewLanguage: Lang | null;
  canDecline: boolean;
  canOpenCase: boolean;
}

export const NATIVE_LANGUAGE: Record<Lang, string> = { ar: 'العربية', fr: 'Français', en: 'English' };
export const dirOf = (l: string): 'rtl' | 'ltr' => (l === 'ar' ? 'rtl' : 'ltr');
