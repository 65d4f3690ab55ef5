/**
 * Benchmark of "Learn from the data" on 100,000 generated HTCDS cases (scripts/generate-cases.ts),
 * on embedded PGlite and on PostgreSQL (a fresh database `jisr_bench_stats`, dropped afterwards):
 *   1. import (setup): one HTCDS JSON document through the exchange service, in the process that
 *      generated it (the import's own time and memory are measured by bench/htcds-import.bench.ts);
 *   2. dataset: snapshot of the coded rows of consenting cases;
 *   3. protected 1- to 4-way counts over 10 attributes with the per-value tables of their 4 multi-valued
 *      attributes (k-anonymity and DP), computed and stored as a release;
 *   4. 100,000 synthetic rows with their fidelity report, DP at ε = 1 and ε = 4.
 * Each database runs in its own child process so its peak RSS is its own (PGlite lives in-process).
 *
 * Usage: npx tsx bench/stats-releases.bench.ts [--cases 100000] [--only pglite|postgres]
 *   JISR_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test) is the admin connection.
 * Targets: counts < 1 s; 100k synthetic rows + fidelity < 5 s; peak RSS of the statistics process < 1 GB.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Db } from '../server/src/db/db';
import { dropBenchDb, freshBenchDb, openBenchDb } from './support/bench-db';
import { FieldCipher, newKeyRing } from '../server/src/crypto/field-crypto';
import { loadConfig } from '../server/src/config';
import type { Deps } from '../server/src/deps';
import type { Actor } from '../server/src/auth/policy';
import type { Role, OrgType } from '../common/roles';
import { generateCases } from '../scripts/generate-cases';
import { exportJson } from '../server/src/exchange/htcds-json';
import { importHtcds } from '../server/src/exchange/exchange.service';
import * as stats from '../server/src/stats/stats.service';
import { loadDatasetCodes } from '../server/src/stats/stats.repository';
import { projectTable, unpackTable } from '../server/src/stats/release-store';
import { DEFAULT_RELEASE_ATTRIBUTES } from '../server/src/stats/stat-rows';
import { BudgetLedger, fidelityReport, protectCounts, type FidelityReport, type LengthFidelity, type PerValueFidelity } from '../server/src/stats/privacy/index';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '100000' }, child: { type: 'string' }, phase: { type: 'string' }, dir: { type: 'string' }, only: { type: 'string' } } });
const N = Number(values.cases);
const DB_NAME = 'jisr_bench_stats';

interface ImportResult {
  generateMs: number;
  importMs: number;
}

interface Result {
  kind: string;
  cases: number;
  consenting: number;
  datasetMs: number;
  countsKMs: number;
  countsDpMs: number;
  reportKMs: number;
  releaseStoredKMs: number;
  perValueTables: number;
  synth: Array<{ epsilon: number; ms: number; storedMs: number; report: FidelityReport }>;
  maxRssMb: number;
}


async function actor(db: Db, role: Role): Promise<Actor> {
  const { rows } = await db.query<{ id: string; org_id: string; org_type: OrgType }>(
    'SELECT u.id, u.org_id, o.org_type FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.role = $1 ORDER BY u.email LIMIT 1',
    [role],
  );
  return { userId: rows[0].id, orgId: rows[0].org_id, orgType: rows[0].org_type, role, locale: 'en' };
}

const time = async <T>(f: () => Promise<T> | T): Promise<[T, number]> => {
  const t0 = performance.now();
  const r = await f();
  return [r, performance.now() - t0];
};


/** Phase 1 (own process): a fresh database, then 100,000 cases imported as one HTCDS JSON document. */
async function importPhase(kind: 'pglite' | 'postgres', dir: string | undefined): Promise<void> {
  const db = await freshBenchDb(kind, DB_NAME, dir);
  try {
    const deps: Deps = { db, config: loadConfig({}), cipher: new FieldCipher(newKeyRing()) };
    const caseworker = await actor(db, 'caseworker');
    const [document, generateMs] = await time(() => exportJson(generateCases(N, 42)));
    const [imported, importMs] = await time(() => importHtcds(deps, caseworker, { format: 'json', document }, 'en'));
    if (imported.created !== N) throw new Error(`imported ${imported.created}`);
    const result: ImportResult = { generateMs, importMs };
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  } finally {
    await db.close();
  }
}

