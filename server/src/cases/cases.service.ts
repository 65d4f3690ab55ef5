import { newId } from '../db/ids';
import type { Deps } from '../deps';
import type { Actor } from '../auth/policy';
import type { Queryable } from '../db/db';
import { AppError } from '../http/app-error';
import { appendAudit } from '../audit/audit.repository';
import { findOrg, findUser } from '../orgs/orgs.repository';
import type { CaseConsent, NrmState } from '../../../common/cases';
import { casesPolicy, type CaseAccess, type CaseRelation } from './cases.policy';
import * as repo from './cases.repository';
import { AAD } from './cases.crypto';
import {
  birthdateIndex, codedColumns, codedVictim, fullName, nameIndex, openJson, sealJson, splitPerson, splitRecord, victimOf,
  type CaseDetails, type PersonData, type RecordKind, type VictimData,
} from './case-mapping';
import { getNrmSettings, scheduleDeadlines } from './nrm.service';
import { findNrmReferral } from '../screening/screening.repository';
import { explainedAssessment } from './nrm-referral-assessment';
import { initialDeadlines, isoDay } from './nrm';
import { sharedEnough, swappedBirthdate } from './duplicates';

/** Where a request came from, for the audit log. */
export interface Origin {
  ip: string;
}

/** The relationship of the actor to a case row. */
export function relationOf(actor: Actor, c: repo.CaseWithAccess): CaseRelation {
  if (c.on_team && actor.role === 'caseworker') return 'team';
  if (actor.role === 'coordinator' && actor.orgType === 'nra') return 'authority';
  if (c.partner && actor.role === 'caseworker' && c.consent?.referral === true) return 'partner';
  if (c.referrer && actor.role === 'responder') return 'referrer';
  return 'none';
}

/** The access record the policy reads. */
export function accessOf(actor: Actor, c: repo.CaseWithAccess): CaseAccess {
  return { relation: relationOf(actor, c), consent: c.consent ?? {} };
}

/**
 * Loads a case the actor may read, or throws not_found: a case of another organisation answers
 * exactly like one that does not exist. When `action` is given, also requires that permission
 * (403 when the actor may read but not act).
 */
export async function loadCase(deps: Deps, actor: Actor, id: string, action?: string, q: Queryable = deps.db): Promise<{ row: repo.CaseWithAccess; access: CaseAccess }> {
  const row = await repo.findCaseWithAccess(q, id, actor);
  if (!row) throw new AppError('not_found');
  const access = accessOf(actor, row);
  if (!casesPolicy.can(actor, 'read', 'Case', access)) throw new AppError('not_found');
  if (action && !casesPolicy.can(actor, action, 'Case', access)) throw new AppError('auth.forbidden');
  return { row, access };
}

/** What a caseworker enters to open a case. */
export interface CaseInput {
  person: PersonData;
  victim: VictimData;
  consent: CaseConsent;
  details?: CaseDetails;
  isChild?: boolean;
  countryOfExploitation?: string;
  /** An NRM referral (screening) this case is opened from. */
  nrmReferralId?: string;
}

interface NrmReferralForCase {
  id: string;
  status: string;
  to_org_id: string;
  from_org_id: string;
  created_by: string;
  is_child: boolean;
  consent: { referral?: boolean; shareIdentity?: boolean; statistics?: boolean };
}

async function lockNrmReferral(q: Queryable, id: string): Promise<NrmReferralForCase | undefined> {
  const { rows } = await q.query<NrmReferralForCase>('SELECT id, status, to_org_id, from_org_id, created_by, is_child, consent FROM nrm_referrals WHERE id = $1 FOR UPDATE', [id]);
  return rows[0];
}

/**
 * Opens a case owned by the actor's organisation with the actor on its team. From an NRM referral
 * addressed to the actor's organisation, the referral becomes accepted with the case id in the
 * same transaction and the case starts under assessment; opened directly (an NGO meeting a victim
 * itself), it starts as referred. The reasonable-grounds deadline is set and scheduled. Audited.
 */
