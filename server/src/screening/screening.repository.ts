import type { Queryable } from '../db/db';
import type { Actor } from '../auth/policy';
import type { Assessment, Recommendation } from './assessment';
import type { AnswerValue } from './indicator-set';
import { RECEIVING_ROLES } from './screening.policy';

/** Stored answers: codes only (notes live encrypted in notes_enc). */
export type StoredAnswers = Record<string, { value: AnswerValue; choice?: string }>;

export type ScreeningStatus = 'draft' | 'completed' | 'referred' | 'notified';

/** Consent as recorded: codes only, never free text. */
export interface ConsentRecord {
  referral: boolean;
  shareIdentity: boolean;
  statistics: boolean;
  /** For a child: whether the child's views were recorded (the text itself is encrypted). */
  childViews?: 'recorded' | 'not_expressed';
  /** For a child: who was present. */
  guardianPresent?: 'guardian' | 'social_worker' | 'both' | 'none';
}

export interface ScreeningRow {
  id: string;
  org_id: string;
  author_id: string;
  status: ScreeningStatus;
  interview_language: 'ar' | 'fr' | 'en';
  set_version: string;
  answers: StoredAnswers;
  notes_enc: string | null;
  person_enc: string | null;
  sex: string | null;
  age: number | null;
  citizenship: string | null;
  is_child: boolean;
  child_basis: string;
  assessment: Assessment | null;
  recommendation: Recommendation | null;
  forms: string[] | null;
  non_punishment: boolean | null;
  consent: ConsentRecord | null;
  completed_at: Date | null;
  created_at: Date;
  updated_at: Date;
  /** Joined: the author's supervisor and display name. */
  author_supervisor_id: string | null;
  author_name: string;
  /** Joined: organisations holding a referral of it that is not declined. */
  referred_to_org_ids: string[];
}

export interface NrmReferralRow {
  id: string;
  screening_id: string;
  from_org_id: string;
  to_org_id: string;
  created_by: string;
  status: 'pending' | 'accepted' | 'declined';
  is_child: boolean;
  consent: ConsentRecord;
  assessment: Assessment;
  recommendation: Recommendation;
  forms: string[];
  non_punishment: boolean;
  identity_enc: string | null;
  case_id: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  decline_reason: string | null;
  created_at: Date;
  child_views_enc: string | null;
  interview_language: string | null;
  set_version: string | null;
}

/** A referral with the names a reader needs and the creator's supervisor (for the policy). */
export interface NrmReferralView extends NrmReferralRow {
  from_org_name: string;
  to_org_name: string;
  created_by_supervisor_id: string | null;
}

const SCREENING_SELECT = `
  SELECT s.*, au.supervisor_id AS author_supervisor_id, au.display_name AS author_name,
    COALESCE((SELECT array_agg(r.to_org_id::text) FROM nrm_referrals r WHERE r.screening_id = s.id AND r.status <> 'declined'), ARRAY[]::text[]) AS referred_to_org_ids
  FROM screenings s JOIN users au ON au.id = s.author_id`;

/**
 * The one visibility rule for screenings, as SQL over `s` (screenings) and `au` (its author):
 * the author, the author's supervisor and, when asked ($4), the coordinators and caseworkers
 * ($3) of an organisation ($2) holding a referral of it that is not declined. $1 = actor.
 */
const VISIBLE_SCREENINGS_WHERE = `(s.author_id = $1::uuid OR au.supervisor_id = $1::uuid
  OR ($3::boolean AND $4::boolean AND EXISTS (SELECT 1 FROM nrm_referrals r WHERE r.screening_id = s.id AND r.to_org_id = $2::uuid AND r.status <> 'declined')))`;

function visibilityParams(actor: Actor, includeReceived: boolean): unknown[] {
  return [actor.userId, actor.orgId, RECEIVING_ROLES.includes(actor.role), includeReceived];
}

/** Inserts a new draft screening. */
export async function insertScreening(
  q: Queryable,
  s: { id: string; orgId: string; authorId: string; interviewLanguage: string; setVersion: string },
): Promise<void> {
  await q.query(
    'INSERT INTO screenings (id, org_id, author_id, interview_language, set_version) VALUES ($1, $2, $3, $4, $5)',
    [s.id, s.orgId, s.authorId, s.interviewLanguage, s.setVersion],
  );
}

