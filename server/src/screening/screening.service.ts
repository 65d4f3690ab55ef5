/**
 * Screening use cases (issue "Identify"): draft, answer, complete with an explained
 * assessment, refer with consent (or notify the national referral authority anonymously),
 * and the receiving organisation's view of its referrals. No SQL, no HTTP. Every read and
 * write of a screening or referral is audited in the transaction of the change.
 */
import crypto from 'node:crypto';
import type { Deps } from '../deps';
import type { Actor } from '../auth/policy';
import type { Queryable } from '../db/db';
import { AppError } from '../http/app-error';
import { appendAudit, type AuditEntry } from '../audit/audit.repository';
import { findOrg } from '../orgs/orgs.repository';
import { assess } from './assessment';
import { currentIndicatorSetVersion, getIndicatorSet, IndicatorSetError, type IndicatorBundle } from './indicator-set';
import { childStatus, isInterviewComplete, type Answers } from './interview';
import { RECEIVING_ROLES, screeningPolicy, type NrmReferralRecord, type ScreeningRecord } from './screening.policy';
import * as repo from './screening.repository';
import type { ConsentRecord, NrmReferralView, ScreeningRow, StoredAnswers } from './screening.repository';

export interface Origin {
  ip: string;
}

/** The identifying details of the person, if the responder collects any (stored encrypted). */
export interface PersonDetails {
  name?: string;
  contact?: string;
  identityNumber?: string;
}

/** A screening with its decrypted parts, as far as the actor may see them. */
export interface ScreeningView {
  row: ScreeningRow;
  bundle: IndicatorBundle;
  notes: Record<string, string> | null;
  person: PersonDetails | null;
  referrals: NrmReferralView[];
  notification: { id: string; toOrgId: string; createdAt: Date; countInStatistics: boolean } | null;
  can: { answer: boolean; complete: boolean; refer: boolean };
}

/** A referral with its decrypted parts, as far as the actor may see them. */
export interface ReferralView {
  row: NrmReferralView;
  bundle: IndicatorBundle | null;
  identity: { person: PersonDetails | null; notes: Record<string, string> } | null;
  childViews: string | null;
  canDecline: boolean;
  canOpenCase: boolean;
}

const AAD = {
  notes: 'screenings.notes',
  person: 'screenings.person',
  identity: 'nrm_referrals.identity',
  childViews: 'nrm_referrals.child_views',
} as const;

function recordOf(row: ScreeningRow): ScreeningRecord {
  return { authorId: row.author_id, authorSupervisorId: row.author_supervisor_id, status: row.status, referredToOrgIds: row.referred_to_org_ids };
}

function referralRecordOf(row: NrmReferralView): NrmReferralRecord {
  return { toOrgId: row.to_org_id, createdBy: row.created_by, createdBySupervisorId: row.created_by_supervisor_id, status: row.status };
}

function audit(actor: Actor, origin: Origin, e: Pick<AuditEntry, 'action' | 'resourceType' | 'resourceId' | 'details'> & { outcome?: AuditEntry['outcome'] }): AuditEntry {
  return { actorUserId: actor.userId, actorOrgId: actor.orgId, ip: origin.ip, outcome: e.outcome ?? 'success', ...e };
}

function bundleOf(version: string): IndicatorBundle {
  try {
    return getIndicatorSet(version);
  } catch (err) {
    if (err instanceof IndicatorSetError) throw new AppError('screening.unknown_set_version', {}, 409);
    throw err;
  }
}

function decryptJson<T>(deps: Deps, token: string | null, aad: string): T | null {
  const plain = deps.cipher.decryptNullable(token, aad);
  return plain === null ? null : (JSON.parse(plain) as T);
}

function encryptJson(deps: Deps, value: object | null, aad: string): string | null {
  if (value === null || Object.keys(value).length === 0) return null;
  return deps.cipher.encrypt(JSON.stringify(value), aad);
}

/** Loads a screening and checks the action on it; a screening the actor may not see is "not found" (and the attempt is audited). */
async function loadScreening(deps: Deps, q: Queryable, actor: Actor, id: string, action: string, origin: Origin): Promise<ScreeningRow> {
  const row = await repo.findScreening(q, id);
  if (!row || !screeningPolicy.can(actor, 'read', 'Screening', recordOf(row))) {
    if (row) await deps.db.transaction((tx) => appendAudit(tx, [audit(actor, origin, { action: `screening.${action}`, resourceType: 'Screening', resourceId: id, outcome: 'denied' })]));
    throw new AppError('not_found');
  }
  if (action !== 'read' && !screeningPolicy.can(actor, action, 'Screening', recordOf(row))) {
    if (row.author_id !== actor.userId) throw new AppError('auth.forbidden');
    throw new AppError(action === 'refer' ? 'screening.not_completed' : 'screening.not_draft', {}, 409);
  }
  return row;
}

