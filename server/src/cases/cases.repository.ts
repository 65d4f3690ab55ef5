import type { CopyOptions, Queryable } from '../db/db';
import { EMPTY_COPY_LENGTH, readCopy, sectionBytes, type CopiedValue, type CopyBinary, type CopySections, type CopyType } from '../db/copy-binary';
import type { Actor } from '../auth/policy';
import type { NrmState } from '../../../common/cases';

/** A stored case: coded columns plus encrypted JSON of the identifying data. */
export interface CaseRow {
  id: string;
  reference: string;
  owner_org_id: string;
  owner_org_name?: string;
  opened_by: string | null;
  nrm_referral_id: string | null;
  referred_by: string | null;
  referring_org_id: string | null;
  referring_org_type: string | null;
  nrm_state: NrmState;
  reconsideration_of: 'rg' | 'cg' | null;
  htcds_status: 'Active' | 'FollowUp' | 'Closed' | 'ClosedReferred';
  closure_reason: string | null;
  trafficking_status: string | null;
  is_child: boolean;
  registration_year: number;
  sex: string | null;
  age_group: string;
  citizenship: string | null;
  citizenships: string[];
  country_of_exploitation: string | null;
  exploitation_types: string[];
  forced_labour_industry: string[];
  methods_of_control: string[];
  recruitment_methods: string[];
  recruiter_relation: string[];
  victim: Record<string, unknown>;
  person_coded: Record<string, unknown>;
  consent: { referral?: boolean; shareIdentity?: boolean; statistics?: boolean };
  consent_statistics: boolean;
  residence_permit: string | null;
  residence_permit_until: string | null;
  person_enc: string;
  details_enc: string | null;
  name_index: string[];
  birthdate_index: string | null;
  rg_due: string | null;
  reflection_ends: string | null;
  cg_due: string | null;
  follow_up_due: string | null;
  opened_at: Date;
  closed_at: Date | null;
  updated_at: Date;
  version: number;
}

/** A case with the actor's relationship to it, computed in one query. */
export interface CaseWithAccess extends CaseRow {
  on_team: boolean;
  partner: boolean;
  referrer: boolean;
}

/** Columns written when a case is created or its coded data changes. */
export type CaseWrite = Omit<CaseRow, 'owner_org_name' | 'opened_at' | 'closed_at' | 'updated_at' | 'version' | 'reference'> & {
  reference?: string;
  opened_at?: Date;
  closed_at?: Date | null;
};

const PLAIN_COLUMNS = [
  'id', 'reference', 'owner_org_id', 'opened_by', 'nrm_referral_id', 'referred_by', 'referring_org_id', 'referring_org_type', 'nrm_state',
  'reconsideration_of', 'htcds_status', 'closure_reason', 'trafficking_status', 'is_child', 'registration_year', 'sex', 'age_group', 'citizenship',
  'citizenships', 'country_of_exploitation', 'exploitation_types', 'forced_labour_industry', 'methods_of_control', 'recruitment_methods',
  'recruiter_relation', 'victim', 'person_coded', 'consent', 'consent_statistics', 'residence_permit', 'person_enc', 'details_enc', 'name_index',
  'birthdate_index', 'opened_at', 'closed_at', 'updated_at', 'version',
];
const DATE_COLUMNS = ['rg_due', 'reflection_ends', 'cg_due', 'follow_up_due', 'residence_permit_until'];
/** Every case column; dates as `YYYY-MM-DD` text on both drivers. */
const CASE_SELECT = [...PLAIN_COLUMNS.map((c) => `c.${c}`), ...DATE_COLUMNS.map((c) => `to_char(c.${c}, 'YYYY-MM-DD') AS ${c}`), 'o.name AS owner_org_name'].join(', ');

const INSERT_COLUMNS = [
  'id', 'reference', 'owner_org_id', 'opened_by', 'nrm_referral_id', 'referred_by', 'referring_org_id', 'referring_org_type', 'nrm_state',
  'reconsideration_of', 'htcds_status', 'closure_reason', 'trafficking_status', 'is_child', 'registration_year', 'sex', 'age_group', 'citizenship',
  'citizenships', 'country_of_exploitation', 'exploitation_types', 'forced_labour_industry', 'methods_of_control', 'recruitment_methods',
  'recruiter_relation', 'victim', 'person_coded', 'consent', 'consent_statistics', 'residence_permit', 'residence_permit_until', 'person_enc',
  'details_enc', 'name_index', 'birthdate_index', 'rg_due', 'reflection_ends', 'cg_due', 'follow_up_due', 'opened_at', 'closed_at',
] as const;