export async function createCase(deps: Deps, actor: Actor, input: CaseInput, origin: Origin): Promise<string> {
  if (!casesPolicy.permits(actor, 'create', 'Case')) throw new AppError('auth.forbidden');
  const id = newId();
  const now = new Date();
  const settings = await getNrmSettings(deps.db);
  const org = await findOrg(deps.db, actor.orgId);
  await deps.db.transaction(async (tx) => {
    let referral: NrmReferralForCase | undefined;
    if (input.nrmReferralId) {
      referral = await lockNrmReferral(tx, input.nrmReferralId);
      if (!referral || referral.to_org_id !== actor.orgId) throw new AppError('not_found');
      if (referral.status !== 'pending') throw new AppError('cases.referral_already_decided', {}, 409);
    }
    const referringOrg = referral ? await findOrg(tx, referral.from_org_id) : undefined;
    const state: NrmState = referral ? 'under_assessment' : 'referred';
    const coded = codedColumns(input.person, input.victim, now, input.countryOfExploitation);
    const { secret, coded: personCoded } = splitPerson(input.person);
    const consent = { ...(referral?.consent ?? {}), ...input.consent };
    const row: repo.CaseWrite & { reference: string } = {
      id,
      reference: await repo.nextReference(tx, now.getUTCFullYear()),
      owner_org_id: actor.orgId,
      opened_by: actor.userId,
      nrm_referral_id: referral?.id ?? null,
      referred_by: referral?.created_by ?? null,
      referring_org_id: referral?.from_org_id ?? null,
      referring_org_type: referringOrg?.org_type ?? org?.org_type ?? null,
      nrm_state: state,
      reconsideration_of: null,
      htcds_status: 'Active',
      closure_reason: null,
      is_child: input.isChild ?? referral?.is_child ?? coded.is_child_by_age ?? false,
      ...coded,
      trafficking_status: coded.trafficking_status ?? 'PossibleVictimOfTrafficking',
      victim: codedVictim(input.victim),
      person_coded: personCoded,
      consent,
      consent_statistics: consent.statistics === true,
      residence_permit: null,
      residence_permit_until: null,
      person_enc: deps.cipher.encrypt(JSON.stringify(secret), AAD.person),
      details_enc: sealJson(deps.cipher, { ...(input.details ?? {}) }, AAD.details),
      name_index: nameIndex(deps.cipher, fullName(input.person)),
      birthdate_index: birthdateIndex(deps.cipher, input.person.prs_Birthdate),
      ...initialDeadlines(isoDay(now), settings),
      reflection_ends: null,
      cg_due: null,
      follow_up_due: null,
      opened_at: now,
    };
    await repo.insertCase(tx, row);
    await repo.addTeamMember(tx, { caseId: id, userId: actor.userId, orgId: actor.orgId, referralId: null, addedBy: actor.userId });
    if (referral) {
      await tx.query(`UPDATE nrm_referrals SET status = 'accepted', case_id = $2, decided_by = $3, decided_at = now() WHERE id = $1 AND status = 'pending'`, [referral.id, id, actor.userId]);
    }
    await repo.logCaseEvent(tx, { caseId: id, actor, action: 'case.opened', toState: state, details: { nrmReferralId: referral?.id ?? null } });
    await scheduleDeadlines(tx, id, { rg_due: row.rg_due });
    await appendAudit(tx, [{ actorUserId: actor.userId, actorOrgId: actor.orgId, action: 'case.create', resourceType: 'Case', resourceId: id, outcome: 'success', ip: origin.ip, details: { nrmReferralId: referral?.id ?? null, state } }]);
  });
  return id;
}

/** A case as the service hands it to the presenter: decrypted where the actor may see it. */
export interface CaseView {
  row: repo.CaseWithAccess;
  access: CaseAccess;
  person: Record<string, unknown>;
  details: CaseDetails;
  records: Array<repo.CaseRecordRow & { secret: Record<string, unknown> }>;
  events: Array<repo.CaseEventRow & { reason: string | null; to_org_name: string | null }>;
  team: repo.TeamMemberRow[];
  attachments: Array<repo.AttachmentRow & { name: string }>;
  duplicates: DuplicateHint[];
  /** The NRM referral the case was opened from, with its explained assessment (team and authority only). */
  nrmReferral: NrmReferralForView | null;
}

