import crypto from 'node:crypto';
import type { Deps } from '../deps';
import type { Actor } from '../auth/policy';
import { AppError } from '../http/app-error';
import { appendAudit } from '../audit/audit.repository';
import { findOrg } from '../orgs/orgs.repository';
import { loadCase, type Origin } from '../cases/cases.service';
import * as casesRepo from '../cases/cases.repository';
import { AAD } from '../cases/cases.crypto';
import { referralsPolicy, type ReferralRecord } from './referrals.policy';
import * as repo from './referrals.repository';

async function senderTeam(deps: Deps, actor: Actor, caseId: string): Promise<boolean> {
  const { rows } = await deps.db.query(
    `SELECT 1 FROM case_team t JOIN cases c ON c.id = t.case_id WHERE t.case_id = $1 AND t.user_id = $2 AND t.removed_at IS NULL AND t.referral_id IS NULL AND t.org_id = c.owner_org_id`,
    [caseId, actor.userId],
  );
  return rows.length > 0 && actor.role === 'caseworker';
}

function recordOf(r: repo.ReferralRow, team: boolean): ReferralRecord {
  return { fromOrgId: r.from_org_id, toOrgId: r.to_org_id, status: r.status, senderTeam: team };
}

/** Loads a referral the actor may see (receiver or sender team), else not_found. */
async function loadReferral(deps: Deps, actor: Actor, id: string): Promise<{ r: repo.ReferralRow; rec: ReferralRecord }> {
  const r = await repo.findReferral(deps.db, id);
  if (!r) throw new AppError('not_found');
  const rec = recordOf(r, await senderTeam(deps, actor, r.case_id));
  if (!referralsPolicy.can(actor, 'read', 'Referral', rec)) throw new AppError('not_found');
  return { r, rec };
}

/**
 * Refers a case to another organisation for named services. Only the owner team, only with the
 * person's referral consent, never to the own organisation. Receiving caseworkers are notified. Audited.
 */
export async function createReferral(deps: Deps, actor: Actor, caseId: string, input: { toOrgId: string; services: string[]; note?: string }, origin: Origin): Promise<string> {
  const { row } = await loadCase(deps, actor, caseId, 'refer');
  if (row.consent?.referral !== true) throw new AppError('referrals.no_consent', {}, 409);
  if (input.toOrgId === actor.orgId) throw new AppError('referrals.same_org', {}, 400);
  const to = await findOrg(deps.db, input.toOrgId);
  if (!to) throw new AppError('referrals.unknown_org', {}, 400);
  const id = crypto.randomUUID();
  await deps.db.transaction(async (tx) => {
    await repo.insertReferral(tx, { id, caseId, fromOrgId: actor.orgId, toOrgId: to.id, services: input.services, noteEnc: input.note ? deps.cipher.encrypt(input.note, AAD.referralNote) : null, createdBy: actor.userId });
    await casesRepo.logCaseEvent(tx, { caseId, actor, action: 'referral.sent', details: { referralId: id, toOrgId: to.id, services: input.services } });
    for (const userId of await repo.caseworkersOf(tx, to.id)) {
      await casesRepo.insertNotification(tx, { id: crypto.randomUUID(), userId, caseId: null, kind: 'referral_received', params: { referralId: id, reference: row.reference }, dedupeKey: `referral:${id}` });
    }
    await appendAudit(tx, [{ actorUserId: actor.userId, actorOrgId: actor.orgId, action: 'referral.create', resourceType: 'Referral', resourceId: id, outcome: 'success', ip: origin.ip, details: { caseId, toOrgId: to.id, services: input.services } }]);
  });
  return id;
}

/**
 * Answers a pending referral addressed to the actor's organisation. On acceptance the actor joins
 * the case as a partner (seeing what the person's consent allows); a decline carries a reason.
 * The sender team is notified. Audited.
 */