async function viewOf(deps: Deps, actor: Actor, row: ScreeningRow): Promise<ScreeningView> {
  const record = recordOf(row);
  const staff = row.author_id === actor.userId || row.author_supervisor_id === actor.userId;
  const referrals = await repo.listReferralsOfScreening(deps.db, row.id);
  // The receiving organisation sees notes and identity only with the person's consent to share them.
  const received = RECEIVING_ROLES.includes(actor.role) && referrals.find((r) => r.to_org_id === actor.orgId && r.status !== 'declined');
  const seesIdentity = staff || Boolean(received && received.consent.shareIdentity);
  const n = await repo.findNotificationOfScreening(deps.db, row.id);
  return {
    row,
    bundle: bundleOf(row.set_version),
    notes: seesIdentity ? (decryptJson<Record<string, string>>(deps, row.notes_enc, AAD.notes) ?? {}) : null,
    person: seesIdentity ? decryptJson<PersonDetails>(deps, row.person_enc, AAD.person) : null,
    referrals: staff ? referrals : referrals.filter((r) => r.to_org_id === actor.orgId),
    notification: n && staff ? { id: n.id, toOrgId: n.to_org_id, createdAt: n.created_at, countInStatistics: n.count_in_statistics } : null,
    can: {
      answer: screeningPolicy.can(actor, 'answer', 'Screening', record),
      complete: screeningPolicy.can(actor, 'complete', 'Screening', record),
      refer: screeningPolicy.can(actor, 'refer', 'Screening', record),
    },
  };
}

/** Starts a draft screening on the current indicator-set version; audited. */
export async function createScreening(deps: Deps, actor: Actor, input: { interviewLanguage: 'ar' | 'fr' | 'en' }, origin: Origin): Promise<ScreeningView> {
  const id = crypto.randomUUID();
  await deps.db.transaction(async (tx) => {
    await repo.insertScreening(tx, { id, orgId: actor.orgId, authorId: actor.userId, interviewLanguage: input.interviewLanguage, setVersion: currentIndicatorSetVersion() });
    await appendAudit(tx, [audit(actor, origin, { action: 'screening.create', resourceType: 'Screening', resourceId: id, details: { interviewLanguage: input.interviewLanguage } })]);
  });
  return viewOf(deps, actor, (await repo.findScreening(deps.db, id))!);
}

/** The screenings the actor may see (own and supervised; received ones only when asked); the listing is audited. */
export async function listScreenings(deps: Deps, actor: Actor, opts: { limit?: number }, origin: Origin): Promise<ScreeningRow[]> {
  return deps.db.transaction(async (tx) => {
    const rows = await repo.listVisibleScreenings(tx, actor, { includeReceived: false, limit: opts.limit ?? 100 });
    await appendAudit(tx, [audit(actor, origin, { action: 'screening.list', resourceType: 'Screening', details: { count: rows.length } })]);
    return rows;
  });
}

/** One screening, if the actor may see it; audited (denied attempts too). */
export async function getScreening(deps: Deps, actor: Actor, id: string, origin: Origin): Promise<ScreeningView> {
  const row = await loadScreening(deps, deps.db, actor, id, 'read', origin);
  const view = await viewOf(deps, actor, row);
  await deps.db.transaction((tx) => appendAudit(tx, [audit(actor, origin, { action: 'screening.read', resourceType: 'Screening', resourceId: id, details: { status: row.status, identity: view.notes !== null } })]));
  return view;
}

export interface UpdateInput {
  interviewLanguage?: 'ar' | 'fr' | 'en';
  answers?: Record<string, { value: 'yes' | 'no' | 'unsure' | 'refused'; choice?: string; note?: string } | null>;
  person?: PersonDetails;
  sex?: string | null;
  age?: number | null;
  citizenship?: string | null;
}

/**
 * Saves answers (merged by question id), notes and the person's details into a draft of the
 * actor's own. Guarantees: answers name questions of the screening's set version, choices
 * name an option; notes and identifying details are stored encrypted; the child status is
 * recomputed (known age first, then the age questions). Audited with question ids only.
 */
