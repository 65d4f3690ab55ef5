import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO, type TestApp } from './support/test-app';
import { exportCaseBundles, importCaseBundleChunks, importCaseBundles } from '../src/cases/case-htcds.service';
import type { Actor } from '../src/auth/policy';
import { generateCases } from '../../scripts/generate-cases';
import { importJsonInWorker } from '../src/exchange/import-worker-client';
import { exportJson } from '../src/exchange/htcds-json';
import { testDbKind } from './support/test-db';
import { formatReference, nextReference, nextReferenceNumbers } from '../src/cases/cases.repository';
import { JobWorker } from '../src/jobs/queue';
import { registerJobs } from '../src/server';

async function actorOf(t: TestApp, email: string): Promise<Actor> {
  const { rows } = await t.db.query<{ id: string; org_id: string; role: Actor['role']; org_type: Actor['orgType'] }>(
    'SELECT u.id, u.org_id, u.role, o.org_type FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.email = $1', [email]);
  return { userId: rows[0].id, orgId: rows[0].org_id, role: rows[0].role, orgType: rows[0].org_type, locale: 'en' };
}

describe('HTCDS import and export of cases (contract with statistics)', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t.close(); });

  it('imports generated bundles into the actor organisation and exports them back with the same coded values', async () => {
    const caseworker = await actorOf(t, DEMO.caseworker);
    const bundles = generateCases(30, 7);
    // The deciding organisation of an imported decision is kept as the source named it.
    const decided = bundles.find((b) => b.jisr?.decisions?.length)!;
    decided.jisr!.decisions![0].decidedBy = 'source-org-17';
    const result = await importCaseBundles(t.deps, caseworker, bundles);
    expect(result.created).toBe(30);
    // New ids grow with time (UUID version 7: the primary keys take them at their right-hand edge),
    // cases and their records alike, in the order of the document.
    expect(result.caseIds.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]/.test(id))).toBe(true);
    expect([...result.caseIds].sort()).toEqual(result.caseIds);
    const records = await t.db.query<{ id: string; case_id: string }>('SELECT id::text, case_id::text FROM case_records WHERE case_id = ANY($1::uuid[]) ORDER BY id', [result.caseIds]);
    expect(records.rows.length).toBeGreaterThan(30);
    expect(records.rows.map((r) => result.caseIds.indexOf(r.case_id))).toEqual(records.rows.map((r) => result.caseIds.indexOf(r.case_id)).sort((a, b) => a - b));
    const { rows } = await t.db.query<{ owner_org_id: string; exploitation_types: string[]; citizenship: string; age_group: string; registration_year: number; consent_statistics: boolean }>(
      'SELECT owner_org_id, exploitation_types, citizenship, age_group, registration_year, consent_statistics FROM cases WHERE id = ANY($1::uuid[]) ORDER BY array_position($1::uuid[], id)', [result.caseIds]);
    expect(rows.every((r) => r.owner_org_id === caseworker.orgId)).toBe(true);
    expect(rows[0].exploitation_types).toEqual(bundles[0].vic[0].vic_TypeOfExploitation);
    expect(rows[0].citizenship).toBe(bundles[0].prs.find((p) => p.prs_Id === bundles[0].cas.cas_PersonId)!.prs_Citizenship![0]);

    const exported = await exportCaseBundles(t.deps, caseworker, { includeIdentifying: true, caseIds: result.caseIds });
    expect(exported).toHaveLength(30);
    const first = exported.find((b) => b.cas.cas_Id === result.caseIds[0])!;
    const person = first.prs.find((p) => p.prs_Id === first.cas.cas_PersonId)!;
    const original = bundles[0].prs.find((p) => p.prs_Id === bundles[0].cas.cas_PersonId)!;
    expect(person.prs_FirstName).toBe(original.prs_FirstName);
    expect(first.vic[0].vic_TypeOfExploitation).toEqual(bundles[0].vic[0].vic_TypeOfExploitation);
    expect(first.jisr?.nrmStatus).toBeDefined();
    expect(first.hte.length).toBe(bundles[0].hte.length);
    // NRM decisions survive the round trip, each case keeping one timeline entry for its import.
    const withDecisions = bundles.findIndex((b) => (b.jisr?.decisions?.length ?? 0) > 1);
    expect(withDecisions).toBeGreaterThanOrEqual(0);
    const back = exported.find((b) => b.cas.cas_Id === result.caseIds[withDecisions])!;
    expect(back.jisr?.decisions).toEqual(bundles[withDecisions].jisr!.decisions);
    const decidedBack = exported.find((b) => b.cas.cas_Id === result.caseIds[bundles.indexOf(decided)])!;
    expect(decidedBack.jisr?.decisions?.[0].decidedBy).toBe('source-org-17');
    const timeline = await t.db.query<{ action: string; details: { decisions?: unknown[] } }>('SELECT action, details FROM case_events_log WHERE case_id = $1', [result.caseIds[withDecisions]]);
    expect(timeline.rows).toHaveLength(1);
    expect(timeline.rows[0].action).toBe('case.imported');
    expect(timeline.rows[0].details.decisions).toHaveLength(bundles[withDecisions].jisr!.decisions!.length);

    const anonymous = await exportCaseBundles(t.deps, caseworker, { includeIdentifying: false, caseIds: result.caseIds });
    const p2 = anonymous[0].prs.find((p) => p.prs_Id === anonymous[0].cas.cas_PersonId)!;
    expect(p2.prs_FirstName).toBeUndefined();
    expect(p2.prs_Birthdate).toBeUndefined();
  });

  it('reserves case reference numbers for an import in one step, asking the sequence n times or, with one session, moving it once', async () => {
    for (const onlySession of [false, true]) {
      const before = Number(await nextReference(t.db, 2026).then((r) => r.slice(-6)));
      const numbers = await t.db.transaction((tx) => nextReferenceNumbers(tx, 1000, { onlySession }));
      expect(numbers).toEqual(Array.from({ length: 1000 }, (_, i) => String(before + 1 + i)));
      // The next number taken alone follows them.
      expect(await nextReference(t.db, 2026)).toBe(formatReference(2026, String(before + 1001)));
    }
    expect(await nextReferenceNumbers(t.db, 0, { onlySession: true })).toEqual([]);
  });

  it('exports nothing to another organisation or an analyst, and refuses imports by analysts', async () => {
    const other = await actorOf(t, DEMO.caseworker2);
    expect(await exportCaseBundles(t.deps, other, { includeIdentifying: true })).toEqual([]);
    const analyst = await actorOf(t, DEMO.analyst);
    await expect(exportCaseBundles(t.deps, analyst, { includeIdentifying: false })).rejects.toThrow('auth.forbidden');
    await expect(importCaseBundles(t.deps, analyst, generateCases(1, 1))).rejects.toThrow('auth.forbidden');
  });

  it('imports all or nothing', async () => {
    const caseworker = await actorOf(t, DEMO.caseworker);
    const before = await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM cases');
    const bad = generateCases(3, 9);
    (bad[2].cas as { cas_Status: string }).cas_Status = 'NotAStatus';
    await expect(importCaseBundles(t.deps, caseworker, bad)).rejects.toThrow();
    const after = await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM cases');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('loads a large import in bulk: the case tables keep every index and key, checked; a refused one changes nothing', async () => {
    const caseworker = await actorOf(t, DEMO.caseworker);
    const catalog = async () => {
      const tables = ['cases', 'case_records', 'case_team', 'case_events_log'];
      const indexes = await t.db.query('SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indrelid = ANY($1::text[]::regclass[]) ORDER BY 1', [tables]);
      const keys = await t.db.query('SELECT conrelid::regclass::text AS rel, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = ANY($1::text[]::regclass[]) ORDER BY 1, 2', [tables]);
      return { indexes: indexes.rows, keys: keys.rows };
    };
    const count = async () => Number((await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM cases')).rows[0].n);
    const before = await catalog();
    expect(before.indexes.length).toBeGreaterThan(10);
    expect(before.keys.some((k) => k.conname === 'case_records_case_id_fkey')).toBe(true);
    const existing = await count();
    const n = Math.max(40, existing);

    // Refused after the first chunk was written: indexes, keys and cases as they were.
    await expect(importCaseBundleChunks(t.deps, caseworker, async (sink) => {
      await sink(generateCases(20, 5), n);
      throw new Error('refused by the reader');
    }, {}, { bulkFrom: 10 })).rejects.toThrow('refused by the reader');
    expect(await catalog()).toEqual(before);
    expect(await count()).toBe(existing);

    const result = await importCaseBundles(t.deps, caseworker, generateCases(n, 13), {}, { bulkFrom: 10 });
    expect(result.created).toBe(n);
    expect(await catalog()).toEqual(before);
    expect(await count()).toBe(existing + n);
    const { rows } = await t.db.query<{ details: { count: number; bulk?: boolean } }>("SELECT details FROM audit_log WHERE action = 'case.import' ORDER BY id DESC LIMIT 1");
    expect(rows[0].details).toMatchObject({ count: n, bulk: true });
    // Every imported case with its team, timeline and sub-records, found through the rebuilt indexes.
    const joined = await t.db.query<{ team: string; events: string; records: string }>(
      `SELECT (SELECT count(*) FROM case_team WHERE case_id = ANY($1::uuid[]))::text AS team,
              (SELECT count(*) FROM case_events_log WHERE case_id = ANY($1::uuid[]))::text AS events,
              (SELECT count(DISTINCT case_id) FROM case_records WHERE case_id = ANY($1::uuid[]))::text AS records`, [result.caseIds]);
    expect(joined.rows[0]).toEqual({ team: String(n), events: String(n), records: String(n) });
    // Keys to users and organisations, checked once for the whole load (trustReferences), and keys
    // to the cases (kept, unchecked, where the checks were off: each row's case is in its chunk) hold for every row.
    const outside = await t.db.query<{ rel: string; col: string; ref: string }>(
      `SELECT c.conrelid::regclass::text AS rel, a.attname AS col, c.confrelid::regclass::text AS ref
         FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f' AND c.conrelid = ANY($1::text[]::regclass[]) AND c.confrelid IN ('users'::regclass, 'orgs'::regclass, 'cases'::regclass)`,
      [['cases', 'case_records', 'case_team', 'case_events_log']]);
    expect(outside.rows.length).toBeGreaterThanOrEqual(13);
    for (const k of outside.rows) {
      const dangling = await t.db.query(`SELECT 1 FROM ${k.rel} x WHERE x.${k.col} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${k.ref} r WHERE r.id = x.${k.col})`);
      expect(dangling.rows, `${k.rel}.${k.col}`).toEqual([]);
    }
    const owned = await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM case_records WHERE case_id = ANY($1::uuid[]) AND (org_id <> $2 OR created_by <> $3)', [result.caseIds, caseworker.orgId, caseworker.userId]);
    expect(owned.rows[0].n).toBe('0');

    // An import above the threshold but small next to the database is written row by row.
    await importCaseBundles(t.deps, caseworker, generateCases(12, 14), {}, { bulkFrom: 10 });
    const last = await t.db.query<{ details: { bulk?: boolean } }>("SELECT details FROM audit_log WHERE action = 'case.import' ORDER BY id DESC LIMIT 1");
    expect(last.rows[0].details.bulk).toBeUndefined();
  });
});

