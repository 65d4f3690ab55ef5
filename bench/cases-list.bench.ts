/**
 * Benchmark of the case list: 100,000 generated cases (scripts/generate-cases.ts) in a fresh
 * PostgreSQL database `jisr_bench_cases`, then p50/p95 of typical filtered, sorted, paged list
 * queries through the cases repository (the same SQL the API runs, visibility rule included).
 *
 * Usage: npx tsx bench/cases-list.bench.ts [--cases 100000] [--runs 200] [--keep]
 *   JISR_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test) is the admin connection.
 * Target: p95 < 100 ms per query.
 */
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { admin, dropBenchDb, openBenchDb } from './support/bench-db';
import { migrate } from '../server/src/db/migrate';
import { FieldCipher, newKeyRing } from '../server/src/crypto/field-crypto';
import { seedDemo } from '../server/src/orgs/demo-seed';
import { loadConfig } from '../server/src/config';
import type { Deps } from '../server/src/deps';
import type { Actor } from '../server/src/auth/policy';
import { bundleToRows, insertImportedRows } from '../server/src/cases/case-htcds.service';
import { listCases, type CaseFilter } from '../server/src/cases/cases.repository';
import { generateCases } from '../scripts/generate-cases';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '100000' }, runs: { type: 'string', default: '200' }, keep: { type: 'boolean', default: false } } });
const N = Number(values.cases);
const RUNS = Number(values.runs);
const DB_NAME = 'jisr_bench_cases';


function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  await dropBenchDb(DB_NAME);
  await admin(`CREATE DATABASE ${DB_NAME}`);
  const db = await openBenchDb('postgres', DB_NAME, undefined);
  try {
    await migrate(db);
    const seeded = await seedDemo(db, 'bench-password-not-secret');
    const deps: Deps = { db, config: loadConfig({}), cipher: new FieldCipher(newKeyRing()) };
    // Five NGOs with four caseworkers each own the cases.
    const owners: Array<{ orgId: string; userId: string }> = [];
    for (let o = 0; o < 5; o++) {
      const orgId = crypto.randomUUID();
      await db.query("INSERT INTO orgs (id, name, org_type) VALUES ($1, $2, 'ngo')", [orgId, `Bench NGO ${o}`]);
      for (let u = 0; u < 4; u++) {
        const userId = crypto.randomUUID();
        await db.query("INSERT INTO users (id, org_id, email, display_name, role, password_hash) VALUES ($1, $2, $3, $4, 'caseworker', 'x')", [userId, orgId, `cw${o}-${u}@bench.example`, `CW ${o}-${u}`]);
        owners.push({ orgId, userId });
      }
    }
    const t0 = performance.now();
    const bundles = generateCases(N, 42);
    const chunk = 2000;
    for (let i = 0; i < bundles.length; i += chunk) {
      const owner = owners[(i / chunk) % owners.length];
      const rows = bundles.slice(i, i + chunk).map((b, k) => bundleToRows(deps, b, { orgId: owner.orgId, orgType: 'ngo', userId: owner.userId }, `C-B-${String(i + k + 1).padStart(7, '0')}`));
      await db.transaction((tx) => insertImportedRows(tx, rows, owner));
      if ((i / chunk) % 10 === 0) process.stdout.write(`  loaded ${i + rows.length} cases\r`);
    }
    // As autovacuum would: statistics and the visibility map (index-only scans).
    await db.query('VACUUM ANALYZE');
    const { rows: count } = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM cases');
    console.log(`Loaded ${count[0].n} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const nra = seeded!.orgIds.nra;
    const { rows: coordRows } = await db.query<{ id: string }>("SELECT id FROM users WHERE role = 'coordinator' LIMIT 1");
    const coordinator: Actor = { userId: coordRows[0].id, orgId: nra, orgType: 'nra', role: 'coordinator', locale: 'en' };
    const caseworker: Actor = { userId: owners[0].userId, orgId: owners[0].orgId, orgType: 'ngo', role: 'caseworker', locale: 'en' };
    const { rows: teamCount } = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM case_team WHERE user_id = $1', [caseworker.userId]);

    const base: CaseFilter = { page: 1, pageSize: 25 };
    const scenarios: Array<{ name: string; actor: Actor; filter: CaseFilter }> = [
      { name: 'coordinator: all cases, newest first, page 1', actor: coordinator, filter: base },
      { name: 'coordinator: state = reflection', actor: coordinator, filter: { ...base, state: ['reflection'] } },
      { name: 'coordinator: exploitation ForcedLabour + citizenship NG', actor: coordinator, filter: { ...base, exploitation: ['ForcedLabour'], citizenship: 'NG' } },
      { name: 'coordinator: sex Feminine + age 9-17, opened in 2024', actor: coordinator, filter: { ...base, sex: 'Feminine', ageGroup: ['9-17'], openedFrom: '2024-01-01', openedTo: '2024-12-31' } },
      { name: 'coordinator: one organisation, sorted by due date', actor: coordinator, filter: { ...base, orgId: owners[7].orgId, sort: 'due' } },
      { name: 'coordinator: page 40, oldest first', actor: coordinator, filter: { ...base, page: 40, sort: 'opened_asc' } },
      { name: `caseworker (team of ${teamCount[0].n}): newest first`, actor: caseworker, filter: base },
      { name: 'caseworker: state assistance + ForcedCriminality', actor: caseworker, filter: { ...base, state: ['assistance'], exploitation: ['ForcedCriminality'] } },
      { name: 'caseworker: page 20, sorted by due date', actor: caseworker, filter: { ...base, page: 20, sort: 'due' } },
    ];
    console.log(`\n${'query'.padEnd(58)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'total'.padStart(8)}`);
    let worst = 0;
    for (const s of scenarios) {
      for (let i = 0; i < 5; i++) await listCases(db, s.actor, s.filter);
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < RUNS; i++) {
        const start = performance.now();
        const r = await listCases(db, s.actor, s.filter);
        times.push(performance.now() - start);
        total = r.total;
        if (r.totalIsLowerBound) total = -r.total;
      }
      times.sort((a, b) => a - b);
      worst = Math.max(worst, pct(times, 95));
      console.log(`${s.name.padEnd(58)} ${pct(times, 50).toFixed(1).padStart(8)} ${pct(times, 95).toFixed(1).padStart(8)} ${(total < 0 ? `${-total}+` : String(total)).padStart(8)}`);
    }
    console.log(`\nWorst p95: ${worst.toFixed(1)} ms (target < 100 ms) — ${worst < 100 ? 'OK' : 'OVER TARGET'}`);
  } finally {
    await db.close();
    if (!values.keep) await dropBenchDb(DB_NAME);
  }
}

await main();
