/**
 * Cases as HTCDS 2.0 bundles: export (the actor's readable cases) and import (new cases of the
 * actor's organisation). Bundles carry Jisr's extensions in `jisr` and Jisr exploitation values;
 * the exchange formats map them to pure HTCDS (`toHtcds`) and back (`fromHtcds`).
 */
import { newId } from '../db/ids';
import { CopyBinary, type LaterValues } from '../db/copy-binary';
import type { SealingCipher } from '../crypto/deferred-cipher';
import type { Deps } from '../deps';
import type { Actor } from '../auth/policy';
import type { CopyOptions, Db, Queryable } from '../db/db';
import { BackgroundFlush, deferIndexes, freshStorage, relationFiles, trustReferences } from '../db/bulk-load';
import { AppError } from '../http/app-error';
import { yieldToEventLoop } from '../event-loop';
import { appendAudit } from '../audit/audit.repository';
import { findOrg } from '../orgs/orgs.repository';
import { enqueue } from '../jobs/queue';
import type {
  CasRecord, CcoRecord, HteRecord, HtcdsBundle, JisrExtension, NrmDecision, NrmDeadline, OrgRecord, PerRecord, PrsRecord, SplRecord, VicRecord,
} from '../../../common/htcds';
import { NRM_STATUS_TO_STATE, STATE_TO_NRM_STATUS, type NrmState } from '../../../common/cases';
import type { OrgType } from '../../../common/roles';
import { casesPolicy } from './cases.policy';
import * as repo from './cases.repository';
import { AAD } from './cases.crypto';
import { birthdateIndex, codedColumns, codedVictim, fullName, victimOf, nameIndex, openJson, rememberNameKeys, sealJson, splitPerson, splitRecord, type PersonData, type VictimData } from './case-mapping';
import { DEFAULT_NRM_SETTINGS, initialDeadlines, isoDay } from './nrm';

/** HTCDS org_Type of each kind of Jisr organisation. */
const ORG_TYPE_TO_HTCDS: Record<OrgType, OrgRecord['org_Type'] | undefined> = {
  nra: 'CentralGovernmentOrganisation',
  ngo: 'NGO',
  police: 'LawEnforcement',
  labour_inspectorate: 'CentralGovernmentOrganisation',
  border_guard: 'ImmigrationService',
  health: 'HealthServiceOrganisation',
  social_services: 'LocalGovernmentOrganisation',
  ministry: 'CentralGovernmentOrganisation',
  other: undefined,
};

/** Removes absent values: no null, no "", no empty arrays (the HTCDS bundle convention). */
function clean<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) {
    const v = (o as Record<string, unknown>)[k];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out as T;
}

function day(d: Date | string): string {
  return isoDay(new Date(d));
}

/**
 * Exports the cases the actor may read as HTCDS bundles (all visible ones, or those of `caseIds`
 * the actor may read; others are silently left out). Identifying fields (names, birth date,
 * contacts, identity number, free text, places) only with `includeIdentifying` and only where the
 * actor may see the person's identity. Partners get only the support plans. Audited with the ids.
 */
