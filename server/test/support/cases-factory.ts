import crypto from 'node:crypto';
import type { TestApp } from './test-app';

/** Factory: a completed screening and a pending NRM referral from a responder's organisation to `toOrgId` (as the screening capability writes it). */
export async function makeNrmReferral(
  t: TestApp,
  opts: { createdByEmail: string; toOrgId: string; name?: string; shareIdentity?: boolean; forms?: string[] },
): Promise<string> {
  const { rows } = await t.db.query<{ id: string; org_id: string }>('SELECT id, org_id FROM users WHERE email = $1', [opts.createdByEmail]);
  const author = rows[0];
  const screeningId = crypto.randomUUID();
  const id = crypto.randomUUID();
  const consent = { referral: true, shareIdentity: opts.shareIdentity ?? true, statistics: true };
  await t.db.query(
    `INSERT INTO screenings (id, org_id, author_id, status, interview_language, set_version, sex, age, citizenship, is_child, recommendation, forms, non_punishment, consent, completed_at)
     VALUES ($1, $2, $3, 'referred', 'en', 'test', 'female', 24, 'NG', false, 'refer_presumed_victim', $4, false, $5, now())`,
    [screeningId, author.org_id, author.id, opts.forms ?? ['sexual-exploitation'], JSON.stringify(consent)],
  );
  const identity = { person: { name: opts.name ?? 'Blessing Okafor', contact: '+234 800 000 0000' }, notes: {}, sex: 'female', age: 24, citizenship: 'NG' };
  await t.db.query(
    `INSERT INTO nrm_referrals (id, screening_id, from_org_id, to_org_id, created_by, is_child, consent, assessment, recommendation, forms, non_punishment, identity_enc)
     VALUES ($1, $2, $3, $4, $5, false, $6, '{}'::jsonb, 'refer_presumed_victim', $7, false, $8)`,
    [id, screeningId, author.org_id, opts.toOrgId, author.id, JSON.stringify(consent), opts.forms ?? ['sexual-exploitation'],
      t.deps.cipher.encrypt(JSON.stringify(identity), 'nrm_referrals.identity')],
  );
  return id;
}

/** A minimal new-case body. */
export function caseBody(over: { first?: string; second?: string; birthdate?: string; citizenship?: string; consent?: Partial<{ referral: boolean; shareIdentity: boolean; statistics: boolean }> } = {}) {
  return {
    person: {
      prs_FirstName: over.first ?? 'Amina',
      prs_SecondName: over.second ?? 'Haddad',
      prs_Birthdate: over.birthdate ?? '1999-04-12',
      prs_Gender: 'Feminine',
      prs_Citizenship: [over.citizenship ?? 'SY'],
      prs_MobilePhone: '+000 555 0100',
    },
    victim: { vic_TypeOfExploitation: ['ForcedLabour', 'ForcedCriminality'], vic_ForcedLabourIndustry: 'T_ActivitiesOfHouseholdsAsEmployers', vic_MethodsOfControl: ['WithholdsDocuments'] },
    consent: { referral: true, shareIdentity: false, statistics: true, ...over.consent },
    countryOfExploitation: 'LB',
    details: { vic_DetailsOfVulnerabilities: 'Passport kept by the employer' },
  };
}
