import type { Actor } from '../auth/policy';
import type { CaseRow } from './cases.repository';
import type { CaseView } from './cases.service';
import { casesPolicy, seesIdentity, visibleSections } from './cases.policy';
import { allowedTransitions } from './nrm.service';
import { PERSON_SECRET_FIELDS, victimOf } from './case-mapping';
import type { ReferralView } from '../referrals/referrals.service';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** A case in a list: reference, codes, deadlines, and the name only where the actor may see it. */
export function presentCaseSummary(r: CaseRow & { displayName: string | null }) {
  return {
    id: r.id,
    reference: r.reference,
    displayName: r.displayName,
    state: r.nrm_state,
    htcdsStatus: r.htcds_status,
    ownerOrg: { id: r.owner_org_id, name: r.owner_org_name ?? '' },
    sex: r.sex,
    ageGroup: r.age_group,
    citizenship: r.citizenship,
    exploitationTypes: r.exploitation_types,
    isChild: r.is_child,
    openedAt: iso(r.opened_at),
    deadlines: { rgDue: r.rg_due, reflectionEnds: r.reflection_ends, cgDue: r.cg_due, followUpDue: r.follow_up_due },
  };
}

/** A referral as its parties see it. */
export function presentReferral(r: ReferralView) {
  return {
    id: r.id,
    caseId: r.case_id,
    caseReference: r.case_reference,
    fromOrg: { id: r.from_org_id, name: r.from_org_name },
    toOrg: { id: r.to_org_id, name: r.to_org_name },
    services: r.services,
    status: r.status,
    note: r.note,
    declineReason: r.decline_reason,
    declineNote: r.declineNote,
    createdBy: r.created_by_name,
    createdAt: iso(r.created_at),
    decidedAt: iso(r.decided_at),
    summary: { sex: r.sex, ageGroup: r.age_group, exploitationTypes: r.exploitation_types, isChild: r.is_child, state: r.nrm_state },
    mine: r.mine,
  };
}

/**
 * A case page: only the sections the actor's relationship allows (team and authority: all;
 * partner: person as consent allows, victim context, support and own services; referrer: NRM
 * progress), with the actions the actor may take so the client hides the rest.
 */
export function presentCase(actor: Actor, v: CaseView, referrals: ReferralView[]) {
  const sections = visibleSections(v.access);
  const has = (s: (typeof sections)[number]) => sections.includes(s);
  const identity = seesIdentity(v.access);
  const person: Record<string, unknown> = has('person') ? { ...v.row.person_coded } : {};
  if (has('person') && identity) Object.assign(person, v.person);
  if (has('person') && !identity) for (const f of PERSON_SECRET_FIELDS) delete person[f];
  const records = (kind: string) => v.records.filter((r) => r.kind === kind).map((r) => ({
    id: r.id, ...r.coded, ...r.secret, org: r.org_id ? { id: r.org_id, name: r.org_name } : null, createdAt: iso(r.created_at), own: r.org_id === actor.orgId,
  }));
  const can = (action: string) => casesPolicy.can(actor, action, 'Case', v.access);
  const row = v.row;
  return {
    id: row.id,
    reference: row.reference,
    relation: v.access.relation,
    sections,
    state: row.nrm_state,
    reconsiderationOf: row.reconsideration_of,
    htcdsStatus: row.htcds_status,
    closureReason: row.closure_reason,
    traffickingStatus: row.trafficking_status,
    isChild: row.is_child,
    ownerOrg: { id: row.owner_org_id, name: row.owner_org_name ?? '' },
    openedAt: iso(row.opened_at),
    closedAt: iso(row.closed_at),
    deadlines: { rgDue: row.rg_due, reflectionEnds: row.reflection_ends, cgDue: row.cg_due, followUpDue: row.follow_up_due },
    consent: row.consent,
    identityShared: identity,
    person: has('person') ? person : null,
    victim: has('victim') ? victimOf(row) : null,
    countryOfExploitation: has('victim') ? row.country_of_exploitation : null,
    details: has('victim') && (v.access.relation === 'team' || v.access.relation === 'authority') ? v.details : null,
    residencePermit: has('justice') ? { status: row.residence_permit, until: row.residence_permit_until } : null,
    perpetrators: has('perpetrators') ? records('perpetrator') : null,
    events: has('events') ? records('event') : null,
    supportPlans: has('support') ? records('support_plan') : null,
    services: has('support') ? records('service') : null,
    justice: has('justice') ? records('justice') : null,
    nonPunishment: has('justice') ? records('non_punishment') : null,
    returns: has('return') ? records('return') : null,
    comments: has('comments') ? records('comment') : null,
    attachments: has('attachments') ? v.attachments.map((a) => ({ id: a.id, kind: a.kind, mime: a.mime, size: a.size_bytes, fileName: a.name, createdAt: iso(a.created_at) })) : null,
    team: has('team') ? v.team.map((m) => ({ userId: m.user_id, displayName: m.display_name, org: { id: m.org_id, name: m.org_name }, partner: m.referral_id !== null })) : null,
    referrals: has('referrals') ? referrals.map(presentReferral) : null,
    duplicates: v.duplicates,
    timeline: v.events.map((e) => ({
      id: e.id, at: iso(e.at), action: e.action, fromState: e.from_state, toState: e.to_state,
      actor: e.actor_name, actorOrg: e.actor_org_name, details: e.details, reason: e.reason,
      toOrg: typeof e.details?.toOrgId === 'string' ? { id: e.details.toOrgId, name: e.to_org_name ?? '' } : null,
    })),
    nrmReferral: v.nrmReferral
      ? {
        id: v.nrmReferral.id, fromOrg: v.nrmReferral.fromOrg, createdAt: iso(v.nrmReferral.createdAt), recommendation: v.nrmReferral.recommendation,
        nonPunishment: v.nrmReferral.nonPunishment, assessment: v.nrmReferral.explained?.assessment ?? null, questions: v.nrmReferral.explained?.questions ?? {},
      }
      : null,
    can: {
      update: can('update'),
      manageTeam: can('manage_team'),
      recordService: can('record_service'),
      attach: can('attach'),
      refer: can('refer'),
      consent: can('consent'),
      transitions: allowedTransitions(actor, row, v.access),
    },
  };
}
