import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/policy';
import type { Role } from '../../../common/roles';
import { screeningPolicy, seesReferralIdentity, type NrmReferralRecord, type ScreeningRecord } from './screening.policy';

const ORG = { police: 'org-police', ngo: 'org-ngo', other: 'org-other' };
const actor = (userId: string, role: Role, orgId: string): Actor => ({ userId, role, orgId, orgType: 'police', locale: 'en' });

const author = actor('u-author', 'responder', ORG.police);
const supervisor = actor('u-super', 'responder', ORG.police);
const peer = actor('u-peer', 'responder', ORG.police);
const receiver = actor('u-cw', 'caseworker', ORG.ngo);
const receiverCoordinator = actor('u-co', 'coordinator', ORG.ngo);
const receiverAdmin = actor('u-adm', 'admin', ORG.ngo);
const otherNgo = actor('u-cw2', 'caseworker', ORG.other);
const analyst = actor('u-an', 'analyst', ORG.ngo);

const screening = (status: ScreeningRecord['status'], referredToOrgIds: string[] = []): ScreeningRecord => ({
  authorId: author.userId, authorSupervisorId: supervisor.userId, status, referredToOrgIds,
});

describe('screening policy (permission matrix)', () => {
  it.each([
    ['author', author, true, true],
    ['author’s supervisor', supervisor, true, true],
    ['other responder of the same organisation', peer, false, false],
    ['receiving caseworker', receiver, false, true],
    ['receiving coordinator', receiverCoordinator, false, true],
    ['receiving admin', receiverAdmin, false, false],
    ['caseworker of an unrelated NGO', otherNgo, false, false],
    ['analyst', analyst, false, false],
  ] as const)('read: %s — before referral %s, after %s', (_who, a, before, after) => {
    expect(screeningPolicy.can(a, 'read', 'Screening', screening('completed'))).toBe(before);
    expect(screeningPolicy.can(a, 'read', 'Screening', screening('referred', [ORG.ngo]))).toBe(after);
  });

  it('only the author answers a draft, completes it, and refers a completed screening', () => {
    for (const a of [supervisor, peer, receiver, receiverAdmin]) {
      expect(screeningPolicy.can(a, 'answer', 'Screening', screening('draft'))).toBe(false);
      expect(screeningPolicy.can(a, 'refer', 'Screening', screening('completed'))).toBe(false);
    }
    expect(screeningPolicy.can(author, 'answer', 'Screening', screening('draft'))).toBe(true);
    expect(screeningPolicy.can(author, 'answer', 'Screening', screening('completed'))).toBe(false);
    expect(screeningPolicy.can(author, 'complete', 'Screening', screening('draft'))).toBe(true);
    expect(screeningPolicy.can(author, 'refer', 'Screening', screening('completed'))).toBe(true);
    expect(screeningPolicy.can(author, 'refer', 'Screening', screening('referred', [ORG.ngo]))).toBe(false);
  });

  it('referrals: the receiving organisation’s coordinators and caseworkers decline pending ones; identity only with consent', () => {
    const r: NrmReferralRecord = { toOrgId: ORG.ngo, createdBy: author.userId, createdBySupervisorId: supervisor.userId, status: 'pending' };
    expect(screeningPolicy.can(receiver, 'decline', 'NrmReferral', r)).toBe(true);
    expect(screeningPolicy.can(receiver, 'decline', 'NrmReferral', { ...r, status: 'accepted' })).toBe(false);
    expect(screeningPolicy.can(otherNgo, 'decline', 'NrmReferral', r)).toBe(false);
    expect(screeningPolicy.can(receiverAdmin, 'read', 'NrmReferral', r)).toBe(false);
    expect(screeningPolicy.can(author, 'read', 'NrmReferral', r)).toBe(true);
    expect(screeningPolicy.can(supervisor, 'read', 'NrmReferral', r)).toBe(true);
    expect(screeningPolicy.can(peer, 'read', 'NrmReferral', r)).toBe(false);
    expect(seesReferralIdentity(receiver, { ...r, shareIdentity: true })).toBe(true);
    expect(seesReferralIdentity(receiver, { ...r, shareIdentity: false })).toBe(false);
    expect(seesReferralIdentity(author, { ...r, shareIdentity: true })).toBe(false);
  });

  it('coarse permissions: who screens, who receives, who reads indicator sets', () => {
    expect(screeningPolicy.permits(author, 'create', 'Screening')).toBe(true);
    expect(screeningPolicy.permits(analyst, 'create', 'Screening')).toBe(false);
    expect(screeningPolicy.permits(receiverAdmin, 'create', 'Screening')).toBe(false);
    expect(screeningPolicy.permits(receiver, 'list', 'NrmReferral')).toBe(true);
    expect(screeningPolicy.permits(author, 'list', 'NrmReferral')).toBe(false);
    expect(screeningPolicy.permits(receiverAdmin, 'read', 'IndicatorSet')).toBe(true);
    expect(screeningPolicy.permits(author, 'read', 'IndicatorSet')).toBe(false);
  });
});