describe('a bulk import into a database without cases', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t.close(); });
  const tables = ['cases', 'case_records', 'case_team', 'case_events_log'];

  it('read in worker threads, written frozen into new storage on PGlite (first reads afterwards set no hint bits)', async () => {
    const caseworker = await actorOf(t, DEMO.caseworker);
    const bundles = generateCases(60, 41);
    const result = await importCaseBundleChunks(t.deps, caseworker, async (_sink, writer) => {
      const { result: outcome } = await importJsonInWorker(Buffer.from(exportJson(bundles)), writer, t.deps.cipher.exportKeyRing(), { chunkSize: 25 });
      expect(outcome).toEqual({ ok: true, cases: 60 });
    }, {}, { bulkFrom: 10 });
    expect(result.created).toBe(60);
    expect(await exportCaseBundles(t.deps, caseworker, { includeIdentifying: false })).toHaveLength(60);

    await t.db.query(`ANALYZE ${tables.join(', ')}`);
    const pages = await t.db.query<{ relname: string; relpages: number; relallvisible: number }>(
      'SELECT relname, relpages, relallvisible FROM pg_class WHERE relname = ANY($1::text[]) ORDER BY relname', [tables]);
    if (testDbKind() === 'pglite') {
      // Frozen (see db-copy.test.ts): the pages the COPY filled from empty are marked all-visible.
      for (const r of pages.rows) expect(r.relallvisible, r.relname).toBeGreaterThan(0);
    } else {
      // A PostgreSQL server keeps its storage (its log is for replicas too): rows written as usual.
      expect(pages.rows.every((r) => r.relallvisible === 0)).toBe(true);
    }
  });

  it('queues the refresh of the planner statistics of the case tables, which a job then runs', async () => {
    const estimate = async () => (await t.db.query<{ reltuples: number }>("SELECT reltuples FROM pg_class WHERE relname = 'case_team'")).rows[0].reltuples;
    const queued = async () => (await t.db.query("SELECT id FROM jobs WHERE kind = 'cases.analyze' AND status = 'queued'")).rows.length;
    await t.db.query("UPDATE jobs SET status = 'done' WHERE kind = 'cases.analyze'");
    const caseworker = await actorOf(t, DEMO.caseworker);
    await importCaseBundles(t.deps, caseworker, generateCases(3, 43));
    expect(await queued()).toBe(0); // not a bulk load: nothing to refresh
    const existing = Number((await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM case_team')).rows[0].n);
    await importCaseBundles(t.deps, caseworker, generateCases(existing + 10, 44), {}, { bulkFrom: 10 });
    expect(await queued()).toBe(1);
    const before = await estimate();
    const worker = new JobWorker(t.db, { error: () => undefined });
    registerJobs(worker, t.deps);
    await worker.drain();
    expect(await queued()).toBe(0);
    expect(before).not.toBe(2 * existing + 10);
    expect(await estimate()).toBe(2 * existing + 10);
  });
});