export async function exportCaseBundles(deps: Deps, actor: Actor, opts: { includeIdentifying: boolean; caseIds?: string[] }): Promise<HtcdsBundle[]> {
  if (!casesPolicy.permits(actor, 'list', 'Case')) throw new AppError('auth.forbidden');
  const ids = actor.role === 'responder' ? [] : await repo.visibleCaseIds(deps.db, actor, opts.caseIds, 200000);
  const bundles: HtcdsBundle[] = [];
  const chunk = 2000;
  for (let i = 0; i < ids.length; i += chunk) {
    const slice = ids.slice(i, i + chunk);
    const [cases, records, events] = await Promise.all([repo.findCases(deps.db, slice), repo.listRecordsOfCases(deps.db, slice), repo.listEventsOfCases(deps.db, slice)]);
    const orgs = new Map<string, { name: string; org_type: OrgType }>();
    const orgIds = [...new Set(cases.flatMap((c) => [c.owner_org_id, c.referring_org_id].filter((x): x is string => Boolean(x))))];
    if (orgIds.length) {
      const { rows } = await deps.db.query<{ id: string; name: string; org_type: OrgType }>('SELECT id, name, org_type FROM orgs WHERE id = ANY($1::uuid[])', [orgIds]);
      for (const r of rows) orgs.set(r.id, r);
    }
    const recordsOf = groupBy(records, (r) => r.case_id);
    const eventsOf = groupBy(events, (e) => e.case_id);
    for (const c of cases) {
      const partner = actor.role === 'caseworker' && c.owner_org_id !== actor.orgId;
      const identity = opts.includeIdentifying && (!partner || c.consent?.shareIdentity === true);
      bundles.push(caseToBundle(deps, c, recordsOf.get(c.id) ?? [], eventsOf.get(c.id) ?? [], orgs, { identity, partner }));
    }
  }
  await deps.db.transaction((tx) =>
    appendAudit(tx, [{ actorUserId: actor.userId, actorOrgId: actor.orgId, action: 'case.export', resourceType: 'Case', outcome: 'success', details: { caseIds: ids.length <= 1000 ? ids : undefined, count: ids.length, includeIdentifying: opts.includeIdentifying } }]),
  );
  return bundles;
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

function caseToBundle(
  deps: Deps, c: repo.CaseRow, records: repo.CaseRecordRow[], events: repo.CaseEventRow[],
  orgs: Map<string, { name: string; org_type: OrgType }>, opts: { identity: boolean; partner: boolean },
): HtcdsBundle {
  const personId = `prs-${c.id}`;
  const secret = opts.identity ? openJson<Record<string, unknown>>(deps.cipher, c.person_enc, AAD.person) : {};
  const details = opts.identity && !opts.partner ? openJson<Record<string, string>>(deps.cipher, c.details_enc, AAD.details) : {};
  const prs: PrsRecord[] = [clean({ prs_Id: personId, ...(c.person_coded as object), ...secret } as PrsRecord)];
  const vic: VicRecord = clean({ vic_Id: `vic-${c.id}`, vic_CaseId: c.id, vic_PersonId: personId, ...victimOf(c), vic_DetailsOfVulnerabilities: details.vic_DetailsOfVulnerabilities } as VicRecord);
  const org: OrgRecord[] = [];
  for (const id of [c.owner_org_id, c.referring_org_id]) {
    if (!id || org.some((o) => o.org_Id === id)) continue;
    const o = orgs.get(id);
    org.push(clean({ org_Id: id, org_Name: o?.name, org_Type: o ? ORG_TYPE_TO_HTCDS[o.org_type] : undefined }));
  }
  const cas: CasRecord = clean({
    cas_Id: c.id,
    cas_PersonId: personId,
    cas_OrganisationId: c.owner_org_id,
    cas_Status: c.htcds_status,
    cas_ReasonForCaseClosure: c.closure_reason ?? undefined,
    cas_ReferringOrganisation: c.referring_org_id ?? undefined,
    cas_IncomingReferralDate: c.referring_org_id ? day(c.opened_at) : undefined,
    cas_IncomingReferralDetails: details.cas_IncomingReferralDetails,
  });
  const per: PerRecord[] = [];
  const cco: CcoRecord[] = [];
  const hte: HteRecord[] = [];
  const spl: SplRecord[] = [];
  for (const r of records) {
    if (opts.partner && r.kind !== 'support_plan') continue;
    const s = opts.identity && !opts.partner ? openJson<Record<string, unknown>>(deps.cipher, r.secret_enc, AAD.record) : {};
    const coded = r.coded as Record<string, unknown>;
    if (r.kind === 'perpetrator') {
      const pid = `prs-${r.id}`;
      prs.push(clean({ prs_Id: pid, prs_Gender: coded.prs_Gender, prs_Citizenship: coded.prs_Citizenship, prs_FirstName: s.prs_FirstName, prs_SecondName: s.prs_SecondName, prs_Birthdate: s.prs_Birthdate } as PrsRecord));
      per.push(clean({ per_Id: `per-${r.id}`, per_CaseId: c.id, per_PersonId: pid, per_RoleInProcess: coded.per_RoleInProcess, per_RoleDetails: s.per_RoleDetails } as PerRecord));
    } else if (r.kind === 'event') {
      hte.push(clean({ hte_Id: `hte-${r.id}`, hte_CaseId: c.id, ...coded, ...s } as HteRecord));
    } else if (r.kind === 'support_plan') {
      spl.push(clean({ spl_Id: `spl-${r.id}`, spl_CaseId: c.id, ...coded, ...s } as SplRecord));
    } else if (r.kind === 'comment' && opts.identity) {
      cco.push(clean({ cco_Id: `cco-${r.id}`, cco_CaseId: c.id, cco_CaseComment: s.cco_CaseComment as string | undefined }));
    }
  }
  if (!hte.some((h) => h.hte_Type === 'Exploitation') && c.country_of_exploitation && !opts.partner) {
    hte.push({ hte_Id: `hte-${c.id}-exploitation`, hte_CaseId: c.id, hte_Type: 'Exploitation', hte_Country: c.country_of_exploitation });
  }
  const decisions: NrmDecision[] = [];
  for (const e of events) {
    const details = e.details as { decision?: { kind: NrmDecision['kind']; outcome: NrmDecision['outcome'] } | null; date?: string; decisions?: NrmDecision[] };
    // Decisions taken in Jisr (one event each) and decisions an import brought (listed on its one event).
    if (details.decision) decisions.push({ kind: details.decision.kind, outcome: details.decision.outcome, date: details.date ?? day(e.at) });
    for (const d of details.decisions ?? []) decisions.push(clean({ kind: d.kind, outcome: d.outcome, date: d.date, decidedBy: d.decidedBy }));
  }
  const deadlines: NrmDeadline[] = [];
  if (c.rg_due && (c.nrm_state === 'referred' || c.nrm_state === 'under_assessment')) deadlines.push({ kind: 'ReasonableGroundsDecision', dueDate: c.rg_due });
  if (c.reflection_ends && c.nrm_state === 'reflection') deadlines.push({ kind: 'RecoveryAndReflectionEnd', dueDate: c.reflection_ends });
  if (c.follow_up_due && c.nrm_state === 'assistance') deadlines.push({ kind: 'SupportPlanReview', dueDate: c.follow_up_due });
  const jisr: JisrExtension = { nrmStatus: STATE_TO_NRM_STATUS[c.nrm_state] };
  if (decisions.length) jisr.decisions = decisions;
  if (deadlines.length) jisr.deadlines = deadlines;
  const byId = <T>(id: (x: T) => string) => (a: T, b: T) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);
  return {
    org: org.sort(byId<OrgRecord>((o) => o.org_Id)),
    prs: prs.sort(byId<PrsRecord>((p) => p.prs_Id)),
    vic: [vic],
    per,
    cas,
    cco,
    hte,
    spl,
    consent: [{ con_Id: `con-${c.id}`, con_CaseId: c.id, con_PersonId: personId, con_Consent: c.consent_statistics }],
    jisr,
  };
}

