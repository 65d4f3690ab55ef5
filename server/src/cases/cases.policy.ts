import { definePolicy, type Actor } from '../auth/policy';
import { TRANSITIONS, TRANSITION_NAMES, type Taker } from '../../../common/cases';

/**
 * How the actor stands to a case. `team`: on the owning organisation's case team. `partner`: on
 * the team of an organisation with an accepted referral while the person's referral consent
 * stands. `authority`: a coordinator of the national referral authority (NRM decisions).
 * `referrer`: the first responder who referred the person. `none`: anyone else, including
 * colleagues of the team who are not on it, analysts and admins.
 */
export type CaseRelation = 'team' | 'authority' | 'partner' | 'referrer' | 'none';

/** What the policy looks at about a case. */
export interface CaseAccess {
  relation: CaseRelation;
  consent: { referral?: boolean; shareIdentity?: boolean; statistics?: boolean };
}

/** The sections of a case page. */
export const CASE_SECTIONS = ['person', 'victim', 'perpetrators', 'events', 'support', 'justice', 'return', 'attachments', 'comments', 'timeline', 'referrals', 'team'] as const;
export type CaseSection = (typeof CASE_SECTIONS)[number];

const is = (...relations: CaseRelation[]) => (_actor: Actor, c: CaseAccess) => relations.includes(c.relation);

/**
 * Need-to-know on cases. Caseworkers read and work on cases of their case teams; partners through
 * an accepted referral read what consent allows and record services; coordinators of the national
 * referral authority read cases and take NRM decisions; responders read the NRM progress of the
 * cases they referred and may ask for reconsideration. Analysts and admins never see a case.
 */
export const casesPolicy = definePolicy()
  .allow(['caseworker', 'coordinator', 'responder'], 'list', 'Case')
  .allow(['caseworker'], 'create', 'Case')
  .allow(['caseworker', 'admin'], 'import', 'Case')
  .allow<CaseAccess>(['caseworker'], 'read', 'Case', is('team', 'partner'))
  .allow<CaseAccess>(['coordinator'], 'read', 'Case', is('authority'))
  .allow<CaseAccess>(['responder'], 'read', 'Case', is('referrer'))
  .allow<CaseAccess>(['caseworker'], 'update', 'Case', is('team'))
  .allow<CaseAccess>(['caseworker'], 'manage_team', 'Case', is('team'))
  .allow<CaseAccess>(['caseworker'], 'record_service', 'Case', is('team', 'partner'))
  .allow<CaseAccess>(['caseworker'], 'attach', 'Case', is('team'))
  .allow<CaseAccess>(['caseworker'], 'refer', 'Case', is('team'))
  .allow<CaseAccess>(['caseworker'], 'consent', 'Case', is('team'))
  .allow(['caseworker', 'coordinator', 'responder'], 'transition', 'Case')
  .allow(['caseworker', 'coordinator', 'responder'], 'read', 'MyWork')
  .allow(['admin'], 'configure', 'Nrm', (actor: Actor) => actor.orgType === 'nra')
  .allow(['admin', 'coordinator', 'caseworker', 'responder'], 'read', 'NrmSettings');

const TAKER_ROLE: Record<Taker, { role: Actor['role']; relation: CaseRelation }> = {
  authority: { role: 'coordinator', relation: 'authority' },
  team: { role: 'caseworker', relation: 'team' },
  partner: { role: 'caseworker', relation: 'partner' },
  referrer: { role: 'responder', relation: 'referrer' },
};

for (const name of TRANSITION_NAMES) {
  for (const taker of TRANSITIONS[name].takers as readonly Taker[]) {
    const { role, relation } = TAKER_ROLE[taker];
    casesPolicy.allow<CaseAccess>([role], `transition:${name}`, 'Case', is(relation));
  }
}

/** The sections of a case an actor with this relation sees (the presenter redacts the rest). */
export function visibleSections(access: CaseAccess): CaseSection[] {
  switch (access.relation) {
    case 'team':
    case 'authority':
      return [...CASE_SECTIONS];
    case 'partner':
      return ['person', 'victim', 'support', 'timeline', 'referrals', 'team'];
    case 'referrer':
      return ['timeline'];
    default:
      return [];
  }
}

/** True when the actor may see the person's identity (names, birth date, contacts, identity number). */
export function seesIdentity(access: CaseAccess): boolean {
  if (access.relation === 'team' || access.relation === 'authority') return true;
  return access.relation === 'partner' && access.consent.shareIdentity === true;
}
