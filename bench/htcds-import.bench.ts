/**
 * Benchmark of the HTCDS import (issue "Learn from the data"): 100,000 generated HTCDS cases
 * (scripts/generate-cases.ts) as one JSON document, imported through the exchange service (parse,
 * validation, mapping and encryption in its worker threads, run from the built server as
 * `npm start` runs them; all-or-nothing insert with the importer on every case team),
 * on embedded PGlite (on disk) and on PostgreSQL (a fresh database `jisr_bench_import`, dropped
 * afterwards).
 *
 * The document is generated once in this process and written to a temporary file. For each
 * database, one child process creates and migrates it (creating a PGlite database takes more
 * memory than opening one, as a server does), then another reads the file as bytes in shared memory
 * (as the server holds the body of POST /api/exchange/htcds/import/document) and imports it, so that child's
 * peak RSS is the import's own (PGlite lives in-process). JISR_BENCH_MEM=1 also prints the
 * import's processor time in this process (user and system, microseconds, all threads), the same
 * by thread on Linux (this thread, which on PGlite also runs the database; the workers started for
 * the import, the reader first; V8's other threads; PostgreSQL's processes serving the database),
 * and its memory by kind (heap, external, array buffers) at the highest RSS seen (sampled every 50
 * ms) and after the import.
 *
 * Usage: npx tsx bench/htcds-import.bench.ts [--cases 100000] [--only pglite|postgres] [--floor] [--doc FILE] [--threads 1|2]
 *   --floor also measures the database floor: the same rows, mapped, encrypted and turned into
 *   binary COPY beforehand, written with the import's bulk load (what no JavaScript optimisation can go below).
 *   JISR_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test) is the admin connection.
 * Targets: import < 10 s; peak RSS of the import process < 1 GB.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Db } from '../server/src/db/db';
import { dropBenchDb, freshBenchDb, openBenchDb } from './support/bench-db';
import { machineSpeedLine } from './support/machine';
import { threadCpu } from './support/thread-cpu';
import { sharedBuffer } from '../server/src/http/shared-body';
import { FieldCipher, newKeyRing } from '../server/src/crypto/field-crypto';
import { loadConfig } from '../server/src/config';
import type { Deps } from '../server/src/deps';
import type { Actor } from '../server/src/auth/policy';
import { generateCases } from '../scripts/generate-cases';
import { exportJson } from '../server/src/exchange/htcds-json';
import { importHtcds } from '../server/src/exchange/exchange.service';
import { importJsonInChunks } from '../server/src/exchange/htcds-json';
import { analyzeCaseTables, beginBulkImport, bundleToRows, importedRowsCopy } from '../server/src/cases/case-htcds.service';
import { listCases, writeImportCopy, type ImportCopy } from '../server/src/cases/cases.repository';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '100000' }, child: { type: 'string' }, phase: { type: 'string' }, doc: { type: 'string' }, dir: { type: 'string' }, only: { type: 'string' }, threads: { type: 'string' }, floor: { type: 'boolean', default: false } } });
const N = Number(values.cases);
/** The import worker as the server runs it: built (main() builds the server first), not compiled from TypeScript as it starts. */
const BUILT_WORKER = new URL('../dist/server/import-worker.js', import.meta.url);
const DB_NAME = 'jisr_bench_import';

interface Result {
  kind: string;
  cases: number;
  documentMb: number;
  readMs: number;
  importMs: number;
  rows: { cases: number; records: number; team: number; events: number };
  rssBeforeMb: number;
  maxRssMb: number;
  /** The importer's case list afterwards (they are on every team), newest page, median ms: before and after the statistics job. */
  listMs: { before: number; after: number };
  /** When the first and the last chunk of cases had been written (ms from the start of the import): the start, the load and the tail. */
  writtenMs: { first: number; last: number };
}

/** Median time of the importer's newest page of cases (as GET /api/cases runs it), 15 runs after 3. */
async function newestPageMs(db: Db, actor: Actor): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 18; i += 1) {
    const t = performance.now();
    await listCases(db, actor, { page: 1, pageSize: 25 });
    if (i >= 3) times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[7];
}