/**
 * The consents of an imported case (HTCDS consent covers referral and statistics; identity is
 * never shared without a decision in Jisr), shared by every case with the same: frozen, so that
 * the COPY writer turns each into JSON once (CopyBinary.json).
 */
const CONSENT_GIVEN = Object.freeze({ referral: true, shareIdentity: false, statistics: true });
const CONSENT_NOT_GIVEN = Object.freeze({ referral: false, shareIdentity: false, statistics: false });

/** The timeline details of an imported case without decisions, one frozen object per state (see CONSENT_GIVEN). */
const IMPORTED_IN_STATE = new Map<string, Readonly<Record<string, unknown>>>();

function importedDetails(r: ImportedCaseRows): Readonly<Record<string, unknown>> {
  const state = r.caseRow.nrm_state;
  if (r.decisions.length) return { state, decisions: r.decisions.map((d) => clean({ kind: d.kind, outcome: d.outcome, date: d.date, decidedBy: d.decidedBy })) };
  let details = IMPORTED_IN_STATE.get(state);
  if (!details) IMPORTED_IN_STATE.set(state, (details = Object.freeze({ state })));
  return details;
}

/** Rows to insert for one imported bundle. */
export interface ImportedCaseRows {
  caseRow: repo.CaseWrite & { reference: string };
  records: repo.RecordWrite[];
  decisions: NrmDecision[];
}

/** Who an import's cases belong to: the importer's organisation (and its kind) and the importer. */
export interface ImportOwner {
  orgId: string;
  orgType: string | null;
  userId: string | null;
}

/** The case reference of an imported bundle, from its referral year (else this year) and a sequence number. */
export function importedReference(bundle: HtcdsBundle, n: string): string {
  return repo.formatReference(Number((bundle.cas.cas_IncomingReferralDate ?? isoDay(new Date())).slice(0, 4)), n);
}

/**
 * Maps one HTCDS bundle to the rows of a new case owned by `owner` (encrypting identifying data).
 * The NRM state comes from the Jisr extension, else from cas_Status. Used by import and the benchmark.
 * With a DeferredCipher, the encrypted and hashed values are stand-ins, sealed later. An import
 * of many cases passes `deps.nameKeys` (see importMapping) so that each distinct name is taken apart once.
 */