/** The type of each column of a case, for binary COPY (copy-binary.ts): as migrations declare them. */
const CASE_COLUMN_TYPES: Record<(typeof INSERT_COLUMNS)[number], CopyType> = {
  id: 'uuid', reference: 'text', owner_org_id: 'uuid', opened_by: 'uuid', nrm_referral_id: 'uuid', referred_by: 'uuid', referring_org_id: 'uuid',
  referring_org_type: 'text', nrm_state: 'text', reconsideration_of: 'text', htcds_status: 'text', closure_reason: 'text', trafficking_status: 'text',
  is_child: 'bool', registration_year: 'int4', sex: 'text', age_group: 'text', citizenship: 'text', citizenships: 'text[]', country_of_exploitation: 'text',
  exploitation_types: 'text[]', forced_labour_industry: 'text[]', methods_of_control: 'text[]', recruitment_methods: 'text[]', recruiter_relation: 'text[]',
  victim: 'json', person_coded: 'json', consent: 'json', consent_statistics: 'bool', residence_permit: 'text', residence_permit_until: 'date', person_enc: 'text',
  details_enc: 'text', name_index: 'text[]', birthdate_index: 'text', rg_due: 'date', reflection_ends: 'date', cg_due: 'date', follow_up_due: 'date',
  opened_at: 'timestamptz', closed_at: 'timestamptz',
};
const CASE_COPY_TYPES: readonly CopyType[] = INSERT_COLUMNS.map((c) => CASE_COLUMN_TYPES[c]);

/** The json columns of a case (stored as `{}` when absent). */
const JSON_COLUMNS: ReadonlySet<string> = new Set(INSERT_COLUMNS.filter((c) => CASE_COLUMN_TYPES[c] === 'json'));

/** The value of column `col` of a new case, or its default: now for opened_at, `{}` for a json column, else null. */
function caseValue(c: CaseWrite & { reference: string }, col: string): unknown {
  return (c as unknown as Record<string, unknown>)[col] ?? (col === 'opened_at' ? new Date() : JSON_COLUMNS.has(col) ? {} : null);
}

function jsonish(col: string, v: unknown): unknown {
  if (JSON_COLUMNS.has(col)) return JSON.stringify(v ?? {});
  return v ?? null;
}

/** The next human-readable case reference, e.g. `C-2026-000042`. */
export async function nextReference(q: Queryable, year: number): Promise<string> {
  const { rows } = await q.query<{ n: string }>("SELECT nextval('case_reference_seq')::text AS n");
  return formatReference(year, rows[0].n);
}

/** Inserts a case. */
export async function insertCase(q: Queryable, c: CaseWrite & { reference: string }): Promise<void> {
  const values = INSERT_COLUMNS.map((col) => jsonish(col, caseValue(c, col)));
  await q.query(`INSERT INTO cases (${INSERT_COLUMNS.join(', ')}) VALUES (${INSERT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`, values);
}

/** Appends the COPY rows of new cases, in the columns of INSERT_COLUMNS, to `out` (pure: the import worker builds it). */
export function casesCopy(out: CopyBinary, cases: ReadonlyArray<CaseWrite & { reference: string }>): void {
  for (const c of cases) {
    out.row(INSERT_COLUMNS.length);
    for (let j = 0; j < INSERT_COLUMNS.length; j += 1) out.value(CASE_COPY_TYPES[j], caseValue(c, INSERT_COLUMNS[j]));
  }
}

/**
 * `n` new case reference numbers in one query (see nextReference for the format), as one text
 * (100,000 numbers: 92 ms on PGlite, against 351 ms as 100,000 rows). `onlySession`: no other
 * session can take numbers meanwhile (embedded PGlite serves one), so the sequence is moved once,
 * by `n`, instead of being asked `n` times (100,000 numbers: 2 ms instead of about 300 on PGlite).
 * Elsewhere that would hand a number taken between the two steps out twice.
 */
export async function nextReferenceNumbers(q: Queryable, n: number, opts: { onlySession?: boolean } = {}): Promise<string[]> {
  if (n <= 0) return [];
  if (opts.onlySession) {
    const { rows } = await q.query<{ first: string }>(
      "SELECT (setval('case_reference_seq', nextval('case_reference_seq') + $1::bigint - 1) - $1::bigint + 1)::text AS first",
      [n],
    );
    const first = Number(rows[0].first);
    return Array.from({ length: n }, (_, i) => String(first + i));
  }
  const { rows } = await q.query<{ n: string }>("SELECT string_agg(nextval('case_reference_seq')::text, ',') AS n FROM generate_series(1, $1::int)", [n]);
  return rows[0].n.split(',').sort((a, b) => Number(a) - Number(b));
}

