/**
 * Jisr's explicit extensions to HTCDS 2.0, and their lossless mapping to and from the standard.
 *
 * What HTCDS 2.0 already has (so Jisr does NOT extend it): ForcedBegging, ForcedMarriage and
 * OrganRemoval are values of vic_TypeOfExploitation in the standard.
 *
 * What Jisr adds:
 * - Exploitation type `ForcedCriminality` (forced criminal activity: theft, drug cultivation or
 *   dealing, fraud…), which HTCDS has no value for. On export it becomes `Other`.
 * - NRM data: the NRM status of the case, reasonable/conclusive-grounds decisions and deadlines.
 *   HTCDS has no place for them beyond vic_TraffickingStatus.
 *
 * Mapping back (`toHtcds`): extension values are replaced by `Other` in the standard field, and the
 * exact Jisr data is kept in one extra case comment (cco) whose text is readable by a person and ends
 * with a machine-readable marker line `<<jisr-ext:v1>>{json}`. Any HTCDS system keeps comments, so
 * the detail survives; `fromHtcds` finds that comment, restores the values and removes it.
 */
import type { CcoRecord, HtcdsBundle, VicRecord } from './types';
import type { TraffickingStatus, TypeOfExploitation } from './value-sets';
import { VIC_TYPE_OF_EXPLOITATION } from './value-sets';

/** Exploitation types Jisr records beyond HTCDS 2.0. */
export const JISR_EXPLOITATION_TYPES = ['ForcedCriminality'] as const;
export type JisrExploitationType = (typeof JISR_EXPLOITATION_TYPES)[number];

/** The HTCDS value each Jisr exploitation type is exported as. */
export const JISR_EXPLOITATION_TO_HTCDS: Readonly<Record<JisrExploitationType, TypeOfExploitation>> = {
  ForcedCriminality: 'Other',
};

/** NRM status of a case (DESIGN.md: the path of a person through the system). */
export const NRM_STATUSES = [
  'UnderAssessment',
  'ReasonableGroundsPositive',
  'ReasonableGroundsNegative',
  'UnderReview',
  'RecoveryAndReflection',
  'ConclusiveGroundsPositive',
  'ConclusiveGroundsNegative',
  'Assistance',
  'Closed',
  'ReferredOn',
  'SentAbroad',
] as const;
export type NrmStatus = (typeof NRM_STATUSES)[number];

/** Kinds of NRM decision. */
export const NRM_DECISION_KINDS = ['ReasonableGrounds', 'ConclusiveGrounds', 'Review'] as const;
export type NrmDecisionKind = (typeof NRM_DECISION_KINDS)[number];

/** Outcomes of an NRM decision. */
export const NRM_DECISION_OUTCOMES = ['Positive', 'Negative'] as const;
export type NrmDecisionOutcome = (typeof NRM_DECISION_OUTCOMES)[number];

/** Kinds of NRM deadline. */
export const NRM_DEADLINE_KINDS = [
  'ReasonableGroundsDecision',
  'RecoveryAndReflectionEnd',
  'ConclusiveGroundsDecision',
  'SupportPlanReview',
  'Other',
] as const;
export type NrmDeadlineKind = (typeof NRM_DEADLINE_KINDS)[number];

/** A reasonable-grounds, conclusive-grounds or review decision. */
export interface NrmDecision {
  kind: NrmDecisionKind;
  outcome: NrmDecisionOutcome;
  /** `YYYY-MM-DD`. */
  date: string;
  /** `org_Id` of the deciding organisation, when known. */
  decidedBy?: string;
}

/** A deadline running on the case. */
export interface NrmDeadline {
  kind: NrmDeadlineKind;
  /** `YYYY-MM-DD`. */
  dueDate: string;
  /** `YYYY-MM-DD`, when met. */
  metDate?: string;
}

/** Jisr data that HTCDS has no field for. */
export interface JisrExtension {
  nrmStatus?: NrmStatus;
  decisions?: NrmDecision[];
  deadlines?: NrmDeadline[];
}

/** Marker that starts the machine-readable part of the extension comment. */
export const JISR_EXTENSION_MARKER = '<<jisr-ext:v1>>';

interface ExtensionPayload {
  /** Original vic_TypeOfExploitation lists, by vic_Id, where they held extension values. */
  vic?: Record<string, string[]>;
  jisr?: JisrExtension;
}

/** True when the value is one of Jisr's extension exploitation types. */
export function isJisrExploitationType(value: string): value is JisrExploitationType {
  return (JISR_EXPLOITATION_TYPES as readonly string[]).includes(value);
}

/** Maps a Jisr exploitation list to HTCDS values only; order kept, duplicates removed. */
export function exploitationToHtcds(values: readonly string[]): TypeOfExploitation[] {
  const out: TypeOfExploitation[] = [];
  for (const v of values) {
    const mapped = isJisrExploitationType(v) ? JISR_EXPLOITATION_TO_HTCDS[v] : (v as TypeOfExploitation);
    if (!out.includes(mapped)) out.push(mapped);
  }
  return out;
}