/** Phase 2 (own process): dataset, protected counts, releases, synthetic data with fidelity. */
async function statsPhase(kind: 'pglite' | 'postgres', dir: string | undefined): Promise<void> {
  const db = await openBenchDb(kind, DB_NAME, dir);
  try {
    const deps: Deps = { db, config: loadConfig({}), cipher: new FieldCipher(newKeyRing()) };
    const analyst = await actor(db, 'analyst');
    const [dataset, datasetMs] = await time(() => stats.createDataset(deps, analyst, { name: 'bench', epsilon: 10, delta: 1e-4 }, { ip: '127.0.0.1' }));
    const stored = (await loadDatasetCodes(db, dataset.id))!;
    const snapshot = unpackTable({ columns: dataset.attributes, categories: stored.categories }, dataset.row_count, stored.codes);
    const table = projectTable(snapshot, DEFAULT_RELEASE_ATTRIBUTES);
    const perValue = { columns: stats.perValueColumns(snapshot, table), seed: dataset.id };

    // Protected 1..4-way counts over 10 attributes and the per-value tables (the privacy module's protectCounts).
    const [kRelease, countsKMs] = await time(() => protectCounts({ table, maxLength: 4, protection: { kind: 'k-anonymity', k: 10 }, perValue }));
    const ledger = new BudgetLedger('bench', { epsilon: 100, delta: 0.001 });
    const [, countsDpMs] = await time(() => protectCounts({ table, maxLength: 4, protection: { kind: 'differential-privacy', epsilon: 1, delta: 1e-6 }, ledger, perValue }));
    const [, reportKMs] = await time(() => fidelityReport({ truth: kRelease.truth, released: kRelease.released, rareThreshold: 10, perValue: kRelease.perValue }));
    const perValueTables = kRelease.perValue?.released.schema.columns.length ?? 0;
    // The same, end to end through the service: counts, fidelity report, stored (tables, ledger) and audited.
    const [, releaseStoredKMs] = await time(() =>
      stats.createRelease(deps, analyst, dataset.id, { label: 'k=10, 4-way', maxLength: 4, protection: { kind: 'k-anonymity', k: 10 } }, { ip: '127.0.0.1' }),
    );

    // 100,000 synthetic rows with their fidelity report, DP at ε = 1 and ε = 4 (3-way marginals seed the synthesis).
    const synth: Result['synth'] = [];
    for (const epsilon of [1, 4]) {
      const input = { maxLength: 3, protection: { kind: 'differential-privacy' as const, epsilon, delta: 1e-6 }, synthetic: true, rareThreshold: 10 };
      const [computed, ms] = await time(() => stats.computeRelease(table, input, ledger, `s${epsilon}`, `s${epsilon}`, perValue));
      const [, storedMs] = await time(() => stats.createRelease(deps, analyst, dataset.id, { label: `DP ε=${epsilon} synthetic`, ...input }, { ip: '127.0.0.1' }));
      synth.push({ epsilon, ms, storedMs, report: computed.report });
    }
    const result: Result = {
      kind, cases: N, consenting: dataset.row_count, datasetMs, countsKMs, countsDpMs, reportKMs, releaseStoredKMs, perValueTables, synth,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    };
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  } finally {
    await db.close();
  }
}

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const ok = (value: number, limit: number): string => (value < limit ? 'ok' : 'OVER');

function fidelityLines(title: string, lines: readonly LengthFidelity[]): string[] {
  return [
    `    ${title}`,
    '      len  real   released  MAE      MRE     suppressed  rare hidden',
    ...lines.map((l) => `      ${l.length}    ${String(l.trueCombinations).padEnd(6)} ${String(l.releasedCombinations).padEnd(9)} ${l.meanAbsoluteError.toFixed(2).padEnd(8)} ${pct(l.meanRelativeError).padEnd(7)} ${pct(l.suppressedShare).padEnd(11)} ${pct(l.rareSuppressedShare)}`),
  ];
}