/** A case reference from its year and sequence number, e.g. `C-2026-000042`. */
export function formatReference(year: number, n: string): string {
  return `C-${year}-${n.padStart(6, '0')}`;
}

/** One case and the actor's relationship to it (team, partner through an accepted referral, referrer). */
export async function findCaseWithAccess(q: Queryable, id: string, actor: Actor): Promise<CaseWithAccess | undefined> {
  const { rows } = await q.query<CaseWithAccess>(
    `SELECT ${CASE_SELECT},
       EXISTS (SELECT 1 FROM case_team t WHERE t.case_id = c.id AND t.user_id = $2 AND t.removed_at IS NULL AND t.referral_id IS NULL AND t.org_id = c.owner_org_id) AS on_team,
       EXISTS (SELECT 1 FROM case_team t JOIN case_referrals r ON r.id = t.referral_id
               WHERE t.case_id = c.id AND t.user_id = $2 AND t.removed_at IS NULL AND r.status = 'accepted') AS partner,
       (c.referred_by IS NOT NULL AND c.referred_by = $2) AS referrer
     FROM cases c JOIN orgs o ON o.id = c.owner_org_id WHERE c.id = $1`,
    [id, actor.userId],
  );
  return rows[0];
}

/** Updates the given columns of a case, only if it is still in `expectState` (when given); true when updated. */
export async function updateCase(q: Queryable, id: string, patch: Partial<CaseWrite>, expectState?: NrmState): Promise<boolean> {
  const cols = Object.keys(patch).filter((k) => (INSERT_COLUMNS as readonly string[]).includes(k) && k !== 'id');
  if (cols.length === 0) return true;
  const params: unknown[] = [id, ...cols.map((k) => jsonish(k, (patch as Record<string, unknown>)[k]))];
  let sql = `UPDATE cases SET ${cols.map((k, i) => `${k} = $${i + 2}`).join(', ')}, updated_at = now(), version = version + 1 WHERE id = $1`;
  if (expectState) {
    params.push(expectState);
    sql += ` AND nrm_state = $${params.length}`;
  }
  const r = await q.query(sql, params);
  return r.rowCount === 1;
}

/**
 * The visibility rule of every case list, as SQL over alias `c`: the actor's case teams (owner
 * team, or partner team of an accepted referral while the person's referral consent stands), all
 * cases for the national referral authority's coordinators, the cases a responder referred.
 * Analysts and admins see none. Pushes its parameters onto `params`.
 */
export function visibleCasesWhere(actor: Actor, params: unknown[]): string {
  if (actor.role === 'coordinator' && actor.orgType === 'nra') return 'TRUE';
  if (actor.role === 'caseworker') {
    params.push(actor.userId);
    const u = `$${params.length}`;
    params.push(actor.orgId);
    const o = `$${params.length}`;
    // Owner team, or partner team of an accepted referral while the person's referral consent
    // stands. One semi-join, which the planner drives from either side as the statistics say: from
    // the user's memberships (case_team_user_idx) when they are few next to the cases, or along
    // the list's order, probing the team's key (case_id, user_id) for each case, when the user is
    // on most teams, as the importer of a national file is (100,000 cases on PGlite: the newest
    // page's query 2 ms instead of 590 ms; a team of 6,000 on PostgreSQL: 3 ms instead of 24 ms).
    return `EXISTS (SELECT 1 FROM case_team t
                    WHERE t.case_id = c.id AND t.user_id = ${u} AND t.removed_at IS NULL
                      AND ((t.referral_id IS NULL AND t.org_id = ${o})
                        OR (t.referral_id IS NOT NULL AND (c.consent->>'referral') = 'true'
                            AND EXISTS (SELECT 1 FROM case_referrals r WHERE r.id = t.referral_id AND r.status = 'accepted'))))`;
  }
  if (actor.role === 'responder') {
    params.push(actor.userId);
    return `c.referred_by = $${params.length}`;
  }
  return 'FALSE';
}

/** Filters of the case list. */
export interface CaseFilter {
  state?: string[];
  exploitation?: string[];
  citizenship?: string;
  ageGroup?: string[];
  sex?: string;
  orgId?: string;
  openedFrom?: string;
  openedTo?: string;
  nameIndex?: string[];
  sort?: 'opened_desc' | 'opened_asc' | 'reference' | 'due';
  page: number;
  pageSize: number;
}

