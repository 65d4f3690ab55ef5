import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO, type TestApp } from './support/test-app';
import { exportCaseBundles, importCaseBundles } from '../src/cases/case-htcds.service';
import type { Actor } from '../src/auth/policy';
import { generateCases } from '../../scripts/generate-cases';

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
});