function perValueLines(p: PerValueFidelity | undefined): string[] {
  if (!p) return [];
  return [
    `    per-value tables (at most ${p.cap} values per case${p.budgetShare !== undefined ? `, ${pct(p.budgetShare)} of the budget` : ''})`,
    '      table                      real  released  MAE      MRE     suppressed',
    ...p.tables.map((l) => `      ${l.column.padEnd(26)} ${String(l.trueCombinations).padEnd(5)} ${String(l.releasedCombinations).padEnd(9)} ${l.meanAbsoluteError.toFixed(2).padEnd(8)} ${pct(l.meanRelativeError).padEnd(7)} ${pct(l.suppressedShare)}`),
  ];
}

function run(kind: string, phase: string, dir: string | undefined): { ok: true; line: string } | { ok: false; err: string } {
  const args = [...process.execArgv, fileURLToPath(import.meta.url), '--child', kind, '--phase', phase, '--cases', String(N), ...(dir ? ['--dir', dir] : [])];
  const out = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const line = out.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (out.status !== 0 || !line) return { ok: false, err: out.stderr.slice(-4000) };
  return { ok: true, line: line.slice(7) };
}

function main(): void {
  const kinds = (values.only ? [values.only] : ['pglite', 'postgres']) as Array<'pglite' | 'postgres'>;
  let failed = false;
  for (const kind of kinds) {
    const dir = kind === 'pglite' ? fs.mkdtempSync(path.join(os.tmpdir(), 'jisr-bench-stats-')) : undefined;
    try {
      const imp = run(kind, 'import', dir);
      if (!imp.ok) {
        console.log(`${kind}: import failed\n${imp.err}`);
        failed = true;
        continue;
      }
      const i = JSON.parse(imp.line) as ImportResult;
      const st = run(kind, 'stats', dir);
      if (!st.ok) {
        console.log(`${kind}: statistics failed\n${st.err}`);
        failed = true;
        continue;
      }
      const r = JSON.parse(st.line) as Result;
      const lines = [
        `${r.kind}: ${r.cases.toLocaleString('en')} HTCDS cases (${r.consenting.toLocaleString('en')} consenting to statistics); generating the JSON document took ${s(i.generateMs)} (not counted)`,
        `  import of the cases (setup: this process also generated them; the import's own time and memory: bench/htcds-import.bench.ts)   ${s(i.importMs).padStart(9)}`,
        `  dataset snapshot of consenting cases                        ${s(r.datasetMs).padStart(9)}`,
        `  protected 1..4-way counts, 10 attributes + ${r.perValueTables} per-value tables, k = 10   ${s(r.countsKMs).padStart(9)}  target < 1 s   ${ok(r.countsKMs, 1000)}   (+ fidelity report ${s(r.reportKMs)})`,
        `  protected 1..4-way counts, 10 attributes + ${r.perValueTables} per-value tables, DP ε = 1 ${s(r.countsDpMs).padStart(9)}  target < 1 s   ${ok(r.countsDpMs, 1000)}`,
        `  k = 10 4-way release through the service (+report, stored, audited) ${s(r.releaseStoredKMs)}`,
        ...r.synth.flatMap((x) => [
          `  DP ε = ${x.epsilon}: ${x.report.synthetic?.rows.toLocaleString('en')} synthetic rows + fidelity report   ${s(x.ms).padStart(9)}  target < 5 s   ${ok(x.ms, 5000)}   (through the service, stored: ${s(x.storedMs)})`,
          ...fidelityLines('protected counts vs real', x.report.released),
          ...perValueLines(x.report.perValue),
          ...fidelityLines(`synthetic rows vs real (rare-row copies: ${x.report.synthetic?.rareRowCopies})`, x.report.synthetic?.lengths ?? []),
        ]),
        `  peak RSS of the statistics process ${r.maxRssMb.toFixed(0)} MB  target < 1024 MB  ${ok(r.maxRssMb, 1024)}`,
      ];
      console.log(lines.join('\n'));
      if (r.countsKMs >= 1000 || r.countsDpMs >= 1000 || r.synth.some((x) => x.ms >= 5000) || r.maxRssMb >= 1024) failed = true;
    } finally {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
      if (kind === 'postgres') spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', kind, '--phase', 'drop'], { encoding: 'utf8' });
    }
  }
  process.exitCode = failed ? 1 : 0;
}

if (values.child) {
  const kind = values.child as 'pglite' | 'postgres';
  if (values.phase === 'import') await importPhase(kind, values.dir);
  else if (values.phase === 'stats') await statsPhase(kind, values.dir);
  else await dropBenchDb(DB_NAME);
} else main();