/** Counting stops here: a list says "10,000 or more" rather than scanning every matching case. */
export const COUNT_CAP = 10000;

/** A page of visible cases, filtered and sorted, and the total count (capped at COUNT_CAP). */
export async function listCases(q: Queryable, actor: Actor, f: CaseFilter): Promise<{ rows: Array<CaseRow & { own_org: boolean }>; total: number; totalIsLowerBound: boolean }> {
  const params: unknown[] = [];
  const where = [visibleCasesWhere(actor, params)];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (f.state?.length) add((p) => `c.nrm_state = ANY(${p}::text[])`, f.state);
  if (f.exploitation?.length) add((p) => `c.exploitation_types && ${p}::text[]`, f.exploitation);
  if (f.citizenship) add((p) => `c.citizenship = ${p}`, f.citizenship);
  if (f.ageGroup?.length) add((p) => `c.age_group = ANY(${p}::text[])`, f.ageGroup);
  if (f.sex) add((p) => `c.sex = ${p}`, f.sex);
  if (f.orgId) add((p) => `c.owner_org_id = ${p}::uuid`, f.orgId);
  if (f.openedFrom) add((p) => `c.opened_at >= ${p}::date`, f.openedFrom);
  if (f.openedTo) add((p) => `c.opened_at < (${p}::date + 1)`, f.openedTo);
  if (f.nameIndex?.length) add((p) => `c.name_index @> ${p}::text[]`, f.nameIndex);
  const whereSql = where.join(' AND ');
  const order =
    f.sort === 'opened_asc' ? 'c.opened_at ASC, c.id ASC'
      : f.sort === 'reference' ? 'c.reference ASC'
        : f.sort === 'due' ? 'c.next_due ASC NULLS LAST, c.opened_at DESC, c.id DESC'
          : 'c.opened_at DESC, c.id DESC';
  const countParams = [...params];
  params.push(actor.orgId, f.pageSize, (f.page - 1) * f.pageSize);
  const last = params.length;
  // Page over narrow rows first (ids in order), then fetch the wide columns of those rows only.
  const [page, count] = await Promise.all([
    q.query<CaseRow & { own_org: boolean }>(
      `SELECT ${CASE_SELECT}, (c.owner_org_id = $${last - 2}) AS own_org
       FROM (SELECT c.id, row_number() OVER () AS pos FROM (SELECT c.id FROM cases c WHERE ${whereSql} ORDER BY ${order} LIMIT $${last - 1} OFFSET $${last}) c) p
       JOIN cases c ON c.id = p.id JOIN orgs o ON o.id = c.owner_org_id ORDER BY p.pos`,
      params,
    ),
    q.query<{ n: string }>(`SELECT count(*)::text AS n FROM (SELECT 1 FROM cases c WHERE ${whereSql} LIMIT ${COUNT_CAP + 1}) s`, countParams),
  ]);
  const n = Number(count.rows[0].n);
  return { rows: page.rows, total: Math.min(n, COUNT_CAP), totalIsLowerBound: n > COUNT_CAP };
}

/** The ids among `ids` the actor may see under the list visibility rule (one query). */
export async function visibleCaseIds(q: Queryable, actor: Actor, ids: string[] | undefined, limit = 10000): Promise<string[]> {
  const params: unknown[] = [];
  const where = [visibleCasesWhere(actor, params)];
  if (ids) {
    params.push(ids);
    where.push(`c.id = ANY($${params.length}::uuid[])`);
  }
  params.push(limit);
  const { rows } = await q.query<{ id: string }>(`SELECT c.id FROM cases c WHERE ${where.join(' AND ')} ORDER BY c.opened_at LIMIT $${params.length}`, params);
  return rows.map((r) => r.id);
}

// ---- team -------------------------------------------------------------------------------------

export interface TeamMemberRow {
  user_id: string;
  org_id: string;
  display_name: string;
  org_name: string;
  referral_id: string | null;
  added_at: Date;
}

/** Adds a user to a case team (owner team when referralId is null). */
export async function addTeamMember(q: Queryable, m: { caseId: string; userId: string; orgId: string; referralId: string | null; addedBy: string | null }): Promise<void> {
  await q.query(
    `INSERT INTO case_team (case_id, user_id, org_id, referral_id, added_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (case_id, user_id) DO UPDATE SET removed_at = NULL, referral_id = EXCLUDED.referral_id, org_id = EXCLUDED.org_id`,
    [m.caseId, m.userId, m.orgId, m.referralId, m.addedBy],
  );
}