export async function answerReferral(deps: Deps, actor: Actor, id: string, answer: { accept: boolean; reason?: string; note?: string }, origin: Origin): Promise<void> {
  const { r, rec } = await loadReferral(deps, actor, id);
  if (!referralsPolicy.can(actor, 'answer', 'Referral', rec)) throw new AppError(r.status !== 'pending' ? 'conflict' : 'auth.forbidden');
  if (!answer.accept && !answer.reason) throw new AppError('referrals.reason_required', {}, 400);
  await deps.db.transaction(async (tx) => {
    const ok = await repo.decideReferral(tx, id, answer.accept ? 'accepted' : 'declined', actor.userId, answer.accept ? null : answer.reason ?? null, !answer.accept && answer.note ? deps.cipher.encrypt(answer.note, AAD.declineNote) : null);
    if (!ok) throw new AppError('conflict');
    if (answer.accept) await casesRepo.addTeamMember(tx, { caseId: r.case_id, userId: actor.userId, orgId: actor.orgId, referralId: id, addedBy: actor.userId });
    await casesRepo.logCaseEvent(tx, { caseId: r.case_id, actor, action: answer.accept ? 'referral.accepted' : 'referral.declined', details: { referralId: id, reason: answer.reason ?? null } });
    for (const userId of await casesRepo.ownerTeamUserIds(tx, r.case_id)) {
      await casesRepo.insertNotification(tx, { id: crypto.randomUUID(), userId, caseId: r.case_id, kind: answer.accept ? 'referral_accepted' : 'referral_declined', params: { reference: r.case_reference, org: r.to_org_name }, dedupeKey: `referral-answer:${id}` });
    }
    await appendAudit(tx, [{ actorUserId: actor.userId, actorOrgId: actor.orgId, action: answer.accept ? 'referral.accept' : 'referral.decline', resourceType: 'Referral', resourceId: id, outcome: 'success', ip: origin.ip, details: { caseId: r.case_id, reason: answer.reason ?? null } }]);
  });
}

/** The sender team revokes a referral still pending. Audited. */
export async function revokeReferral(deps: Deps, actor: Actor, id: string, origin: Origin): Promise<void> {
  const { r, rec } = await loadReferral(deps, actor, id);
  if (!referralsPolicy.can(actor, 'revoke', 'Referral', rec)) throw new AppError(r.status !== 'pending' ? 'conflict' : 'auth.forbidden');
  await deps.db.transaction(async (tx) => {
    if (!(await repo.decideReferral(tx, id, 'revoked', actor.userId, null, null))) throw new AppError('conflict');
    await casesRepo.logCaseEvent(tx, { caseId: r.case_id, actor, action: 'referral.revoked', details: { referralId: id } });
    await appendAudit(tx, [{ actorUserId: actor.userId, actorOrgId: actor.orgId, action: 'referral.revoke', resourceType: 'Referral', resourceId: id, outcome: 'success', ip: origin.ip, details: { caseId: r.case_id } }]);
  });
}

/** A referral with its note decrypted for the parties. */
export type ReferralView = repo.ReferralRow & { note: string | null; declineNote: string | null; mine: boolean };

/** Decrypts the notes of referrals the actor may see. */
export function viewOf(deps: Deps, actor: Actor, r: repo.ReferralRow): ReferralView {
  return {
    ...r,
    note: r.note_enc ? deps.cipher.decrypt(r.note_enc, AAD.referralNote) : null,
    declineNote: r.decline_note_enc ? deps.cipher.decrypt(r.decline_note_enc, AAD.declineNote) : null,
    mine: r.from_org_id === actor.orgId,
  };
}

/** The referral inbox: received by the actor's organisation, and pending ones sent by the actor's teams. */
export async function inbox(deps: Deps, actor: Actor, status?: string): Promise<{ incoming: ReferralView[]; sent: ReferralView[] }> {
  if (!referralsPolicy.permits(actor, 'list', 'Referral')) throw new AppError('auth.forbidden');
  const [incoming, sent] = await Promise.all([repo.listIncoming(deps.db, actor.orgId, status), repo.listSentPending(deps.db, actor.userId)]);
  return { incoming: incoming.map((r) => viewOf(deps, actor, r)), sent: sent.map((r) => viewOf(deps, actor, r)) };
}

/** Referrals of a case the actor reads (partners see only their own organisation's). */
export async function referralsOfCase(deps: Deps, actor: Actor, caseId: string, relation: string): Promise<ReferralView[]> {
  const rows = await repo.listReferralsOfCase(deps.db, caseId);
  return rows.filter((r) => relation === 'team' || relation === 'authority' || r.to_org_id === actor.orgId).map((r) => viewOf(deps, actor, r));
}
