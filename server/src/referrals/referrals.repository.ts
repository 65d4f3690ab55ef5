import type { Queryable } from '../db/db';

export interface ReferralRow {
  id: string;
  case_id: string;
  case_reference: string;
  from_org_id: string;
  from_org_name: string;
  to_org_id: string;
  to_org_name: string;
  services: string[];
  status: 'pending' | 'accepted' | 'declined' | 'revoked';
  note_enc: string | null;
  decline_reason: string | null;
  decline_note_enc: string | null;
  created_by: string;
  created_by_name: string;
  created_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  /** Coded summary of the case for the receiver to decide (no identity). */
  sex: string | null;
  age_group: string;
  exploitation_types: string[];
  is_child: boolean;
  nrm_state: string;
}

const SELECT = `
  SELECT r.*, c.reference AS case_reference, fo.name AS from_org_name, tor.name AS to_org_name, u.display_name AS created_by_name,
         c.sex, c.age_group, c.exploitation_types, c.is_child, c.nrm_state
  FROM case_referrals r JOIN cases c ON c.id = r.case_id JOIN orgs fo ON fo.id = r.from_org_id JOIN orgs tor ON tor.id = r.to_org_id
  JOIN users u ON u.id = r.created_by`;

/** Inserts a pending referral. */
export async function insertReferral(q: Queryable, r: { id: string; caseId: string; fromOrgId: string; toOrgId: string; services: string[]; noteEnc: string | null; createdBy: string }): Promise<void> {
  await q.query(
    'INSERT INTO case_referrals (id, case_id, from_org_id, to_org_id, services, note_enc, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [r.id, r.caseId, r.fromOrgId, r.toOrgId, r.services, r.noteEnc, r.createdBy],
  );
}

/** One referral by id. */
export async function findReferral(q: Queryable, id: string): Promise<ReferralRow | undefined> {
  const { rows } = await q.query<ReferralRow>(`${SELECT} WHERE r.id = $1`, [id]);
  return rows[0];
}

/** Referrals of one case, oldest first. */
export async function listReferralsOfCase(q: Queryable, caseId: string): Promise<ReferralRow[]> {
  const { rows } = await q.query<ReferralRow>(`${SELECT} WHERE r.case_id = $1 ORDER BY r.created_at`, [caseId]);
  return rows;
}

/** Referrals received by an organisation (optionally of one status), newest first. */
export async function listIncoming(q: Queryable, orgId: string, status: string | undefined, limit = 200): Promise<ReferralRow[]> {
  const { rows } = await q.query<ReferralRow>(`${SELECT} WHERE r.to_org_id = $1 AND ($2::text IS NULL OR r.status = $2) ORDER BY r.created_at DESC LIMIT $3`, [orgId, status ?? null, limit]);
  return rows;
}

/** Pending referrals sent from cases whose owner team the user is on. */
export async function listSentPending(q: Queryable, userId: string): Promise<ReferralRow[]> {
  const { rows } = await q.query<ReferralRow>(
    `${SELECT} WHERE r.status = 'pending' AND EXISTS (SELECT 1 FROM case_team t WHERE t.case_id = r.case_id AND t.user_id = $1 AND t.removed_at IS NULL AND t.referral_id IS NULL)
     ORDER BY r.created_at DESC LIMIT 200`,
    [userId],
  );
  return rows;
}

/** Sets the answer of a pending referral; false when it was no longer pending. */
export async function decideReferral(q: Queryable, id: string, status: 'accepted' | 'declined' | 'revoked', by: string, reason: string | null, noteEnc: string | null): Promise<boolean> {
  const r = await q.query(
    `UPDATE case_referrals SET status = $2, decided_by = $3, decided_at = now(), decline_reason = $4, decline_note_enc = $5 WHERE id = $1 AND status = 'pending'`,
    [id, status, by, reason, noteEnc],
  );
  return r.rowCount === 1;
}

/** Caseworkers of an organisation (to notify of a referral). */
export async function caseworkersOf(q: Queryable, orgId: string): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>("SELECT id FROM users WHERE org_id = $1 AND role = 'caseworker' AND NOT disabled", [orgId]);
  return rows.map((r) => r.id);
}