/** The NRM referral a case was opened from, as the case page shows it. */
export interface NrmReferralForView {
  id: string;
  fromOrg: string;
  createdAt: Date;
  recommendation: string;
  nonPunishment: boolean;
  explained: ReturnType<typeof explainedAssessment>;
}

/** A possible duplicate: a link when the actor may read it, otherwise only whom to contact. */
export interface DuplicateHint {
  caseId?: string;
  reference?: string;
  contactOrg: string;
  sameBirthdate: boolean;
  sameCitizenship: boolean;
}

/**
 * Reads one case with everything the actor's relationship allows, decrypted; sections the actor
 * may not see are not decrypted at all. The read is audited with the relationship.
 */
export async function getCase(deps: Deps, actor: Actor, id: string, origin: Origin): Promise<CaseView> {
  const { row, access } = await loadCase(deps, actor, id);
  const full = access.relation === 'team' || access.relation === 'authority';
  const person = access.relation === 'referrer' ? {} : openJson(deps.cipher, row.person_enc, AAD.person);
  const details = full ? openJson<CaseDetails>(deps.cipher, row.details_enc, AAD.details) : {};
  const kinds: RecordKind[] | undefined = full ? undefined : access.relation === 'partner' ? ['support_plan', 'service'] : [];
  const recordRows = kinds && kinds.length === 0 ? [] : await repo.listRecords(deps.db, id, kinds);
  const records = recordRows.map((r) => ({ ...r, secret: openJson(deps.cipher, r.secret_enc, AAD.record) }));
  const eventRows = await repo.listCaseEvents(deps.db, id);
  const events = eventRows
    .filter((e) => full || e.action.startsWith('nrm.') || e.action === 'case.opened' || (access.relation === 'partner' && (e.action.startsWith('referral.') || e.action === 'record.service')))
    .map((e) => ({ ...e, reason: full && e.reason_enc ? deps.cipher.decrypt(e.reason_enc, AAD.eventReason) : null }));
  const team = access.relation === 'referrer' ? [] : await repo.listTeam(deps.db, id);
  const attachments = full ? (await repo.listAttachments(deps.db, id)).map((a) => ({ ...a, name: deps.cipher.decrypt(a.name_enc, AAD.attachmentName) })) : [];
  const duplicates = full ? await findDuplicates(deps, actor, row, person) : [];
  const nrmReferral = full && row.nrm_referral_id ? await nrmReferralOf(deps, row.nrm_referral_id) : null;
  await deps.db.transaction((tx) =>
    appendAudit(tx, [{
      actorUserId: actor.userId, actorOrgId: actor.orgId, action: 'case.read', resourceType: 'Case', resourceId: id, outcome: 'success', ip: origin.ip,
      details: { relation: access.relation, ...(nrmReferral ? { nrmReferralId: nrmReferral.id } : {}) },
    }]),
  );
  return { row, access, person, details, records, events: await withReceivingOrgs(deps, events), team, attachments, duplicates, nrmReferral };
}

/** The NRM referral of a case with its explained assessment (codes and indicator texts, no identity). */
async function nrmReferralOf(deps: Deps, id: string): Promise<NrmReferralForView | null> {
  const r = await findNrmReferral(deps.db, id);
  if (!r) return null;
  const explained = explainedAssessment(r.assessment, r.set_version);
  return {
    id: r.id, fromOrg: r.from_org_name, createdAt: r.created_at, recommendation: r.recommendation,
    nonPunishment: r.non_punishment || explained?.assessment.nonPunishmentNotice === true, explained,
  };
}

/** Names the receiving organisation of "referred on" steps (stored as an id, so a renamed organisation shows its current name). */
async function withReceivingOrgs<E extends repo.CaseEventRow>(deps: Deps, events: E[]): Promise<Array<E & { to_org_name: string | null }>> {
  const ids = [...new Set(events.map((e) => e.details?.toOrgId).filter((x): x is string => typeof x === 'string'))];
  const names = new Map<string, string>();
  for (const orgId of ids) {
    const org = await findOrg(deps.db, orgId);
    if (org) names.set(orgId, org.name);
  }
  return events.map((e) => ({ ...e, to_org_name: typeof e.details?.toOrgId === 'string' ? names.get(e.details.toOrgId) ?? null : null }));
}