async function caseworker(db: Db): Promise<Actor> {
  const { rows } = await db.query<{ id: string; org_id: string }>(
    "SELECT u.id, u.org_id FROM users u WHERE u.email = 'caseworker@demo.jisr.example'",
  );
  return { userId: rows[0].id, orgId: rows[0].org_id, orgType: 'ngo', role: 'caseworker', locale: 'en' };
}


/** Setup (own process: creating a PGlite database takes more memory than opening one): a migrated database with the demo country. */
async function setup(kind: 'pglite' | 'postgres', dir: string | undefined): Promise<void> {
  await (await freshBenchDb(kind, DB_NAME, dir)).close();
}

/**
 * The bytes of a file in shared memory (http/shared-body.ts), as the server holds a document it
 * receives: read in pieces of 64 KB, the size of the chunks a request's body arrives in, each
 * copied into the shared buffer as readSharedBody copies them (so the buffer's pages are first
 * written by this process, as they are in the server, not by the kernel).
 */
function readShared(file: string): Buffer {
  const bytes = sharedBuffer(fs.statSync(file).size);
  const piece = Buffer.allocUnsafe(64 * 1024);
  const fd = fs.openSync(file, 'r');
  try {
    for (let at = 0; at < bytes.length; ) {
      const n = fs.readSync(fd, piece, 0, Math.min(piece.length, bytes.length - at), at);
      if (n === 0) throw new Error(`${file} ended early`);
      bytes.set(piece.subarray(0, n), at);
      at += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return bytes;
}

/** The import (own process, as a server holding the request body): read the document, import it, count the rows. */
async function importPhase(kind: 'pglite' | 'postgres', docPath: string, dir: string | undefined): Promise<void> {
  const db = await openBenchDb(kind, DB_NAME, dir);
  try {
    const deps: Deps = { db, config: loadConfig({}), cipher: new FieldCipher(newKeyRing()) };
    const actor = await caseworker(db);
    const t0 = performance.now();
    const document = readShared(docPath); // bytes in shared memory, as POST /api/exchange/htcds/import/document receives them
    const readMs = performance.now() - t0;
    const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
    let peak = process.memoryUsage();
    // With JISR_BENCH_MEM: the processor time of each thread (and of the PostgreSQL server's processes serving this database).
    const backends = process.env.JISR_BENCH_MEM && kind === 'postgres'
      ? (await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')).rows.map((r) => r.pid)
      : [];
    const cpu = process.env.JISR_BENCH_MEM ? threadCpu(backends) : undefined;
    const sampler = process.env.JISR_BENCH_MEM ? setInterval(() => { const m = process.memoryUsage(); if (m.rss > peak.rss) peak = m; cpu?.sample(); }, 50) : undefined;
    const u0 = process.resourceUsage();
    const t1 = performance.now();
    const threads = values.threads ? (Number(values.threads) as 1 | 2) : undefined;
    const writtenMs = { first: 0, last: 0 };
    const onProgress = () => {
      writtenMs.last = performance.now() - t1;
      if (writtenMs.first === 0) writtenMs.first = writtenMs.last;
    };
    const imported = await importHtcds(deps, actor, { format: 'json', document }, 'en', { threads, workerScript: BUILT_WORKER, onProgress });
    const importMs = performance.now() - t1;
    if (sampler) { clearInterval(sampler); process.stdout.write(`MEM at the peak ${JSON.stringify(Object.fromEntries(Object.entries(peak).map(([k, v]) => [k, Math.round(v / 2 ** 20)])))}\n`); }
    if (imported.created !== N) throw new Error(`imported ${imported.created}`);
    const maxRssMb = process.resourceUsage().maxRSS / 1024;
    if (process.env.JISR_BENCH_MEM) {
      const u = process.resourceUsage();
      const during = { user: u.userCPUTime - u0.userCPUTime, system: u.systemCPUTime - u0.systemCPUTime, minorPageFaults: u.minorPageFault - u0.minorPageFault, contextSwitches: u.voluntaryContextSwitches + u.involuntaryContextSwitches - u0.voluntaryContextSwitches - u0.involuntaryContextSwitches };
      process.stdout.write(`CPU during the import ${JSON.stringify(during)}\n`);
      process.stdout.write(`CPU by thread: ${cpu!.report(importMs)}\n`);
    }
    if (process.env.JISR_BENCH_MEM) process.stdout.write(`MEM after ${JSON.stringify(Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 2 ** 20)])))}\n`);
    const count = async (sql: string) => Number((await db.query<{ n: string }>(sql)).rows[0].n);
    const rows = {
      cases: await count('SELECT count(*)::text AS n FROM cases'),
      records: await count('SELECT count(*)::text AS n FROM case_records'),
      team: await count('SELECT count(*)::text AS n FROM case_team'),
      events: await count('SELECT count(*)::text AS n FROM case_events_log'),
    };
    // Not timed: what the import leaves the importer (see analyzeCaseTables, the job it queued).
    const listBefore = await newestPageMs(db, actor);
    await analyzeCaseTables(db);
    const listMs = { before: listBefore, after: await newestPageMs(db, actor) };
    const result: Result = { kind, cases: N, documentMb: document.length / 2 ** 20, readMs, importMs, rows, rssBeforeMb, maxRssMb, listMs, writtenMs };
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  } finally {
    await db.close();
  }
}

/**
 * The database floor (--floor): the same rows as the import (parsed, checked, mapped, encrypted and
 * turned into binary COPY beforehand, not timed, 250 cases to a chunk as the import's worker sends
 * them), written with the import's own bulk load in one transaction. What is left of the import's
 * time once all of Jisr's JavaScript work is taken away.
 */
async function floorPhase(kind: 'pglite' | 'postgres', docPath: string, dir: string | undefined): Promise<void> {
  const db = await openBenchDb(kind, DB_NAME, dir);
  try {
    const deps: Deps = { db, config: loadConfig({}), cipher: new FieldCipher(newKeyRing()) };
    const actor = await caseworker(db);
    const owner = { orgId: actor.orgId, orgType: 'ngo', userId: actor.userId };
    const chunks: Array<{ copy: ImportCopy; cases: number }> = [];
    let n = 0;
    const outcome = await importJsonInChunks(fs.readFileSync(docPath), async (bundles) => {
      chunks.push({ copy: importedRowsCopy(bundles.map((b) => bundleToRows(deps, b, owner, `C-FLOOR-${(n += 1)}`)), owner), cases: bundles.length });
    }, 250);
    if (!outcome.ok) throw new Error('document refused');
    const t0 = performance.now();
    await db.transaction(async (tx) => {
      // As the import loads 100,000 cases into an empty database: in bulk (db/bulk-load.ts).
      const load = await beginBulkImport(tx, owner, db.dataDir);
      for (const { copy, cases } of chunks) {
        await writeImportCopy(tx, copy, { freeze: load.freeze });
        load.wrote(cases);
      }
      await load.complete();
    });
    process.stdout.write(`FLOOR ${JSON.stringify({ cases: n, ms: performance.now() - t0 })}\n`);
  } finally {
    await db.close();
  }
}

function main(): void {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jisr-bench-import-'));
  // --doc FILE: the document of an earlier run (written there if missing), for runs compared with each other.
  const docPath = values.doc ?? path.join(tmp, 'cases.json');
  let failed = false;
  try {
    const built = spawnSync(process.execPath, [fileURLToPath(new URL('../scripts/build-server.mjs', import.meta.url))], { encoding: 'utf8', cwd: fileURLToPath(new URL('..', import.meta.url)) });
    if (built.status !== 0) throw new Error(`building the server failed:\n${built.stderr}`);
    const t0 = performance.now();
    const reused = values.doc !== undefined && fs.existsSync(docPath);
    if (!reused) {
      fs.mkdirSync(path.dirname(docPath), { recursive: true });
      fs.writeFileSync(docPath, exportJson(generateCases(N, 42)));
    }
    const size = `one JSON document of ${(fs.statSync(docPath).size / 2 ** 20).toFixed(0)} MB`;
    if (reused) console.log(`${N.toLocaleString('en')} HTCDS cases: ${size} made by an earlier run (${docPath})`);
    else console.log(`generated ${N.toLocaleString('en')} HTCDS cases as ${size} in ${((performance.now() - t0) / 1000).toFixed(1)} s (not counted)`);
    const kinds = (values.only ? [values.only] : ['pglite', 'postgres']) as Array<'pglite' | 'postgres'>;
    for (const kind of kinds) {
      const dir = kind === 'pglite' ? path.join(tmp, 'pglite') : undefined;
      const args = (phase: string) => [...process.execArgv, fileURLToPath(import.meta.url), '--child', kind, '--phase', phase, '--doc', docPath, '--cases', String(N), ...(dir ? ['--dir', dir] : []), ...(values.threads ? ['--threads', values.threads] : [])];
      const prepared = spawnSync(process.execPath, args('setup'), { encoding: 'utf8' });
      if (prepared.status !== 0) {
        console.log(`${kind}: setup failed\n${prepared.stderr.slice(-4000)}`);
        failed = true;
        continue;
      }
      const out = spawnSync(process.execPath, args('import'), { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (kind === 'postgres') spawnSync(process.execPath, args('drop'), { encoding: 'utf8' });
      const line = out.stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (out.status !== 0 || !line) {
        console.log(`${kind}: import failed\n${out.stderr.slice(-4000)}`);
        failed = true;
        continue;
      }
      const r = JSON.parse(line.slice(7)) as Result;
      for (const l of out.stdout.split('\n')) if (l.startsWith('MEM ') || l.startsWith('CPU ')) console.log(kind, l);
      const ok = (v: number, limit: number) => (v < limit ? 'ok' : 'OVER');
      console.log(
        `${kind.padEnd(8)} import of ${r.cases.toLocaleString('en')} cases: ${(r.importMs / 1000).toFixed(2)} s (target < 10 s ${ok(r.importMs, 10_000)}); ` +
          `peak RSS ${r.maxRssMb.toFixed(0)} MB (target < 1024 MB ${ok(r.maxRssMb, 1024)}; ${r.rssBeforeMb.toFixed(0)} MB with the document read, before the import); ` +
          `rows: ${r.rows.cases} cases, ${r.rows.records} records, ${r.rows.team} team, ${r.rows.events} events`,
      );
      console.log(
        `${kind.padEnd(8)} its parts: the first chunk of cases written after ${(r.writtenMs.first / 1000).toFixed(2)} s, the last after ` +
          `${(r.writtenMs.last / 1000).toFixed(2)} s, then ${((r.importMs - r.writtenMs.last) / 1000).toFixed(2)} s to rebuild the indexes and commit`,
      );
      console.log(`${kind.padEnd(8)} ${machineSpeedLine()}`);
      console.log(`${kind.padEnd(8)} the importer's newest page of cases afterwards (on every team; median, not counted): ${r.listMs.before.toFixed(1)} ms, ${r.listMs.after.toFixed(1)} ms once the statistics job ran`);
      if (r.importMs >= 10_000 || r.maxRssMb >= 1024) failed = true;
      if (values.floor) {
        if (kind === 'pglite') fs.rmSync(dir!, { recursive: true, force: true });
        spawnSync(process.execPath, args('setup'), { encoding: 'utf8' });
        const floor = spawnSync(process.execPath, args('floor'), { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
        if (kind === 'postgres') spawnSync(process.execPath, args('drop'), { encoding: 'utf8' });
        const f = floor.stdout.split('\n').find((l) => l.startsWith('FLOOR '));
        if (!f) console.log(`${kind}: floor failed\n${floor.stderr.slice(-4000)}`);
        else console.log(`${kind.padEnd(8)} database floor: the same rows, already mapped and encrypted, written in ${(JSON.parse(f.slice(6)).ms / 1000).toFixed(2)} s (no parsing, checking or encryption timed)`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.exitCode = failed ? 1 : 0;
}

if (values.child) {
  const kind = values.child as 'pglite' | 'postgres';
  if (values.phase === 'setup') await setup(kind, values.dir);
  else if (values.phase === 'import') await importPhase(kind, values.doc!, values.dir);
  else if (values.phase === 'floor') await floorPhase(kind, values.doc!, values.dir);
  else await dropBenchDb(DB_NAME);
}
else main();