/** One screening by id with its author's supervisor and receiving organisations (no visibility filter: the service checks the policy). */
export async function findScreening(q: Queryable, id: string): Promise<ScreeningRow | undefined> {
  const { rows } = await q.query<ScreeningRow>(`${SCREENING_SELECT} WHERE s.id = $1`, [id]);
  return rows[0];
}

/** The screenings the actor may see, newest first; received ones only when asked. */
export async function listVisibleScreenings(q: Queryable, actor: Actor, opts: { includeReceived: boolean; limit: number }): Promise<ScreeningRow[]> {
  const { rows } = await q.query<ScreeningRow>(
    `${SCREENING_SELECT} WHERE ${VISIBLE_SCREENINGS_WHERE} ORDER BY s.updated_at DESC LIMIT $5`,
    [...visibilityParams(actor, opts.includeReceived), opts.limit],
  );
  return rows;
}

/** Saves the interview state of a draft. */
export async function updateScreeningInterview(
  q: Queryable,
  id: string,
  s: {
    answers: StoredAnswers;
    notesEnc: string | null;
    personEnc: string | null;
    sex: string | null;
    age: number | null;
    citizenship: string | null;
    isChild: boolean;
    childBasis: string;
    interviewLanguage: string;
  },
): Promise<void> {
  await q.query(
    `UPDATE screenings SET answers = $2, notes_enc = $3, person_enc = $4, sex = $5, age = $6, citizenship = $7,
       is_child = $8, child_basis = $9, interview_language = $10, updated_at = now()
     WHERE id = $1 AND status = 'draft'`,
    [id, JSON.stringify(s.answers), s.notesEnc, s.personEnc, s.sex, s.age, s.citizenship, s.isChild, s.childBasis, s.interviewLanguage],
  );
}

/** Stores the assessment of a completed interview; only a draft can be completed (returns false otherwise). */
export async function completeScreening(
  q: Queryable,
  id: string,
  a: { assessment: Assessment; recommendation: Recommendation; forms: string[]; nonPunishment: boolean },
): Promise<boolean> {
  const r = await q.query(
    `UPDATE screenings SET status = 'completed', assessment = $2, recommendation = $3, forms = $4, non_punishment = $5,
       completed_at = now(), updated_at = now() WHERE id = $1 AND status = 'draft'`,
    [id, JSON.stringify(a.assessment), a.recommendation, a.forms, a.nonPunishment],
  );
  return r.rowCount === 1;
}

/** Moves a screening from `from` to `to`, recording consent when given; false if it was not in `from`. */
export async function setScreeningStatus(q: Queryable, id: string, from: ScreeningStatus, to: ScreeningStatus, consent?: ConsentRecord): Promise<boolean> {
  const r = await q.query(
    `UPDATE screenings SET status = $3, consent = COALESCE($4::jsonb, consent), updated_at = now() WHERE id = $1 AND status = $2`,
    [id, from, to, consent ? JSON.stringify(consent) : null],
  );
  return r.rowCount === 1;
}

/** The national referral authority (the first organisation of type 'nra'). */
export async function findNationalReferralAuthority(q: Queryable): Promise<{ id: string; name: string } | undefined> {
  const { rows } = await q.query<{ id: string; name: string }>("SELECT id, name FROM orgs WHERE org_type = 'nra' ORDER BY created_at, id LIMIT 1");
  return rows[0];
}