/** Removes a user from a case team (the membership history stays). */
export async function removeTeamMember(q: Queryable, caseId: string, userId: string): Promise<boolean> {
  const r = await q.query('UPDATE case_team SET removed_at = now() WHERE case_id = $1 AND user_id = $2 AND removed_at IS NULL', [caseId, userId]);
  return r.rowCount === 1;
}

/** The current team of a case. */
export async function listTeam(q: Queryable, caseId: string): Promise<TeamMemberRow[]> {
  const { rows } = await q.query<TeamMemberRow>(
    `SELECT t.user_id, t.org_id, u.display_name, o.name AS org_name, t.referral_id, t.added_at
     FROM case_team t JOIN users u ON u.id = t.user_id JOIN orgs o ON o.id = t.org_id
     WHERE t.case_id = $1 AND t.removed_at IS NULL ORDER BY t.added_at`,
    [caseId],
  );
  return rows;
}

/** Users of the owner team of a case (for notifications). */
export async function ownerTeamUserIds(q: Queryable, caseId: string): Promise<string[]> {
  const { rows } = await q.query<{ user_id: string }>(
    `SELECT t.user_id FROM case_team t JOIN cases c ON c.id = t.case_id
     WHERE t.case_id = $1 AND t.removed_at IS NULL AND t.referral_id IS NULL AND t.org_id = c.owner_org_id`,
    [caseId],
  );
  return rows.map((r) => r.user_id);
}

// ---- events log (timeline) ----------------------------------------------------------------------

export interface CaseEventRow {
  id: string;
  case_id: string;
  at: Date;
  actor_user_id: string | null;
  actor_org_id: string | null;
  actor_name: string | null;
  actor_org_name: string | null;
  action: string;
  from_state: string | null;
  to_state: string | null;
  details: Record<string, unknown>;
  reason_enc: string | null;
}