/**
 * Possible duplicates of a case across organisations: same name keys (blind index), and birth date
 * (exactly, or with day and month swapped) or citizenship in agreement — the rule of name-match.ts
 * `possibleDuplicate`, on blind-indexed keys. The other case is linked only when the actor may read
 * it; otherwise only the holding organisation is named.
 */
export async function findDuplicates(deps: Deps, actor: Actor, row: repo.CaseRow, person: Record<string, unknown>): Promise<DuplicateHint[]> {
  const swapped = birthdateIndex(deps.cipher, swappedBirthdate(typeof person.prs_Birthdate === 'string' ? person.prs_Birthdate : undefined));
  const byId = new Map((await repo.findDuplicateCandidates(deps.db, { id: row.id, nameIndex: row.name_index, birthdateIndex: row.birthdate_index, citizenships: row.citizenships })).map((c) => [c.id, c]));
  if (swapped) {
    for (const c of await repo.findDuplicateCandidates(deps.db, { id: row.id, nameIndex: row.name_index, birthdateIndex: swapped, citizenships: [] })) byId.set(c.id, c);
  }
  const candidates = [...byId.values()];
  if (candidates.length === 0) return [];
  const visible = new Set(await repo.visibleCaseIds(deps.db, actor, candidates.map((c) => c.id)));
  const out: DuplicateHint[] = [];
  for (const c of candidates) {
    // Enough shared name keys, nothing known disagrees, and birth date or citizenship agree.
    const bothBirth = row.birthdate_index !== null && c.birthdate_index !== null;
    const sameBirthdate = bothBirth && (row.birthdate_index === c.birthdate_index || (swapped !== null && c.birthdate_index === swapped));
    const bothCitizenship = row.citizenships.length > 0 && c.citizenships.length > 0;
    const sameCitizenship = bothCitizenship && row.citizenships.some((x) => c.citizenships.includes(x));
    const consistent = (!bothBirth || sameBirthdate) && (!bothCitizenship || sameCitizenship);
    if (!sharedEnough(row.name_index, c.name_index) || !consistent || !(sameBirthdate || sameCitizenship)) continue;
    out.push(visible.has(c.id)
      ? { caseId: c.id, reference: c.reference, contactOrg: c.owner_org_name, sameBirthdate, sameCitizenship }
      : { contactOrg: c.owner_org_name, sameBirthdate, sameCitizenship });
  }
  return out;
}

/** Changes to the person, victim context, free text, residence permit or follow-up date. */
export interface CasePatch {
  person?: PersonData;
  victim?: VictimData;
  details?: CaseDetails;
  countryOfExploitation?: string | null;
  isChild?: boolean;
  residencePermit?: string | null;
  residencePermitUntil?: string | null;
  followUpDue?: string | null;
}

/** Updates a case the actor is on the team of; recomputes coded columns and indexes. Audited. */
export async function updateCaseData(deps: Deps, actor: Actor, id: string, patch: CasePatch, origin: Origin): Promise<void> {
  const { row } = await loadCase(deps, actor, id, 'update');
  const person = patch.person ?? { ...openJson<PersonData>(deps.cipher, row.person_enc, AAD.person), ...(row.person_coded as PersonData) };
  const victim = patch.victim ?? victimOf(row);
  const write: Partial<repo.CaseWrite> = {};
  if (patch.person || patch.victim || patch.countryOfExploitation !== undefined) {
    const coded = codedColumns(person, victim, new Date(row.opened_at), patch.countryOfExploitation === undefined ? row.country_of_exploitation ?? undefined : patch.countryOfExploitation ?? undefined);
    const { is_child_by_age: _ignored, registration_year: _year, ...rest } = coded;
    void _ignored;
    void _year;
    Object.assign(write, rest);
    if (!patch.victim || !patch.victim.vic_TraffickingStatus) write.trafficking_status = row.trafficking_status;
  }
  if (patch.person) {
    const { secret, coded } = splitPerson(patch.person);
    write.person_enc = deps.cipher.encrypt(JSON.stringify(secret), AAD.person);
    write.person_coded = coded;
    write.name_index = nameIndex(deps.cipher, fullName(patch.person));
    write.birthdate_index = birthdateIndex(deps.cipher, patch.person.prs_Birthdate);
  }
  if (patch.victim) write.victim = codedVictim(patch.victim);
  if (patch.details) write.details_enc = sealJson(deps.cipher, { ...patch.details }, AAD.details);
  if (patch.isChild !== undefined) write.is_child = patch.isChild;
  if (patch.residencePermit !== undefined) write.residence_permit = patch.residencePermit;
  if (patch.residencePermitUntil !== undefined) write.residence_permit_until = patch.residencePermitUntil;
  if (patch.followUpDue !== undefined) write.follow_up_due = patch.followUpDue;
  await deps.db.transaction(async (tx) => {
    await repo.updateCase(tx, id, write);
    await repo.logCaseEvent(tx, { caseId: id, actor, action: 'case.updated', details: { sections: Object.keys(patch) } });
    if (patch.followUpDue) await scheduleDeadlines(tx, id, { follow_up_due: patch.followUpDue });
    await appendAudit(tx, [{ actorUserId: actor.userId, actorOrgId: actor.orgId, action: 'case.update', resourceType: 'Case', resourceId: id, outcome: 'success', ip: origin.ip, details: { sections: Object.keys(patch) } }]);
  });
}