export async function updateScreening(deps: Deps, actor: Actor, id: string, input: UpdateInput, origin: Origin): Promise<ScreeningView> {
  const row = await loadScreening(deps, deps.db, actor, id, 'answer', origin);
  const bundle = bundleOf(row.set_version);
  const answers: StoredAnswers = { ...row.answers };
  const notes: Record<string, string> = decryptJson<Record<string, string>>(deps, row.notes_enc, AAD.notes) ?? {};
  for (const [qid, a] of Object.entries(input.answers ?? {})) {
    const question = bundle.questionById.get(qid);
    if (!question) throw new AppError('screening.unknown_question', { question: qid });
    if (a === null) {
      delete answers[qid];
      delete notes[qid];
      continue;
    }
    if (a.choice !== undefined) {
      if (question.kind !== 'choice' || !question.options?.some((o) => o.code === a.choice)) throw new AppError('screening.invalid_choice', { question: qid });
    }
    answers[qid] = a.choice !== undefined ? { value: a.value, choice: a.choice } : { value: a.value };
    if (a.note !== undefined) {
      const note = a.note.trim();
      if (note) notes[qid] = note;
      else delete notes[qid];
    }
  }
  let person = decryptJson<PersonDetails>(deps, row.person_enc, AAD.person) ?? {};
  if (input.person) {
    person = { ...person, ...input.person };
    for (const k of Object.keys(person) as Array<keyof PersonDetails>) if (!person[k]?.trim()) delete person[k];
  }
  const age = input.age !== undefined ? input.age : row.age;
  const status = childStatus({ age: age ?? undefined, answers: answers as Answers });
  await deps.db.transaction(async (tx) => {
    await repo.updateScreeningInterview(tx, id, {
      answers,
      notesEnc: encryptJson(deps, notes, AAD.notes),
      personEnc: encryptJson(deps, person, AAD.person),
      sex: input.sex !== undefined ? input.sex : row.sex,
      age,
      citizenship: input.citizenship !== undefined ? input.citizenship : row.citizenship,
      isChild: status.isChild,
      childBasis: status.basis,
      interviewLanguage: input.interviewLanguage ?? row.interview_language,
    });
    await appendAudit(tx, [audit(actor, origin, {
      action: 'screening.update', resourceType: 'Screening', resourceId: id,
      details: { questions: Object.keys(input.answers ?? {}), person: input.person !== undefined },
    })]);
  });
  return viewOf(deps, actor, (await repo.findScreening(deps.db, id))!);
}

/**
 * Completes the interview and stores its explained assessment, computed with the screening's
 * own set version so it can be reproduced later. Refused when visible questions are unanswered.
 */
export async function completeScreening(deps: Deps, actor: Actor, id: string, origin: Origin): Promise<ScreeningView> {
  const row = await loadScreening(deps, deps.db, actor, id, 'complete', origin);
  const bundle = bundleOf(row.set_version);
  const answers = row.answers as Answers;
  if (!isInterviewComplete(bundle, answers, { isChild: row.is_child })) throw new AppError('screening.incomplete');
  const assessment = assess({ answers, isChild: row.is_child, setVersion: row.set_version });
  await deps.db.transaction(async (tx) => {
    const done = await repo.completeScreening(tx, id, {
      assessment,
      recommendation: assessment.recommendation,
      forms: assessment.forms.map((f) => f.form),
      nonPunishment: assessment.nonPunishmentNotice,
    });
    if (!done) throw new AppError('screening.not_draft', {}, 409);
    await appendAudit(tx, [audit(actor, origin, {
      action: 'screening.complete', resourceType: 'Screening', resourceId: id,
      details: { recommendation: assessment.recommendation, setVersion: row.set_version, nonPunishment: assessment.nonPunishmentNotice },
    })]);
  });
  return viewOf(deps, actor, (await repo.findScreening(deps.db, id))!);
}

/**
 * Refers the person of a completed screening to a receiving organisation (the national
 * referral authority or an NGO), carrying the assessment. An adult must consent to the
 * referral; a child is referred without consent, recording instead the child's views
 * (encrypted) and who was present. Identifying data travels, encrypted, only with consent.
 */