export function bundleToRows(deps: { cipher: SealingCipher; nameKeys?: (name: string) => readonly string[] }, bundle: HtcdsBundle, owner: ImportOwner, reference: string): ImportedCaseRows {
  const id = newId();
  const person = (bundle.prs.find((p) => p.prs_Id === bundle.cas.cas_PersonId) ?? { prs_Id: '' }) as PrsRecord;
  // The person's and the victim's fields are read by name (no copies without the ids: a bulk
  // import maps 100,000 of each, and copying an object but some of its keys is slow in V8).
  const personData: PersonData = person;
  const vicRecord = bundle.vic.find((v) => v.vic_PersonId === person.prs_Id) ?? bundle.vic[0];
  const victimData: VictimData = vicRecord ?? {};
  const vic_DetailsOfVulnerabilities = vicRecord?.vic_DetailsOfVulnerabilities;
  const exploitation = bundle.hte.find((h) => h.hte_Type === 'Exploitation');
  const decisions = bundle.jisr?.decisions ?? [];
  const openedDay = bundle.cas.cas_IncomingReferralDate ?? decisions[0]?.date ?? bundle.hte.map((h) => h.hte_Date).filter(Boolean).sort().at(-1) ?? isoDay(new Date());
  const openedAt = new Date(`${openedDay}T12:00:00Z`);
  const coded = codedColumns(personData, victimData, openedAt, exploitation?.hte_Country);
  const state: NrmState = bundle.jisr?.nrmStatus
    ? NRM_STATUS_TO_STATE[bundle.jisr.nrmStatus]
    : bundle.cas.cas_Status === 'Closed' ? 'closed' : bundle.cas.cas_Status === 'ClosedReferred' ? 'referred_on' : 'referred';
  const deadline = (kind: NrmDeadline['kind']) => bundle.jisr?.deadlines?.find((d) => d.kind === kind && !d.metDate)?.dueDate ?? null;
  const { secret, coded: personCoded } = splitPerson(personData);
  const consent = bundle.consent.find((c) => c.con_PersonId === person.prs_Id)?.con_Consent === true;
  const caseRow: repo.CaseWrite & { reference: string } = {
    id,
    reference,
    owner_org_id: owner.orgId,
    opened_by: owner.userId,
    nrm_referral_id: null,
    referred_by: null,
    referring_org_id: null,
    referring_org_type: owner.orgType,
    nrm_state: state,
    reconsideration_of: state === 'reconsideration' ? 'rg' : null,
    htcds_status: bundle.cas.cas_Status ?? 'Active',
    closure_reason: bundle.cas.cas_ReasonForCaseClosure ?? null,
    is_child: coded.is_child_by_age ?? false,
    // The coded columns one by one (spreading them, and leaving is_child_by_age out, copies the object: slow in V8 for 100,000 cases).
    registration_year: coded.registration_year,
    sex: coded.sex,
    age_group: coded.age_group,
    citizenship: coded.citizenship,
    citizenships: coded.citizenships,
    country_of_exploitation: coded.country_of_exploitation,
    exploitation_types: coded.exploitation_types,
    forced_labour_industry: coded.forced_labour_industry,
    methods_of_control: coded.methods_of_control,
    recruitment_methods: coded.recruitment_methods,
    recruiter_relation: coded.recruiter_relation,
    trafficking_status: victimData.vic_TraffickingStatus ?? 'PossibleVictimOfTrafficking',
    victim: codedVictim(victimData),
    person_coded: personCoded,
    consent: consent ? CONSENT_GIVEN : CONSENT_NOT_GIVEN,
    consent_statistics: consent,
    residence_permit: null,
    residence_permit_until: null,
    person_enc: deps.cipher.encrypt(JSON.stringify(secret), AAD.person),
    details_enc: sealJson(deps.cipher, clean({ vic_DetailsOfVulnerabilities, cas_IncomingReferralDetails: bundle.cas.cas_IncomingReferralDetails }), AAD.details),
    name_index: nameIndex(deps.cipher, fullName(personData), deps.nameKeys),
    birthdate_index: birthdateIndex(deps.cipher, personData.prs_Birthdate),
    rg_due: state === 'referred' || state === 'under_assessment' ? deadline('ReasonableGroundsDecision') ?? initialDeadlines(openedDay, DEFAULT_NRM_SETTINGS).rg_due : null,
    reflection_ends: state === 'reflection' ? deadline('RecoveryAndReflectionEnd') : null,
    cg_due: state === 'reflection' ? deadline('RecoveryAndReflectionEnd') ?? deadline('ConclusiveGroundsDecision') : null,
    follow_up_due: state === 'assistance' ? deadline('SupportPlanReview') : null,
    opened_at: openedAt,
    closed_at: state === 'closed' || state === 'referred_on' ? openedAt : null,
  };
  const records: ImportedCaseRows['records'] = [];
  const add = (kind: string, coded: Record<string, unknown>, secretPart: Record<string, unknown>) =>
    records.push({ caseId: id, kind, orgId: owner.orgId, coded: clean(coded), secretEnc: sealJson(deps.cipher, clean(secretPart), AAD.record), createdBy: owner.userId });
  for (const p of bundle.per) {
    const who = bundle.prs.find((x) => x.prs_Id === p.per_PersonId) ?? ({} as PrsRecord);
    add('perpetrator', { per_RoleInProcess: p.per_RoleInProcess, prs_Gender: who.prs_Gender, prs_Citizenship: who.prs_Citizenship }, { prs_FirstName: who.prs_FirstName, prs_SecondName: who.prs_SecondName, prs_Birthdate: who.prs_Birthdate, per_RoleDetails: p.per_RoleDetails });
  }
  for (const h of bundle.hte) {
    // Every field of an HTCDS event but its ids is either coded or secret (RECORD_SPECS.event).
    const { coded, secret } = splitRecord('event', h as unknown as Record<string, unknown>);
    add('event', coded, secret);
  }
  for (const s of bundle.spl) add('support_plan', { spl_Type: s.spl_Type, spl_PlannedEndDate: s.spl_PlannedEndDate, spl_ActualEndDate: s.spl_ActualEndDate }, { spl_Objectives: s.spl_Objectives, spl_ActionPlan: s.spl_ActionPlan });
  for (const c of bundle.cco) add('comment', {}, { cco_CaseComment: c.cco_CaseComment });
  return { caseRow, records, decisions };
}