/**
 * Records the person's consent. Withdrawing referral consent stops sharing with partner
 * organisations at once (their access is computed from it); the history stays. Audited.
 */
export async function setConsent(deps: Deps, actor: Actor, id: string, consent: CaseConsent, origin: Origin): Promise<void> {
  const { row } = await loadCase(deps, actor, id, 'consent');
  await deps.db.transaction(async (tx) => {
    await repo.updateCase(tx, id, { consent: { ...row.consent, ...consent }, consent_statistics: consent.statistics });
    const withdrawn = Object.entries(consent).filter(([k, v]) => v === false && (row.consent as Record<string, boolean>)[k] === true).map(([k]) => k);
    const given = Object.entries(consent).filter(([k, v]) => v === true && (row.consent as Record<string, boolean>)[k] !== true).map(([k]) => k);
    await repo.logCaseEvent(tx, { caseId: id, actor, action: 'consent.changed', details: { withdrawn, given } });
    await appendAudit(tx, [{ actorUserId: actor.userId, actorOrgId: actor.orgId, action: 'case.consent', resourceType: 'Case', resourceId: id, outcome: 'success', ip: origin.ip, details: { withdrawn, given } }]);
  });
}

/** Lists the cases the actor may see (one visibility rule), filtered, sorted and paged; names decrypted only where allowed; audited. */
export async function listCases(deps: Deps, actor: Actor, filter: repo.CaseFilter & { name?: string }, origin: Origin): Promise<{ rows: Array<repo.CaseRow & { own_org: boolean; displayName: string | null }>; total: number; totalIsLowerBound: boolean }> {
  if (!casesPolicy.permits(actor, 'list', 'Case')) throw new AppError('auth.forbidden');
  const nameIdx = filter.name ? nameIndex(deps.cipher, filter.name) : undefined;
  if (filter.name && nameIdx?.length === 0) return { rows: [], total: 0, totalIsLowerBound: false };
  const { rows, total, totalIsLowerBound } = await repo.listCases(deps.db, actor, { ...filter, nameIndex: nameIdx });
  const out = rows.map((r) => {
    const identity = actor.role === 'coordinator' || (actor.role === 'caseworker' && (r.own_org || r.consent?.shareIdentity === true));
    return { ...r, displayName: identity ? fullName(openJson(deps.cipher, r.person_enc, AAD.person)) || null : null };
  });
  if (out.length > 0) {
    await deps.db.transaction((tx) =>
      appendAudit(tx, [{ actorUserId: actor.userId, actorOrgId: actor.orgId, action: 'case.list', resourceType: 'Case', outcome: 'success', ip: origin.ip, details: { caseIds: out.map((r) => r.id) } }]),
    );
  }
  return { rows: out, total, totalIsLowerBound };
}