export async function referScreening(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { toOrgId: string; consent: { referral: boolean; shareIdentity: boolean; statistics: boolean }; childViews?: string; guardianPresent?: ConsentRecord['guardianPresent'] },
  origin: Origin,
): Promise<ScreeningView> {
  const row = await loadScreening(deps, deps.db, actor, id, 'refer', origin);
  const to = await findOrg(deps.db, input.toOrgId);
  if (!to || (to.org_type !== 'nra' && to.org_type !== 'ngo')) throw new AppError('screening.invalid_receiver');
  const consent: ConsentRecord = { ...input.consent };
  if (row.is_child) {
    if (!input.guardianPresent) throw new AppError('screening.child_guardian_required');
    consent.guardianPresent = input.guardianPresent;
    consent.childViews = input.childViews?.trim() ? 'recorded' : 'not_expressed';
  } else if (!input.consent.referral) {
    throw new AppError('screening.consent_required');
  }
  let identityEnc: string | null = null;
  if (consent.shareIdentity) {
    const person = decryptJson<PersonDetails>(deps, row.person_enc, AAD.person);
    const notes = decryptJson<Record<string, string>>(deps, row.notes_enc, AAD.notes) ?? {};
    identityEnc = deps.cipher.encrypt(JSON.stringify({ person, notes, sex: row.sex, age: row.age, citizenship: row.citizenship }), AAD.identity);
  }
  const referralId = crypto.randomUUID();
  await deps.db.transaction(async (tx) => {
    if (!(await repo.setScreeningStatus(tx, id, 'completed', 'referred', consent))) throw new AppError('screening.not_completed', {}, 409);
    await repo.insertNrmReferral(tx, {
      id: referralId, screeningId: id, fromOrgId: row.org_id, toOrgId: to.id, createdBy: actor.userId, isChild: row.is_child,
      consent, assessment: row.assessment!, recommendation: row.recommendation!, forms: row.forms ?? [], nonPunishment: row.non_punishment ?? false,
      identityEnc, childViewsEnc: row.is_child ? deps.cipher.encryptNullable(input.childViews?.trim(), AAD.childViews) : null,
      interviewLanguage: row.interview_language, setVersion: row.set_version,
    });
    await appendAudit(tx, [audit(actor, origin, {
      action: 'nrm_referral.create', resourceType: 'NrmReferral', resourceId: referralId,
      details: { screeningId: id, toOrgId: to.id, isChild: row.is_child, shareIdentity: consent.shareIdentity, statistics: consent.statistics },
    })]);
  });
  return viewOf(deps, actor, (await repo.findScreening(deps.db, id))!);
}

/** CTDC "ageBroad" bands: coded, non-identifying. */
export function ageGroupOf(age: number | null): string | null {
  if (age === null) return null;
  const bands: Array<[number, string]> = [[8, '0-8'], [17, '9-17'], [20, '18-20'], [23, '21-23'], [26, '24-26'], [29, '27-29'], [38, '30-38'], [47, '39-47']];
  for (const [max, label] of bands) if (age <= max) return label;
  return '48+';
}

/**
 * An adult declined referral: sends the national referral authority an anonymous
 * notification (codes only: forms, recommendation, sex, age group, citizenship) so the
 * country counts every presumed victim. Not for a child (a child is referred) nor when the
 * assessment found no indication.
 */
export async function notifyAnonymously(deps: Deps, actor: Actor, id: string, input: { consent: { referral: boolean; shareIdentity: boolean; statistics: boolean } }, origin: Origin): Promise<ScreeningView> {
  const row = await loadScreening(deps, deps.db, actor, id, 'refer', origin);
  if (row.is_child) throw new AppError('screening.child_must_be_referred');
  if (row.recommendation === 'no_indication') throw new AppError('screening.no_indication');
  const nra = await repo.findNationalReferralAuthority(deps.db);
  if (!nra) throw new AppError('screening.no_nra', {}, 409);
  const consent: ConsentRecord = { referral: false, shareIdentity: false, statistics: input.consent.statistics };
  const notificationId = crypto.randomUUID();
  await deps.db.transaction(async (tx) => {
    if (!(await repo.setScreeningStatus(tx, id, 'completed', 'notified', consent))) throw new AppError('screening.not_completed', {}, 409);
    await repo.insertAnonymousNotification(tx, {
      id: notificationId, screeningId: id, fromOrgId: row.org_id, toOrgId: nra.id, isChild: false, forms: row.forms ?? [],
      recommendation: row.recommendation!, sex: row.sex, ageGroup: ageGroupOf(row.age), citizenship: row.citizenship, countInStatistics: consent.statistics,
    });
    await appendAudit(tx, [audit(actor, origin, {
      action: 'anonymous_notification.create', resourceType: 'AnonymousNotification', resourceId: notificationId,
      details: { screeningId: id, toOrgId: nra.id, statistics: consent.statistics },
    })]);
  });
  return viewOf(deps, actor, (await repo.findScreening(deps.db, id))!);
}