/**
 * The binary COPY of imported cases (pure, so that the import worker builds it): the cases, their
 * records, the importer on each team, and one timeline entry each with the decisions the source
 * had recorded. Written into `into` (a buffer handed back after an earlier chunk) or a new buffer;
 * `later` (a DeferredCipher) leaves room for the encrypted and hashed values it stands in for.
 */
export function importedRowsCopy(rows: ImportedCaseRows[], owner: Pick<ImportOwner, 'orgId' | 'userId'>, into?: ArrayBuffer, later?: LaterValues): repo.ImportCopy {
  const events = rows.map((r) => ({ caseId: r.caseRow.id, action: 'case.imported', details: importedDetails(r) }));
  const out = new CopyBinary(into, undefined, later);
  const ends: number[] = [];
  const table = (write: () => void) => {
    out.start();
    write();
    out.finish();
    ends.push(out.length);
  };
  table(() => repo.casesCopy(out, rows.map((r) => r.caseRow)));
  table(() => {
    for (const r of rows) repo.recordsCopy(out, r.records);
  });
  table(() => {
    if (owner.userId) repo.teamCopy(out, rows.map((r) => r.caseRow.id), { userId: owner.userId, orgId: owner.orgId, addedBy: owner.userId });
  });
  table(() => repo.eventsCopy(out, events, owner));
  return { bytes: out.bytes(), ends };
}

/** Inserts the rows of imported cases in bulk (see importedRowsCopy). */
export async function insertImportedRows(q: Queryable, rows: ImportedCaseRows[], owner: Pick<ImportOwner, 'orgId' | 'userId'>, opts?: CopyOptions): Promise<void> {
  await repo.writeImportCopy(q, importedRowsCopy(rows, owner), opts);
}

/** What the caller of an import does in its transaction: first (may refuse it by throwing), and last with the count. */
export interface ImportHooks {
  start?: (tx: Queryable) => Promise<void>;
  finish?: (tx: Queryable, created: number) => Promise<void>;
  /** After each chunk is written: how many cases are written so far, of how many the import holds. */
  progress?: (written: number, total: number) => void;
}

/**
 * Bundles of an import, handed over a chunk at a time (the caller may reuse nothing it passes),
 * with the number of bundles the whole import holds when it is known.
 */
export type BundleSink = (bundles: HtcdsBundle[], total?: number) => Promise<void>;

/** How an import is written: `bulkFrom` is the smallest import loaded in bulk (default BULK_IMPORT_FROM). */
export interface ImportOptions {
  bulkFrom?: number;
}