/** Adds a colleague of the owning organisation (a caseworker) to the case team. Audited. */
export async function addToTeam(deps: Deps, actor: Actor, id: string, userId: string, origin: Origin): Promise<void> {
  await loadCase(deps, actor, id, 'manage_team');
  const user = await findUser(deps.db, userId);
  if (!user || user.org_id !== actor.orgId || user.role !== 'caseworker' || user.disabled) throw new AppError('cases.not_a_colleague', {}, 400);
  await deps.db.transaction(async (tx) => {
    await repo.addTeamMember(tx, { caseId: id, userId, orgId: actor.orgId, referralId: null, addedBy: actor.userId });
    await repo.logCaseEvent(tx, { caseId: id, actor, action: 'team.added', details: { userId } });
    await appendAudit(tx, [{ actorUserId: actor.userId, actorOrgId: actor.orgId, action: 'case.team_add', resourceType: 'Case', resourceId: id, outcome: 'success', ip: origin.ip, details: { userId } }]);
  });
}

/** Removes someone from the case team (not the last owner-team member). Audited. */
export async function removeFromTeam(deps: Deps, actor: Actor, id: string, userId: string, origin: Origin): Promise<void> {
  await loadCase(deps, actor, id, 'manage_team');
  const team = await repo.listTeam(deps.db, id);
  const owners = team.filter((m) => m.referral_id === null && m.org_id === actor.orgId);
  if (owners.length <= 1 && owners.some((m) => m.user_id === userId)) throw new AppError('cases.last_team_member', {}, 400);
  await deps.db.transaction(async (tx) => {
    if (!(await repo.removeTeamMember(tx, id, userId))) throw new AppError('not_found');
    await repo.logCaseEvent(tx, { caseId: id, actor, action: 'team.removed', details: { userId } });
    await appendAudit(tx, [{ actorUserId: actor.userId, actorOrgId: actor.orgId, action: 'case.team_remove', resourceType: 'Case', resourceId: id, outcome: 'success', ip: origin.ip, details: { userId } }]);
  });
}

/**
 * Adds or replaces a sub-record (perpetrator, event, support plan, comment, service, justice,
 * non-punishment, return). Team members may add any kind; partners only services. Audited.
 */
export async function saveRecord(deps: Deps, actor: Actor, id: string, kind: RecordKind, data: Record<string, unknown>, origin: Origin, recordId?: string): Promise<string> {
  await loadCase(deps, actor, id, kind === 'service' ? 'record_service' : 'update');
  const { coded, secret } = splitRecord(kind, data);
  const secretEnc = sealJson(deps.cipher, secret, AAD.record);
  const rid = recordId ?? newId();
  await deps.db.transaction(async (tx) => {
    if (recordId) {
      const existing = (await repo.listRecords(tx, id, [kind])).find((r) => r.id === recordId);
      if (!existing) throw new AppError('not_found');
      if (existing.org_id && existing.org_id !== actor.orgId) throw new AppError('auth.forbidden');
      await repo.updateRecord(tx, id, recordId, kind, coded, secretEnc);
    } else {
      await repo.insertRecord(tx, { id: rid, caseId: id, kind, orgId: actor.orgId, coded, secretEnc, createdBy: actor.userId });
    }
    await repo.logCaseEvent(tx, { caseId: id, actor, action: `record.${kind}`, details: { recordId: rid, updated: Boolean(recordId), ...pickCodes(coded) } });
    await appendAudit(tx, [{ actorUserId: actor.userId, actorOrgId: actor.orgId, action: recordId ? 'case.record_update' : 'case.record_add', resourceType: 'Case', resourceId: id, outcome: 'success', ip: origin.ip, details: { kind, recordId: rid } }]);
  });
  return rid;
}

function pickCodes(coded: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['type', 'kind', 'status', 'decision', 'outcome', 'hte_Type', 'spl_Type']) if (coded[k] !== undefined) out[k] = coded[k];
  return out;
}

/** Colleagues who may be added to a case team (caseworkers of the actor's organisation). */
export async function teamCandidates(deps: Deps, actor: Actor, id: string): Promise<Array<{ id: string; displayName: string }>> {
  await loadCase(deps, actor, id, 'manage_team');
  const { rows } = await deps.db.query<{ id: string; display_name: string }>(
    "SELECT id, display_name FROM users WHERE org_id = $1 AND role = 'caseworker' AND NOT disabled ORDER BY display_name",
    [actor.orgId],
  );
  return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
}