/** The referrals received by the actor's organisation (coordinators and caseworkers); audited. */
export async function listIncomingReferrals(deps: Deps, actor: Actor, opts: { status?: string; limit?: number }, origin: Origin): Promise<NrmReferralView[]> {
  return deps.db.transaction(async (tx) => {
    const rows = await repo.listIncomingReferrals(tx, actor.orgId, opts.status, opts.limit ?? 100);
    await appendAudit(tx, [audit(actor, origin, { action: 'nrm_referral.list', resourceType: 'NrmReferral', details: { count: rows.length } })]);
    return rows;
  });
}

async function loadReferral(deps: Deps, actor: Actor, id: string, action: string, origin: Origin): Promise<NrmReferralView> {
  const row = await repo.findNrmReferral(deps.db, id);
  if (!row || !screeningPolicy.can(actor, 'read', 'NrmReferral', referralRecordOf(row))) {
    if (row) await deps.db.transaction((tx) => appendAudit(tx, [audit(actor, origin, { action: `nrm_referral.${action}`, resourceType: 'NrmReferral', resourceId: id, outcome: 'denied' })]));
    throw new AppError('not_found');
  }
  return row;
}

/** One referral with the assessment, and the identity and child's views when the actor received it and consent allows; audited. */
export async function getReferral(deps: Deps, actor: Actor, id: string, origin: Origin): Promise<ReferralView> {
  const row = await loadReferral(deps, actor, id, 'read', origin);
  const receiver = RECEIVING_ROLES.includes(actor.role) && row.to_org_id === actor.orgId;
  const identity = receiver && row.consent.shareIdentity
    ? decryptJson<{ person: PersonDetails | null; notes: Record<string, string> }>(deps, row.identity_enc, AAD.identity)
    : null;
  const childViews = receiver || row.created_by === actor.userId ? deps.cipher.decryptNullable(row.child_views_enc, AAD.childViews) : null;
  await deps.db.transaction((tx) => appendAudit(tx, [audit(actor, origin, {
    action: 'nrm_referral.read', resourceType: 'NrmReferral', resourceId: id, details: { screeningId: row.screening_id, identity: identity !== null },
  })]));
  let bundle: IndicatorBundle | null = null;
  try {
    bundle = row.set_version ? getIndicatorSet(row.set_version) : null;
  } catch {
    bundle = null;
  }
  const record = referralRecordOf(row);
  return {
    row, bundle, identity, childViews,
    canDecline: screeningPolicy.can(actor, 'decline', 'NrmReferral', record),
    canOpenCase: receiver && row.status === 'pending',
  };
}

/** Declines a pending referral with a coded reason; the screening goes back to its author as completed so they can refer elsewhere. Audited. */
export async function declineReferral(deps: Deps, actor: Actor, id: string, reason: string, origin: Origin): Promise<ReferralView> {
  const row = await loadReferral(deps, actor, id, 'decline', origin);
  if (!screeningPolicy.can(actor, 'decline', 'NrmReferral', referralRecordOf(row))) {
    if (row.to_org_id !== actor.orgId) throw new AppError('auth.forbidden');
    throw new AppError('nrm_referral.not_pending', {}, 409);
  }
  await deps.db.transaction(async (tx) => {
    if (!(await repo.declineNrmReferral(tx, id, actor.userId, reason))) throw new AppError('nrm_referral.not_pending', {}, 409);
    await repo.setScreeningStatus(tx, row.screening_id, 'referred', 'completed');
    await appendAudit(tx, [audit(actor, origin, { action: 'nrm_referral.decline', resourceType: 'NrmReferral', resourceId: id, details: { reason, screeningId: row.screening_id } })]);
  });
  return getReferral(deps, actor, id, origin);
}

/**
 * The anonymous notifications the referral authority received (adults who declined referral):
 * codes only, so the country counts every presumed victim. Coordinators of the authority only; audited.
 */
export async function listAnonymousNotifications(deps: Deps, actor: Actor, limit: number, origin: Origin): Promise<repo.AnonymousNotificationRow[]> {
  if (!screeningPolicy.can(actor, 'list', 'AnonymousNotification', { toOrgId: actor.orgId })) throw new AppError('auth.forbidden');
  return deps.db.transaction(async (tx) => {
    const rows = await repo.listAnonymousNotifications(tx, actor.orgId, limit);
    await appendAudit(tx, [audit(actor, origin, { action: 'anonymous_notification.list', resourceType: 'AnonymousNotification', details: { count: rows.length } })]);
    return rows;
  });
}