/** Names whose keys an import remembers (the victims of 100,000 generated cases have 3,536 distinct full names). */
const NAMES_REMEMBERED = 50_000;

/** What mapping the bundles of one import needs (bundleToRows): the cipher, and each name's keys made once (names repeat from case to case). */
export function importMapping(cipher: SealingCipher): Parameters<typeof bundleToRows>[0] {
  return { cipher, nameKeys: rememberNameKeys(NAMES_REMEMBERED) };
}

/** The tables an import writes, whose indexes a large import builds once at the end. */
const IMPORT_TABLES = ['cases', 'case_records', 'case_team', 'case_events_log'];

/**
 * Indexes of those tables a large import keeps up to date row by row instead, because that costs
 * the database no more than building them afterwards, and happens while it waits for the next
 * chunk rather than after the last one: those led by the case id (UUID version 7, growing: each
 * new key goes at the right-hand edge), the one of types of exploitation (a GIN index over a few
 * distinct values) and the partial ones on columns an import never fills. Measured one index at a
 * time on PGlite, 100,000 cases: keeping the case records' index added 0.59 s to the load, building
 * it took 0.62 s. The cases' other indexes (random keys) cost about as much kept as built (three of
 * them) or up to three times as much; kept, the three made the whole import no faster (the load
 * took as much longer as the building saved: both processor cores are busy while it runs).
 */
const KEPT_DURING_IMPORT = [
  'case_records_case_idx', 'case_team_user_idx', 'case_events_log_case_idx',
  'cases_exploitation_idx', 'cases_referred_by_idx', 'cases_nrm_referral_idx',
];

/**
 * Starts loading imported cases of `owner` in bulk into `tx` (db/bulk-load.ts): gives the case
 * tables new storage when they are empty and the log allows it (freshStorage); checks and locks the
 * importer and their organisation once, the only rows outside the case tables an imported row
 * refers to (bundleToRows, importedRowsCopy), and switches the row-by-row checks off where the
 * database role may; and drops the case tables' secondary indexes but KEPT_DURING_IMPORT, and
 * their keys among themselves unless the checks are off (each imported row refers only to a case
 * written in the same chunk). Returns how to write the rows (frozen, when the tables have new
 * storage) and what to call once every row is in: it turns the row-by-row checks back on and
 * re-creates (and checks) what was dropped.
 */
export async function beginBulkImport(tx: Queryable, owner: Pick<ImportOwner, 'orgId' | 'userId'>, dataDir?: string): Promise<BulkImport> {
  // Into a database without cases on PGlite: new storage, written once at commit, not also to the
  // log, and rows written frozen: the first reads after the import (PGlite has data checksums on)
  // then do not log every loaded page whole to set its hint bits (100,000 cases: 290 MB of log,
  // and a first count of the cases and their records 2.5 s instead of 0.3 s).
  const freeze = await freshStorage(tx, IMPORT_TABLES);
  const checksOn = await trustReferences(tx, [
    { table: 'orgs', ids: [owner.orgId] },
    { table: 'users', ids: owner.userId ? [owner.userId] : [] },
  ]);
  // Each chunk's records, team and timeline rows refer to cases of that chunk (importedRowsCopy).
  const restoreIndexes = await deferIndexes(tx, IMPORT_TABLES, { keep: KEPT_DURING_IMPORT, keysTrusted: checksOn !== undefined });
  // New storage on disk is flushed at commit: flushed as the load goes, the commit waits less.
  const flush = freeze && dataDir ? new BackgroundFlush(await relationFiles(tx, dataDir, IMPORT_TABLES), FLUSH_EVERY_CASES) : undefined;
  return {
    freeze,
    wrote: (cases) => flush?.wrote(cases),
    complete: async () => {
      const flushed = await flush?.finish();
      await checksOn?.();
      await restoreIndexes();
      await flushed?.();
    },
  };
}

/** Cases written between two background flushes of a bulk load's new storage (BackgroundFlush). */
const FLUSH_EVERY_CASES = 10_000;

/** The background job that refreshes the planner's statistics of the case tables after a bulk import. */
export const ANALYZE_JOB = 'cases.analyze';

/**
 * Refreshes the planner's statistics of the case tables (the ANALYZE_JOB, queued by a bulk
 * import). Embedded PGlite has no autovacuum to do it, and a PostgreSQL server's would only in its
 * next round: until then the planner knows the tables as they were before the import (empty, for
 * a first one). 100,000 imported cases, the importer on every team: their newest page of the case
 * list (page and total) took 500 ms before, 66 ms after on PGlite (PostgreSQL: 222 and 52 ms;
 * bench/htcds-import.bench.ts). Takes 1.5–3 s on a 2-core machine, which is why it runs after the
 * import commits, as a job, rather than inside it.
 */
