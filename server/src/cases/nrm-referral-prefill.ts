import type { Deps } from '../deps';
import type { Actor } from '../auth/policy';
import { AppError } from '../http/app-error';
import { appendAudit } from '../audit/audit.repository';
import { casesPolicy } from './cases.policy';
import { AAD } from './cases.crypto';
import { findNrmReferral } from '../screening/screening.repository';
import type { ExploitationType, Gender } from '../../../common/htcds';

/** Exploitation type of each screening form (indicator set) that can be in scope. */
const FORM_TO_EXPLOITATION: Record<string, ExploitationType> = {
  'forced-labour': 'ForcedLabour',
  'sexual-exploitation': 'SexualExploitation',
  'domestic-servitude': 'Servitude',
  'forced-begging': 'ForcedBegging',
  'forced-criminality': 'ForcedCriminality',
  'forced-marriage': 'ForcedMarriage',
  'organ-removal': 'OrganRemoval',
};
const SEX_TO_GENDER: Record<string, Gender> = { female: 'Feminine', male: 'Masculine', other: 'NonConforming', unknown: 'NonSpecifiedUnknown' };

/** What the new-case form is prefilled with from an NRM referral. */
export interface Prefill {
  referral: { id: string; fromOrg: string; createdAt: string; isChild: boolean; recommendation: string; nonPunishment: boolean; identityShared: boolean };
  person: Record<string, unknown>;
  victim: Record<string, unknown>;
  consent: { referral: boolean; shareIdentity: boolean; statistics: boolean };
  isChild: boolean;
}

/**
 * Prefills a new case from a pending NRM referral addressed to the actor's organisation: codes
 * always, the identity only when the person consented to share it. Audited.
 */
export async function prefillFromNrmReferral(deps: Deps, actor: Actor, id: string, origin: { ip: string }): Promise<Prefill> {
  if (!casesPolicy.permits(actor, 'create', 'Case')) throw new AppError('auth.forbidden');
  const r = await findNrmReferral(deps.db, id);
  if (!r || r.to_org_id !== actor.orgId) throw new AppError('not_found');
  if (r.status !== 'pending') throw new AppError('cases.referral_already_decided', {}, 409);
  const shared = r.consent?.shareIdentity === true && r.identity_enc
    ? (JSON.parse(deps.cipher.decrypt(r.identity_enc, AAD.nrmReferralIdentity)) as { person?: { name?: string; contact?: string; identityNumber?: string } | null; sex?: string | null; age?: number | null; citizenship?: string | null })
    : null;
  const person: Record<string, unknown> = {};
  const victim: Record<string, unknown> = {};
  if (shared?.person?.name) {
    const parts = shared.person.name.trim().split(/\s+/);
    person.prs_FirstName = parts[0];
    if (parts.length > 1) person.prs_SecondName = parts.slice(1).join(' ');
  }
  if (shared?.person?.contact) person[shared.person.contact.includes('@') ? 'prs_Email' : 'prs_MobilePhone'] = shared.person.contact;
  if (shared?.person?.identityNumber) person.prs_IdentityNumber = shared.person.identityNumber;
  const { rows } = await deps.db.query<{ sex: string | null; age: number | null; citizenship: string | null }>('SELECT sex, age, citizenship FROM screenings WHERE id = $1', [r.screening_id]);
  const s = rows[0];
  if (s?.sex && SEX_TO_GENDER[s.sex]) person.prs_Gender = SEX_TO_GENDER[s.sex];
  if (s?.citizenship) person.prs_Citizenship = [s.citizenship];
  if (typeof s?.age === 'number') victim.vic_AgeWhenTrafficked = s.age;
  const types = (r.forms ?? []).map((f) => FORM_TO_EXPLOITATION[f]).filter(Boolean);
  if (types.length) victim.vic_TypeOfExploitation = [...new Set(types)];
  victim.vic_TraffickingStatus = 'PossibleVictimOfTrafficking';
  await deps.db.transaction((tx) => appendAudit(tx, [{ actorUserId: actor.userId, actorOrgId: actor.orgId, action: 'nrm_referral.prefill', resourceType: 'NrmReferral', resourceId: id, outcome: 'success', ip: origin.ip, details: { identity: shared !== null } }]));
  return {
    referral: { id: r.id, fromOrg: r.from_org_name, createdAt: new Date(r.created_at).toISOString(), isChild: r.is_child, recommendation: r.recommendation, nonPunishment: r.non_punishment, identityShared: shared !== null },
    person,
    victim,
    consent: { referral: r.consent?.referral === true, shareIdentity: r.consent?.shareIdentity === true, statistics: r.consent?.statistics === true },
    isChild: r.is_child,
  };
}
