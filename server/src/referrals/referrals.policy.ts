import { definePolicy, type Actor } from '../auth/policy';

/** A referral between organisations as far as the policy needs to know it. */
export interface ReferralRecord {
  fromOrgId: string;
  toOrgId: string;
  status: 'pending' | 'accepted' | 'declined' | 'revoked';
  /** The actor is on the owner team of the referred case. */
  senderTeam: boolean;
}

/**
 * Referrals between organisations. A caseworker on the owner team of a case refers it (checked on
 * the case by the cases policy) and may revoke a referral still pending; caseworkers of the
 * receiving organisation see it and accept or decline it while it is pending.
 */
export const referralsPolicy = definePolicy()
  .allow(['caseworker'], 'list', 'Referral')
  .allow(['caseworker'], 'create', 'Referral')
  .allow<ReferralRecord>(['caseworker'], 'read', 'Referral', (a: Actor, r) => r.toOrgId === a.orgId || r.senderTeam)
  .allow<ReferralRecord>(['caseworker'], 'answer', 'Referral', (a: Actor, r) => r.toOrgId === a.orgId && r.status === 'pending')
  .allow<ReferralRecord>(['caseworker'], 'revoke', 'Referral', (_a: Actor, r) => r.senderTeam && r.status === 'pending');