export async function analyzeCaseTables(q: Queryable): Promise<void> {
  await q.query(`ANALYZE ${IMPORT_TABLES.join(', ')}`);
}

/** A bulk load begun (beginBulkImport): its rows are written with `freeze` (see CopyOptions), each chunk told with wrote(), then complete() is called. */
export interface BulkImport {
  readonly freeze: boolean;
  /** `cases` more cases (with their rows) were written. */
  wrote(cases: number): void;
  complete(): Promise<void>;
}

/** What reads an import elsewhere (the import worker) needs of the writer. */
export interface PreparedImportWriter {
  readonly owner: ImportOwner;
  /** Called with the number of cases before the first chunk (decides on a bulk load). */
  begin(total: number): Promise<void>;
  /** `n` case reference numbers. */
  reserveReferences(n: number): Promise<string[]>;
  /** Writes a chunk mapped elsewhere, after the previous one, and waits until it is written (its bytes are not read afterwards: they may be filled again). */
  writeCopy(copy: repo.ImportCopy, caseIds: readonly string[]): Promise<void>;
}

/**
 * Writes imported bundles a chunk at a time inside one transaction: maps and encrypts a chunk,
 * allocates its case references in one query, and sends its inserts without waiting for them, so
 * that PostgreSQL inserts one chunk while the next one is parsed and mapped (or writes chunks
 * mapped elsewhere: writeCopy). Only the ids of the new cases are kept. An import of at least
 * `bulkFrom` cases and at least half as many as the database holds is a bulk load
 * (db/bulk-load.ts): the case tables' indexes and keys are built once after the rows are in, and
 * the rows' keys to users and organisations, which are all the importer's and their
 * organisation's, are checked once instead of row by row where the database role allows it.
 */
class ImportWriter implements PreparedImportWriter {
  readonly caseIds: string[] = [];
  private inflight: Promise<void> = Promise.resolve();
  private started = false;
  private total = 0;
  private written = 0;
  private bulkLoad: BulkImport | undefined;

  private readonly mapping: Parameters<typeof bundleToRows>[0];
  /** The database: its kind and, for PGlite on disk, its folder (see reserveReferences, beginBulkImport). */
  private readonly db: Db;

  constructor(
    deps: Deps,
    private readonly tx: Queryable,
    readonly owner: ImportOwner,
    private readonly bulkFrom: number,
    private readonly progress: ImportHooks['progress'],
  ) {
    this.mapping = importMapping(deps.cipher);
    this.db = deps.db;
  }

  async begin(total: number): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.total = total;
    await this.deferIndexesIfLarge(total);
  }

  private wrote(cases: number): void {
    this.written += cases;
    this.bulkLoad?.wrote(cases);
    this.progress?.(this.written, Math.max(this.total, this.written));
  }

  reserveReferences(n: number): Promise<string[]> {
    // Embedded PGlite serves this session only (see nextReferenceNumbers).
    return repo.nextReferenceNumbers(this.tx, n, { onlySession: this.db.kind === 'pglite' });
  }

  async writeCopy(copy: repo.ImportCopy, caseIds: readonly string[]): Promise<void> {
    await this.inflight;
    this.caseIds.push(...caseIds);
    this.inflight = repo.writeImportCopy(this.tx, copy, this.copyOptions);
    await this.inflight;
    this.wrote(caseIds.length);
  }

  readonly add: BundleSink = async (bundles, total = bundles.length) => {
    await this.begin(total);
    // Mapped a slice at a time with turns of the event loop in between, so that the previous
    // chunk's writes are sent on as soon as each statement ends (PostgreSQL works meanwhile in its
    // own process) and a server's other work is not held back.
    const rows: ImportedCaseRows[] = [];
    for (let i = 0; i < bundles.length; i += MAP_SLICE) {
      await yieldToEventLoop();
      for (const b of bundles.slice(i, i + MAP_SLICE)) rows.push(bundleToRows(this.mapping, b, this.owner, ''));
    }
    await this.inflight;
    const numbers = await this.reserveReferences(rows.length);
    rows.forEach((r, i) => {
      r.caseRow.reference = importedReference(bundles[i], numbers[i]);
      this.caseIds.push(r.caseRow.id);
    });
    const sent = insertImportedRows(this.tx, rows, this.owner, this.copyOptions).then(() => this.wrote(rows.length));
    sent.catch(() => undefined); // awaited by the next chunk or by finish()
    this.inflight = sent;
  };

  private async deferIndexesIfLarge(total: number): Promise<void> {
    if (total < this.bulkFrom) return;
    // Two large imports at once are taken one after the other: each would otherwise wait, to drop
    // the indexes, for the other's read lock on cases (a deadlock PostgreSQL breaks by failing one).
    await this.tx.query("SELECT pg_advisory_xact_lock(hashtext('jisr.case_import'))");
    const { rows } = await this.tx.query<{ n: string }>('SELECT count(*)::text AS n FROM cases');
    if (total * 2 < Number(rows[0].n)) return;
    this.bulkLoad = await beginBulkImport(this.tx, this.owner, this.db.dataDir);
  }

  /** How every chunk's rows are copied: frozen when the bulk load gave the tables new storage. */
  private get copyOptions(): CopyOptions {
    return { freeze: this.bulkLoad?.freeze };
  }

  /** Whether this import is loaded in bulk. */
  get bulk(): boolean {
    return this.bulkLoad !== undefined;
  }

  /** Waits for the last chunk's inserts (their failure, if any, is thrown here). */
  finish(): Promise<void> {
    return this.inflight;
  }

  /** After finish(), when every row is in: re-creates what a bulk load dropped (and checks it). */
  async complete(): Promise<void> {
    await this.inflight;
    await this.bulkLoad?.complete();
  }
}

