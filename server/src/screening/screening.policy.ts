import { definePolicy } from '../auth/policy';
import type { Actor } from '../auth/policy';
import type { Role } from '../../../common/roles';

/** A screening as far as the policy needs to know it. */
export interface ScreeningRecord {
  authorId: string;
  /** The supervisor (users.supervisor_id) of the author, if any. */
  authorSupervisorId: string | null;
  status: 'draft' | 'completed' | 'referred' | 'notified';
  /** Organisations that received a (not declined) NRM referral carrying this screening. */
  referredToOrgIds: string[];
}

/** An NRM referral as far as the policy needs to know it. */
export interface NrmReferralRecord {
  toOrgId: string;
  createdBy: string;
  createdBySupervisorId: string | null;
  status: 'pending' | 'accepted' | 'declined';
}

/** Roles that screen people: first responders, and staff of NGOs and the referral authority. */
export const SCREENING_ROLES: readonly Role[] = ['responder', 'caseworker', 'coordinator'];
/** Roles of a receiving organisation that see referred persons (its admins do not see personal data). */
export const RECEIVING_ROLES: readonly Role[] = ['coordinator', 'caseworker'];

const isAuthor = (actor: Actor, s: ScreeningRecord) => s.authorId === actor.userId;
const isSupervisor = (actor: Actor, s: ScreeningRecord) => s.authorSupervisorId !== null && s.authorSupervisorId === actor.userId;
const receivedIt = (actor: Actor, s: ScreeningRecord) => s.referredToOrgIds.includes(actor.orgId);

/**
 * Screening (issue "Identify"). A screening is visible only to its author, the author's
 * supervisor and, once referred, the coordinators and caseworkers of the receiving
 * organisation. Only the author changes it, and answers only while it is a draft.
 * Indicator sets (questions, no personal data) are readable by admins and coordinators.
 */
export const screeningPolicy = definePolicy()
  .allow<ScreeningRecord>(SCREENING_ROLES, 'create', 'Screening')
  .allow<ScreeningRecord>(SCREENING_ROLES, 'list', 'Screening')
  .allow<ScreeningRecord>(SCREENING_ROLES, 'read', 'Screening', (a, s) => isAuthor(a, s) || isSupervisor(a, s) || (RECEIVING_ROLES.includes(a.role) && receivedIt(a, s)))
  .allow<ScreeningRecord>(SCREENING_ROLES, 'answer', 'Screening', (a, s) => isAuthor(a, s) && s.status === 'draft')
  .allow<ScreeningRecord>(SCREENING_ROLES, 'complete', 'Screening', (a, s) => isAuthor(a, s) && s.status === 'draft')
  .allow<ScreeningRecord>(SCREENING_ROLES, 'refer', 'Screening', (a, s) => isAuthor(a, s) && s.status === 'completed')
  .allow<NrmReferralRecord>(RECEIVING_ROLES, 'list', 'NrmReferral')
  .allow<NrmReferralRecord>(SCREENING_ROLES, 'read', 'NrmReferral', (a, r) =>
    (RECEIVING_ROLES.includes(a.role) && r.toOrgId === a.orgId) || r.createdBy === a.userId || r.createdBySupervisorId === a.userId)
  .allow<NrmReferralRecord>(RECEIVING_ROLES, 'decline', 'NrmReferral', (a, r) => r.toOrgId === a.orgId && r.status === 'pending')
  .allow(['admin', 'coordinator'], 'read', 'IndicatorSet')
  // Anonymous notifications carry codes only; the referral authority's coordinators count and follow them.
  .allow<{ toOrgId: string }>(['coordinator'], 'list', 'AnonymousNotification', (a, n) => a.orgType === 'nra' && n.toOrgId === a.orgId);

/** True when the actor may see the identifying data of a referral they received (consent to share given). */
export function seesReferralIdentity(actor: Actor, r: NrmReferralRecord & { shareIdentity: boolean }): boolean {
  return r.shareIdentity && RECEIVING_ROLES.includes(actor.role) && r.toOrgId === actor.orgId;
}