/** Inserts an NRM referral (the contract table read by the cases capability). */
export async function insertNrmReferral(
  q: Queryable,
  r: {
    id: string; screeningId: string; fromOrgId: string; toOrgId: string; createdBy: string; isChild: boolean;
    consent: ConsentRecord; assessment: Assessment; recommendation: Recommendation; forms: string[]; nonPunishment: boolean;
    identityEnc: string | null; childViewsEnc: string | null; interviewLanguage: string; setVersion: string;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO nrm_referrals (id, screening_id, from_org_id, to_org_id, created_by, is_child, consent, assessment, recommendation,
       forms, non_punishment, identity_enc, child_views_enc, interview_language, set_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [r.id, r.screeningId, r.fromOrgId, r.toOrgId, r.createdBy, r.isChild, JSON.stringify(r.consent), JSON.stringify(r.assessment),
      r.recommendation, r.forms, r.nonPunishment, r.identityEnc, r.childViewsEnc, r.interviewLanguage, r.setVersion],
  );
}

const REFERRAL_SELECT = `
  SELECT r.*, fo.name AS from_org_name, tor.name AS to_org_name, cu.supervisor_id AS created_by_supervisor_id
  FROM nrm_referrals r JOIN orgs fo ON fo.id = r.from_org_id JOIN orgs tor ON tor.id = r.to_org_id JOIN users cu ON cu.id = r.created_by`;

/**
 * One NRM referral row by id, or undefined. For the cases capability: no policy check here,
 * the caller checks that the actor belongs to `to_org_id` with a receiving role.
 */
export async function findNrmReferral(q: Queryable, id: string): Promise<NrmReferralView | undefined> {
  const { rows } = await q.query<NrmReferralView>(`${REFERRAL_SELECT} WHERE r.id = $1`, [id]);
  return rows[0];
}

/** The referrals of a screening, newest first. */
export async function listReferralsOfScreening(q: Queryable, screeningId: string): Promise<NrmReferralView[]> {
  const { rows } = await q.query<NrmReferralView>(`${REFERRAL_SELECT} WHERE r.screening_id = $1 ORDER BY r.created_at DESC`, [screeningId]);
  return rows;
}

/** The referrals received by an organisation (the only list query for referrals: always scoped to the receiver). */
export async function listIncomingReferrals(q: Queryable, toOrgId: string, status: string | undefined, limit: number): Promise<NrmReferralView[]> {
  const { rows } = await q.query<NrmReferralView>(
    `${REFERRAL_SELECT} WHERE r.to_org_id = $1 AND ($2::text IS NULL OR r.status = $2) ORDER BY r.created_at DESC LIMIT $3`,
    [toOrgId, status ?? null, limit],
  );
  return rows;
}

/** Declines a pending referral; false when it was no longer pending. */
export async function declineNrmReferral(q: Queryable, id: string, by: string, reason: string): Promise<boolean> {
  const r = await q.query(
    `UPDATE nrm_referrals SET status = 'declined', decided_by = $2, decided_at = now(), decline_reason = $3 WHERE id = $1 AND status = 'pending'`,
    [id, by, reason],
  );
  return r.rowCount === 1;
}

/** Inserts an anonymous notification to the national referral authority (codes only). */
export async function insertAnonymousNotification(
  q: Queryable,
  n: {
    id: string; screeningId: string; fromOrgId: string; toOrgId: string; isChild: boolean; forms: string[];
    recommendation: Recommendation; sex: string | null; ageGroup: string | null; citizenship: string | null; countInStatistics: boolean;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO anonymous_notifications (id, screening_id, from_org_id, to_org_id, is_child, forms, recommendation, sex, age_group, citizenship, count_in_statistics)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [n.id, n.screeningId, n.fromOrgId, n.toOrgId, n.isChild, n.forms, n.recommendation, n.sex, n.ageGroup, n.citizenship, n.countInStatistics],
  );
}

/** The anonymous notification made for a screening, if any. */
export async function findNotificationOfScreening(q: Queryable, screeningId: string): Promise<{ id: string; to_org_id: string; created_at: Date; count_in_statistics: boolean } | undefined> {
  const { rows } = await q.query<{ id: string; to_org_id: string; created_at: Date; count_in_statistics: boolean }>(
    'SELECT id, to_org_id, created_at, count_in_statistics FROM anonymous_notifications WHERE screening_id = $1', [screeningId]);
  return rows[0];
}

/** An anonymous notification as the referral authority sees it: codes only, never a person. */
export interface AnonymousNotificationRow {
  id: string;
  from_org_name: string;
  is_child: boolean;
  forms: string[];
  recommendation: string;
  sex: string | null;
  age_group: string | null;
  citizenship: string | null;
  count_in_statistics: boolean;
  created_at: Date;
}

/** The anonymous notifications addressed to an organisation, newest first. */
export async function listAnonymousNotifications(q: Queryable, toOrgId: string, limit: number): Promise<AnonymousNotificationRow[]> {
  const { rows } = await q.query<AnonymousNotificationRow>(
    `SELECT n.id, o.name AS from_org_name, n.is_child, n.forms, n.recommendation, n.sex, n.age_group, n.citizenship, n.count_in_statistics, n.created_at
     FROM anonymous_notifications n JOIN orgs o ON o.id = n.from_org_id
     WHERE n.to_org_id = $1 ORDER BY n.created_at DESC LIMIT $2`,
    [toOrgId, limit],
  );
  return rows;
}