/** The smallest import that is loaded in bulk (when it is also large next to the database). */
export const BULK_IMPORT_FROM = 5000;
const IMPORT_CHUNK = 2000;
/** Bundles mapped between two turns of the event loop. */
const MAP_SLICE = 100;

/**
 * Imports HTCDS bundles as new cases owned by the actor's organisation with the actor on each
 * team, in one transaction (all or nothing). `feed` hands the bundles over a chunk at a time (or
 * chunks mapped elsewhere, to the writer) and may throw to refuse the import (everything written so far is rolled back). Audited with the
 * count and, up to 1,000, the new ids.
 */
export async function importCaseBundleChunks(
  deps: Deps,
  actor: Actor,
  feed: (sink: BundleSink, writer: PreparedImportWriter) => Promise<void>,
  hooks: ImportHooks = {},
  opts: ImportOptions = {},
): Promise<{ created: number; caseIds: string[] }> {
  if (!casesPolicy.permits(actor, 'import', 'Case')) throw new AppError('auth.forbidden');
  const org = await findOrg(deps.db, actor.orgId);
  const owner = { orgId: actor.orgId, orgType: org?.org_type ?? null, userId: actor.userId };
  return deps.db.transaction(async (tx) => {
    await hooks.start?.(tx);
    const writer = new ImportWriter(deps, tx, owner, opts.bulkFrom ?? BULK_IMPORT_FROM, hooks.progress);
    try {
      await feed(writer.add, writer);
    } finally {
      // Never leave a statement running behind a refused import: the rollback waits for it.
      await writer.finish().catch(() => undefined);
    }
    await writer.complete();
    const caseIds = writer.caseIds;
    // Statistics refreshed once the import is committed (analyzeCaseTables).
    if (writer.bulk) await enqueue(tx, ANALYZE_JOB);
    await hooks.finish?.(tx, caseIds.length);
    await appendAudit(tx, [{ actorUserId: actor.userId, actorOrgId: actor.orgId, action: 'case.import', resourceType: 'Case', outcome: 'success', details: { count: caseIds.length, caseIds: caseIds.length <= 1000 ? caseIds : undefined, bulk: writer.bulk || undefined } }]);
    return { created: caseIds.length, caseIds };
  });
}

/**
 * Imports HTCDS bundles as new cases owned by the actor's organisation with the actor on each
 * team, in one transaction (all or nothing). Audited with the count and the new ids.
 */
export async function importCaseBundles(deps: Deps, actor: Actor, bundles: HtcdsBundle[], hooks: ImportHooks = {}, opts: ImportOptions = {}): Promise<{ created: number; caseIds: string[] }> {
  return importCaseBundleChunks(deps, actor, async (sink) => {
    for (let i = 0; i < bundles.length; i += IMPORT_CHUNK) await sink(bundles.slice(i, i + IMPORT_CHUNK), bundles.length);
  }, hooks, opts);
}