/** Records something that happened on a case (who, when, why). */
export async function logCaseEvent(
  q: Queryable,
  e: { caseId: string; actor: Actor | null; action: string; fromState?: string | null; toState?: string | null; details?: Record<string, unknown>; reasonEnc?: string | null },
): Promise<void> {
  await q.query(
    `INSERT INTO case_events_log (case_id, actor_user_id, actor_org_id, action, from_state, to_state, details, reason_enc)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [e.caseId, e.actor?.userId ?? null, e.actor?.orgId ?? null, e.action, e.fromState ?? null, e.toState ?? null, JSON.stringify(e.details ?? {}), e.reasonEnc ?? null],
  );
}

/** The timeline of a case, oldest first. */
export async function listCaseEvents(q: Queryable, caseId: string): Promise<CaseEventRow[]> {
  const { rows } = await q.query<CaseEventRow>(
    `SELECT e.id::text AS id, e.case_id, e.at, e.actor_user_id, e.actor_org_id, u.display_name AS actor_name, o.name AS actor_org_name,
            e.action, e.from_state, e.to_state, e.details, e.reason_enc
     FROM case_events_log e LEFT JOIN users u ON u.id = e.actor_user_id LEFT JOIN orgs o ON o.id = e.actor_org_id
     WHERE e.case_id = $1 ORDER BY e.at, e.id`,
    [caseId],
  );
  return rows;
}

// ---- sub-records ------------------------------------------------------------------------------

export interface CaseRecordRow {
  id: string;
  case_id: string;
  kind: string;
  org_id: string | null;
  org_name: string | null;
  coded: Record<string, unknown>;
  secret_enc: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Inserts a sub-record of a case. */
export async function insertRecord(q: Queryable, r: { id: string; caseId: string; kind: string; orgId: string | null; coded: Record<string, unknown>; secretEnc: string | null; createdBy: string | null }): Promise<void> {
  await q.query(
    'INSERT INTO case_records (id, case_id, kind, org_id, coded, secret_enc, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [r.id, r.caseId, r.kind, r.orgId, JSON.stringify(r.coded), r.secretEnc, r.createdBy],
  );
}

/** A new sub-record of a case, as imports write it (its id is made as it is written: recordsCopy). */
export interface RecordWrite {
  caseId: string;
  kind: string;
  orgId: string | null;
  coded: Record<string, unknown>;
  secretEnc: string | null;
  createdBy: string | null;
}

/**
 * The columns an import writes to the other case tables, each with its type for binary COPY (as
 * migrations declare them), in the order the COPY writers (recordsCopy, teamCopy, eventsCopy) write them.
 */
const RECORD_COLUMNS: Record<string, CopyType> = { id: 'uuid', case_id: 'uuid', kind: 'text', org_id: 'uuid', coded: 'json', secret_enc: 'text', created_by: 'uuid' };
const TEAM_COLUMNS: Record<string, CopyType> = { case_id: 'uuid', user_id: 'uuid', org_id: 'uuid', added_by: 'uuid' };
const EVENT_COLUMNS: Record<string, CopyType> = { case_id: 'uuid', actor_user_id: 'uuid', actor_org_id: 'uuid', action: 'text', details: 'json' };
const RECORD_COPY_TYPES = Object.values(RECORD_COLUMNS);
const TEAM_COPY_TYPES = Object.values(TEAM_COLUMNS);
const EVENT_COPY_TYPES = Object.values(EVENT_COLUMNS);

/**
 * Appends the COPY rows of new sub-records to `out`, in the order of RECORD_COLUMNS, each with a
 * new time-ordered id (nothing but the database needs a new record's id, so it is never made as
 * text: 515,000 records of 100,000 imported cases).
 */
export function recordsCopy(out: CopyBinary, records: readonly RecordWrite[]): void {
  for (const r of records) {
    out.row(RECORD_COPY_TYPES.length);
    out.newUuid();
    out.value(RECORD_COPY_TYPES[1], r.caseId);
    out.value(RECORD_COPY_TYPES[2], r.kind);
    out.value(RECORD_COPY_TYPES[3], r.orgId);
    out.value(RECORD_COPY_TYPES[4], r.coded);
    out.value(RECORD_COPY_TYPES[5], r.secretEnc);
    out.value(RECORD_COPY_TYPES[6], r.createdBy);
  }
}

/** Appends the COPY rows adding one user to the owner team of many cases to `out` (pure), in the order of TEAM_COLUMNS. */
export function teamCopy(out: CopyBinary, caseIds: readonly string[], m: { userId: string; orgId: string; addedBy: string | null }): void {
  for (const id of caseIds) out.line(TEAM_COPY_TYPES, [id, m.userId, m.orgId, m.addedBy]);
}

/** Appends the COPY rows of timeline events by one actor to `out` (pure), in the order of EVENT_COLUMNS. */
export function eventsCopy(out: CopyBinary, events: ReadonlyArray<{ caseId: string; action: string; details: Record<string, unknown> }>, actor: { userId: string | null; orgId: string | null }): void {
  for (const e of events) out.line(EVENT_COPY_TYPES, [e.caseId, actor.userId, actor.orgId, e.action, e.details]);
}

/** The tables an import writes, in the order of an ImportCopy's sections, with their columns' types. */
const IMPORT_COPY_TABLES = [
  { name: 'cases', table: 'cases', columns: INSERT_COLUMNS, types: CASE_COPY_TYPES },
  { name: 'records', table: 'case_records', columns: Object.keys(RECORD_COLUMNS), types: RECORD_COPY_TYPES },
  { name: 'team', table: 'case_team', columns: Object.keys(TEAM_COLUMNS), types: TEAM_COPY_TYPES },
  { name: 'events', table: 'case_events_log', columns: Object.keys(EVENT_COLUMNS), types: EVENT_COPY_TYPES },
] as const;

/**
 * A chunk of imported cases as one binary COPY for each table an import writes (cases, records,
 * team, events), one after the other. The bytes may be a view on a buffer that is filled again
 * once the chunk is written.
 */
export type ImportCopy = CopySections;

/** The rows of each table of an import chunk, read back by column name (tests and diagnostics). */
export function importCopyRows(copy: ImportCopy): Record<(typeof IMPORT_COPY_TABLES)[number]['name'], Array<Record<string, CopiedValue>>> {
  const out = { cases: [], records: [], team: [], events: [] } as Record<(typeof IMPORT_COPY_TABLES)[number]['name'], Array<Record<string, CopiedValue>>>;
  sectionBytes(copy).forEach((bytes, i) => {
    const t = IMPORT_COPY_TABLES[i];
    out[t.name] = readCopy(bytes, t.types).map((row) => Object.fromEntries(t.columns.map((c, j) => [c, row[j]])));
  });
  return out;
}

/**
 * Loads imported cases in bulk, table by table, with COPY (same constraints, triggers and defaults
 * as INSERT; PostgreSQL 15 and PGlite); `opts` as for every table's COPY (see CopyOptions).
 */
export async function writeImportCopy(q: Queryable, copy: ImportCopy, opts?: CopyOptions): Promise<void> {
  const sections = sectionBytes(copy);
  for (let i = 0; i < IMPORT_COPY_TABLES.length; i += 1) {
    if (sections[i].length > EMPTY_COPY_LENGTH) await q.copyFrom(IMPORT_COPY_TABLES[i].table, IMPORT_COPY_TABLES[i].columns, sections[i], opts);
  }
}

/** Replaces the content of a sub-record; false when it does not belong to the case. */
export async function updateRecord(q: Queryable, caseId: string, id: string, kind: string, coded: Record<string, unknown>, secretEnc: string | null): Promise<boolean> {
  const r = await q.query('UPDATE case_records SET coded = $4, secret_enc = $5, updated_at = now() WHERE id = $2 AND case_id = $1 AND kind = $3', [caseId, id, kind, JSON.stringify(coded), secretEnc]);
  return r.rowCount === 1;
}

/** The sub-records of a case, optionally of some kinds only. */
export async function listRecords(q: Queryable, caseId: string, kinds?: string[]): Promise<CaseRecordRow[]> {
  const { rows } = await q.query<CaseRecordRow>(
    `SELECT r.*, o.name AS org_name FROM case_records r LEFT JOIN orgs o ON o.id = r.org_id
     WHERE r.case_id = $1 AND ($2::text[] IS NULL OR r.kind = ANY($2::text[])) ORDER BY r.created_at, r.id`,
    [caseId, kinds ?? null],
  );
  return rows;
}

/** Sub-records of many cases (export). */
export async function listRecordsOfCases(q: Queryable, caseIds: string[]): Promise<CaseRecordRow[]> {
  const { rows } = await q.query<CaseRecordRow>(
    'SELECT r.*, NULL AS org_name FROM case_records r WHERE r.case_id = ANY($1::uuid[]) ORDER BY r.case_id, r.created_at, r.id',
    [caseIds],
  );
  return rows;
}

/** Events of many cases (export of NRM decisions). */
export async function listEventsOfCases(q: Queryable, caseIds: string[]): Promise<CaseEventRow[]> {
  const { rows } = await q.query<CaseEventRow>(
    `SELECT e.id::text AS id, e.case_id, e.at, e.actor_user_id, e.actor_org_id, NULL AS actor_name, NULL AS actor_org_name, e.action,
            e.from_state, e.to_state, e.details, NULL AS reason_enc
     FROM case_events_log e WHERE e.case_id = ANY($1::uuid[]) ORDER BY e.case_id, e.at, e.id`,
    [caseIds],
  );
  return rows;
}

/** Cases by id, in the given order (export). */
export async function findCases(q: Queryable, ids: string[]): Promise<CaseRow[]> {
  const { rows } = await q.query<CaseRow>(`SELECT ${CASE_SELECT} FROM cases c JOIN orgs o ON o.id = c.owner_org_id WHERE c.id = ANY($1::uuid[]) ORDER BY c.opened_at, c.id`, [ids]);
  return rows;
}

// ---- duplicates -------------------------------------------------------------------------------

/** Cases whose stored name keys overlap and whose birth date or citizenship agree (candidates to confirm). */
export async function findDuplicateCandidates(
  q: Queryable,
  c: { id: string; nameIndex: string[]; birthdateIndex: string | null; citizenships: string[] },
): Promise<Array<{ id: string; reference: string; owner_org_id: string; owner_org_name: string; name_index: string[]; birthdate_index: string | null; citizenships: string[] }>> {
  if (c.nameIndex.length === 0) return [];
  const { rows } = await q.query<{ id: string; reference: string; owner_org_id: string; owner_org_name: string; name_index: string[]; birthdate_index: string | null; citizenships: string[] }>(
    `SELECT c.id, c.reference, c.owner_org_id, o.name AS owner_org_name, c.name_index, c.birthdate_index, c.citizenships
     FROM cases c JOIN orgs o ON o.id = c.owner_org_id
     WHERE c.id <> $1 AND c.name_index && $2::text[]
       AND (($3::text IS NOT NULL AND c.birthdate_index = $3) OR c.citizenships && $4::text[])
     LIMIT 50`,
    [c.id, c.nameIndex, c.birthdateIndex, c.citizenships],
  );
  return rows;
}

// ---- settings ---------------------------------------------------------------------------------

/** A setting value, or undefined. */
export async function getSetting<T>(q: Queryable, key: string): Promise<T | undefined> {
  const { rows } = await q.query<{ value: T }>('SELECT value FROM settings WHERE key = $1', [key]);
  const v = rows[0]?.value;
  return typeof v === 'string' ? (JSON.parse(v) as T) : v;
}

/** Writes a setting value. */
export async function putSetting(q: Queryable, key: string, value: unknown): Promise<void> {
  await q.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [key, JSON.stringify(value)]);
}

// ---- attachments ------------------------------------------------------------------------------

export interface AttachmentRow {
  id: string;
  case_id: string;
  kind: string;
  mime: string;
  size_bytes: number;
  name_enc: string;
  content_enc?: string;
  uploaded_by: string | null;
  created_at: Date;
}

/** Stores an encrypted attachment. */
export async function insertAttachment(q: Queryable, a: Required<Omit<AttachmentRow, 'created_at'>>): Promise<void> {
  await q.query(
    'INSERT INTO case_attachments (id, case_id, kind, mime, size_bytes, name_enc, content_enc, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [a.id, a.case_id, a.kind, a.mime, a.size_bytes, a.name_enc, a.content_enc, a.uploaded_by],
  );
}

/** The attachments of a case, without their content. */
export async function listAttachments(q: Queryable, caseId: string): Promise<AttachmentRow[]> {
  const { rows } = await q.query<AttachmentRow>(
    'SELECT id, case_id, kind, mime, size_bytes, name_enc, uploaded_by, created_at FROM case_attachments WHERE case_id = $1 ORDER BY created_at',
    [caseId],
  );
  return rows;
}

/** One attachment of a case with its content. */
export async function findAttachment(q: Queryable, caseId: string, id: string): Promise<AttachmentRow | undefined> {
  const { rows } = await q.query<AttachmentRow>('SELECT * FROM case_attachments WHERE case_id = $1 AND id = $2', [caseId, id]);
  return rows[0];
}

// ---- notifications and my work ----------------------------------------------------------------

/** Adds an in-app notification (once per user and dedupe key). */
export async function insertNotification(q: Queryable, n: { id: string; userId: string; caseId: string | null; kind: string; params: Record<string, unknown>; dedupeKey: string | null }): Promise<void> {
  await q.query(
    `INSERT INTO notifications (id, user_id, case_id, kind, params, dedupe_key) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING`,
    [n.id, n.userId, n.caseId, n.kind, JSON.stringify(n.params), n.dedupeKey],
  );
}

export interface NotificationRow {
  id: string;
  case_id: string | null;
  kind: string;
  params: Record<string, unknown>;
  created_at: Date;
  read_at: Date | null;
}

/** The newest notifications of a user. */
export async function listNotifications(q: Queryable, userId: string, limit = 50): Promise<NotificationRow[]> {
  const { rows } = await q.query<NotificationRow>('SELECT id, case_id, kind, params, created_at, read_at FROM notifications WHERE user_id = $1 ORDER BY created_at DESC LIMIT $2', [userId, limit]);
  return rows;
}

/** Marks a user's notifications read (all when ids is undefined). */
export async function markNotificationsRead(q: Queryable, userId: string, ids?: string[]): Promise<void> {
  await q.query('UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))', [userId, ids ?? null]);
}

/** Coordinators of the national referral authority (who take NRM decisions). */
export async function coordinatorIds(q: Queryable): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>("SELECT u.id FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.role = 'coordinator' AND o.org_type = 'nra' AND NOT u.disabled");
  return rows.map((r) => r.id);
}

/** Visible cases with a deadline on or before `until`, for "my work". */
export async function casesWithDeadlines(q: Queryable, actor: Actor, until: string, onlyTeam: boolean): Promise<CaseRow[]> {
  const params: unknown[] = [];
  const visible = visibleCasesWhere(actor, params);
  params.push(until);
  const u = `$${params.length}::date`;
  let teamOnly = '';
  if (onlyTeam) {
    params.push(actor.orgId);
    teamOnly = ` AND c.owner_org_id = $${params.length}`;
  }
  const { rows } = await q.query<CaseRow>(
    `SELECT ${CASE_SELECT} FROM cases c JOIN orgs o ON o.id = c.owner_org_id
     WHERE ${visible}${teamOnly} AND (
       (c.nrm_state IN ('referred', 'under_assessment') AND c.rg_due <= ${u}) OR
       (c.nrm_state = 'reconsideration') OR
       (c.nrm_state = 'reflection' AND (c.reflection_ends <= ${u} OR c.cg_due <= ${u})) OR
       (c.nrm_state = 'assistance' AND c.follow_up_due <= ${u}))
     ORDER BY LEAST(c.rg_due, c.reflection_ends, c.cg_due, c.follow_up_due) NULLS LAST LIMIT 200`,
    params,
  );
  return rows;
}