/**
 * The HTCDS trafficking status implied by an NRM status: a positive conclusive-grounds decision
 * makes an actual victim, a negative RG or CG decision "not a victim", everything else "possible".
 */
export function traffickingStatusFromNrm(status: NrmStatus): TraffickingStatus {
  if (status === 'ConclusiveGroundsPositive' || status === 'Assistance') return 'ActualVictimOfTrafficking';
  if (status === 'ReasonableGroundsNegative' || status === 'ConclusiveGroundsNegative') return 'NotAVictimOfTrafficking';
  return 'PossibleVictimOfTrafficking';
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** The id of the extension comment of a case. */
export function extensionCommentId(caseId: string): string {
  return `jisr-ext-${caseId}`;
}

function describe(payload: ExtensionPayload): string {
  const lines = ['Jisr data beyond HTCDS 2.0, kept for a lossless exchange (the HTCDS fields hold the standard mapping).'];
  for (const [vicId, values] of Object.entries(payload.vic ?? {})) {
    const ext = values.filter(isJisrExploitationType);
    lines.push(`vic_TypeOfExploitation of ${vicId}: Other = ${ext.join(', ')}.`);
  }
  const j = payload.jisr;
  if (j?.nrmStatus) lines.push(`NRM status: ${j.nrmStatus}.`);
  for (const d of j?.decisions ?? []) lines.push(`NRM decision: ${d.kind} ${d.outcome} on ${d.date}.`);
  for (const d of j?.deadlines ?? []) lines.push(`NRM deadline: ${d.kind} due ${d.dueDate}${d.metDate ? `, met ${d.metDate}` : ''}.`);
  return lines.join('\n');
}

/**
 * Maps a Jisr bundle to pure HTCDS: no `jisr` property and only HTCDS values in
 * vic_TypeOfExploitation. Everything removed is kept in one appended case comment, so
 * `fromHtcds(toHtcds(b))` deep-equals `b`. The input is not modified.
 */
export function toHtcds(bundle: HtcdsBundle): HtcdsBundle {
  const payload: ExtensionPayload = {};
  const vic: VicRecord[] = bundle.vic.map((v) => {
    const list = v.vic_TypeOfExploitation;
    if (!list || !list.some(isJisrExploitationType)) return v;
    payload.vic = { ...(payload.vic ?? {}), [v.vic_Id]: [...list] };
    return { ...v, vic_TypeOfExploitation: exploitationToHtcds(list) };
  });
  if (bundle.jisr !== undefined) payload.jisr = bundle.jisr;
  const { jisr: _omit, ...rest } = bundle;
  void _omit;
  if (payload.vic === undefined && payload.jisr === undefined) return { ...rest, vic };
  const comment: CcoRecord = {
    cco_Id: extensionCommentId(bundle.cas.cas_Id),
    cco_CaseId: bundle.cas.cas_Id,
    cco_CaseComment: `${describe(payload)}\n${JISR_EXTENSION_MARKER}${JSON.stringify(payload)}`,
  };
  return { ...rest, vic, cco: [...bundle.cco, comment] };
}

function parsePayload(text: string | undefined): ExtensionPayload | undefined {
  if (!text) return undefined;
  const at = text.lastIndexOf(JISR_EXTENSION_MARKER);
  if (at < 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(text.slice(at + JISR_EXTENSION_MARKER.length));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    return parsed as ExtensionPayload;
  } catch {
    return undefined;
  }
}

/**
 * Restores Jisr extensions from an HTCDS bundle written by `toHtcds`: removes the extension
 * comment, puts back extension exploitation types (only where the HTCDS list still matches what was
 * exported, so edits made elsewhere win) and sets `jisr`. Bundles without the comment are returned
 * unchanged. The input is not modified.
 */
export function fromHtcds(bundle: HtcdsBundle): HtcdsBundle {
  const id = extensionCommentId(bundle.cas.cas_Id);
  const index = bundle.cco.findIndex((c) => c.cco_Id === id);
  const payload = index < 0 ? undefined : parsePayload(bundle.cco[index].cco_CaseComment);
  if (!payload) return bundle;
  const vic = bundle.vic.map((v) => {
    const original = payload.vic?.[v.vic_Id];
    if (!original || !sameList(exploitationToHtcds(original), v.vic_TypeOfExploitation)) return v;
    const known = original.filter((x) => isJisrExploitationType(x) || (VIC_TYPE_OF_EXPLOITATION as readonly string[]).includes(x));
    return { ...v, vic_TypeOfExploitation: known as VicRecord['vic_TypeOfExploitation'] };
  });
  const cco = bundle.cco.filter((_, i) => i !== index);
  const out: HtcdsBundle = { ...bundle, vic, cco };
  if (payload.jisr !== undefined) out.jisr = payload.jisr;
  return out;
}
