/**
 * HTCDS 2.0 exchange use cases: export the cases the actor may read as one JSON document or a ZIP
 * of one CSV per HTCDS table, and import a JSON document, CSV files or a ZIP of them, all or
 * nothing, every bad row and column reported in the user's language. Case visibility, identity
 * release, the audit of exports and imports, and case creation belong to the cases service.
 */
import type { Deps } from '../deps';
import type { Actor } from '../auth/policy';
import { AppError } from '../http/app-error';
import crypto from 'node:crypto';
import { exportCaseBundles, importCaseBundleChunks, importCaseBundles, type ImportHooks } from '../cases/case-htcds.service';
import * as repo from './exchange.repository';
import { exportCsv, importCsv } from './htcds-csv';
import { exportJson, importJson, importJsonInChunks, type ChunkedImportResult } from './htcds-json';
import { sharedWithWorkers, startJsonImport, type JsonImportWorkers } from './import-worker-client';
import { formatExchangeError, type ExchangeLocale } from './exchange-errors';
import type { ExchangeError } from './htcds-tables';
import { exchangePolicy } from './exchange.policy';
import { unzipFiles, zipFiles } from './zip';

/** One import problem as the user sees it. */
export interface ImportProblem {
  table: string;
  row: number;
  column: string;
  code: string;
  message: string;
}

/** An import refused as a whole: every problem, nothing imported. */
export class ImportRejected extends AppError {
  constructor(readonly problems: ImportProblem[]) {
    super('exchange.import_rejected', { problems: problems.length }, 400);
  }
}

/** A file to send back. */
export interface ExportFile {
  contentType: string;
  filename: string;
  body: string | Buffer;
}

/**
 * Exports the actor's readable cases in HTCDS 2.0. Identifying fields only when asked and allowed
 * (403 otherwise); the cases service audits the export with the case ids and the identifying flag.
 */
export async function exportHtcds(deps: Deps, actor: Actor, opts: { identifying: boolean; format: 'json' | 'zip' }): Promise<ExportFile> {
  if (!exchangePolicy.can(actor, 'export', 'HtcdsExport', {})) throw new AppError('auth.forbidden');
  if (opts.identifying && !exchangePolicy.can(actor, 'export_identifying', 'HtcdsExport', {})) throw new AppError('auth.forbidden');
  const bundles = await exportCaseBundles(deps, actor, { includeIdentifying: opts.identifying });
  const stamp = new Date().toISOString().slice(0, 10);
  if (opts.format === 'json') {
    return { contentType: 'application/json; charset=utf-8', filename: `htcds-${stamp}.json`, body: exportJson(bundles) };
  }
  const tables = exportCsv(bundles);
  return {
    contentType: 'application/zip',
    filename: `htcds-${stamp}.zip`,
    body: zipFiles(Object.entries(tables).map(([table, content]) => ({ name: `${table}.csv`, content }))),
  };
}

function present(errors: readonly ExchangeError[], locale: ExchangeLocale): ImportProblem[] {
  return errors.map((e) => ({ table: e.table, row: e.row, column: e.column, code: e.code, message: formatExchangeError(e, locale) }));
}

/** The HTCDS input of an import (a JSON document as text, or as the UTF-8 bytes a server received). */
export type ImportInput = { format: 'json'; document: string | Buffer } | { format: 'csv'; files: Record<string, string> } | { format: 'zip'; base64: string };

/**
 * A keyed digest of an import's content (a blind index of its BLAKE2b-512): the same file gives the
 * same digest, whatever the format it is sent in (CSV files in any order). BLAKE2b, not SHA-256: the
 * whole file is hashed before its import starts, and on this 2-core machine (no SHA instructions
 * used) BLAKE2b-512 takes 0.20 s for a 244 MB document where SHA-256 took 0.47 s.
 */
function importDigest(deps: Deps, input: ImportInput): string {
  const hash = crypto.createHash('blake2b512');
  if (input.format === 'json') hash.update(input.document);
  else if (input.format === 'zip') hash.update(input.base64);
  else for (const name of Object.keys(input.files).sort()) hash.update(`${name}\u0000${input.files[name]}\u0000`);
  return deps.cipher.blindIndex(`${input.format}:${hash.digest('hex')}`, 'htcds_import');
}

/** Refuses a file the organisation already imported, unless the user confirmed a repeat. */
async function alreadyImported(deps: Deps, actor: Actor, digest: string): Promise<AppError | undefined> {
  const first = await repo.findFirstImport(deps.db, actor.orgId, digest);
  return first ? new AppError('exchange.already_imported', { at: first.created_at.getTime(), cases: first.cases }, 409) : undefined;
}

/**
 * Imports HTCDS cases: all or nothing; throws ImportRejected naming every bad row and column. A
 * file the organisation already imported is refused (409 exchange.already_imported, with when and
 * how many cases) unless `repeat` confirms it; each import is recorded by a keyed digest only.
 */
export async function importHtcds(deps: Deps, actor: Actor, input: ImportInput, locale: ExchangeLocale, opts: ImportRunOptions = {}): Promise<{ created: number; caseIds: string[] }> {
  if (!exchangePolicy.can(actor, 'import', 'HtcdsImport', {})) throw new AppError('auth.forbidden');
  // A large document held in shared memory (a server's request body) starts being read in worker
  // threads now, while this thread hashes it and looks for an earlier import of it: the reading
  // does not wait for the 0.2 s the hashing of 244 MB takes, and is stopped if the file is refused.
  const early = input.format === 'json' && typeof input.document !== 'string' && readInWorker(input.document, opts) && sharedWithWorkers(input.document)
    ? startWorkers(deps, input.document, opts)
    : undefined;
  try {
    const digest = importDigest(deps, input);
    const repeat = opts.repeat === true;
    if (!repeat) {
      const refused = await alreadyImported(deps, actor, digest);
      if (refused) throw refused;
    }
    let importId = '';
    const hooks: ImportHooks = {
      start: async (tx) => {
        importId = await repo.startImport(tx, { orgId: actor.orgId, userId: actor.userId, digest, format: input.format, repeat });
      },
      finish: (tx, created) => repo.finishImport(tx, importId, created),
      progress: opts.onProgress,
    };
    try {
      return await importChecked(deps, actor, input, locale, hooks, opts, early);
    } catch (error) {
      // A concurrent first import of the same file committed while this one waited for it.
      if ((error as { code?: string }).code === '23505' && !repeat) throw (await alreadyImported(deps, actor, digest)) ?? error;
      throw error;
    }
  } finally {
    early?.stop();
  }
}

/** JSON documents from this size (bytes) are read in a worker thread (see import-worker-client.ts). */
const WORKER_FROM_BYTES = 1 << 20;

/** Whether a JSON document of these bytes is read in worker threads. */
function readInWorker(bytes: Buffer, opts: ImportRunOptions): boolean {
  return bytes.length >= (opts.workerFrom ?? WORKER_FROM_BYTES);
}

/**
 * How much lower the sealer's priority is when the database is a PostgreSQL server: the reader,
 * the slowest of the import's threads, then gets more of a busy processor (100,000 cases on this
 * 2-core machine, runs alternated: 11.3–12.3 s against 11.6–14.7 s). With embedded PGlite the
 * database works in the request's thread, which waits on the sealer: there it was no faster.
 */
const SEALER_NICE_WITH_SERVER = 8;

/** Worker threads reading a JSON document, as `opts` asks, sealing with the server's keys. */
function startWorkers(deps: Deps, bytes: Buffer, opts: ImportRunOptions): JsonImportWorkers {
  return startJsonImport(bytes, deps.cipher.exportKeyRing(), {
    threads: opts.threads,
    script: opts.workerScript,
    sealerNice: deps.db.kind === 'postgres' ? SEALER_NICE_WITH_SERVER : undefined,
  });
}

/** How an import runs: `workerFrom` overrides the size from which a JSON document is read in a worker. */
export interface ImportRunOptions {
  repeat?: boolean;
  workerFrom?: number;
  /** Worker threads for a large JSON document (see importJsonInWorker; default: two on a machine with two cores or more). */
  threads?: 1 | 2;
  /** Another build of the import worker (see importJsonInWorker): the benchmark runs the built one, as the server does. */
  workerScript?: URL;
  /** After each chunk of cases is written (inside the import's transaction: nothing is committed before the end). */
  onProgress?: (written: number, total: number) => void;
}

/** `early`: worker threads already reading the document (importHtcds). */
async function importChecked(deps: Deps, actor: Actor, input: ImportInput, locale: ExchangeLocale, hooks: ImportHooks, opts: ImportRunOptions, early?: JsonImportWorkers): Promise<{ created: number; caseIds: string[] }> {
  let files: Record<string, string> | undefined;
  if (input.format === 'csv') files = input.files;
  if (input.format === 'zip') {
    try {
      files = Object.fromEntries(unzipFiles(Buffer.from(input.base64, 'base64')).map((f) => [f.name.replace(/^.*\//, ''), f.content]));
    } catch {
      throw new ImportRejected(present([{ table: '', row: 0, column: '', code: 'exchange.invalid_document', params: { value: 'zip' } }], locale));
    }
  }
  let document = input.format === 'json' ? input.document : undefined;
  if (document !== undefined) {
    // JSON: parsed, checked and written a chunk of cases at a time in one transaction (a large
    // document read in a worker thread while this one writes); a refused document rolls back, and
    // one the chunked reader cannot take (see importJsonInChunks) is read whole.
    const bytes = typeof document === 'string' ? Buffer.from(document, 'utf8') : document;
    const inWorker = readInWorker(bytes, opts);
    try {
      return await importCaseBundleChunks(deps, actor, async (sink, writer) => {
        let outcome: ChunkedImportResult;
        if (inWorker) ({ result: outcome, document } = await (early ?? startWorkers(deps, bytes, opts)).run(writer));
        else outcome = await importJsonInChunks(bytes, sink);
        if (!outcome.ok) throw new ChunkedImportStopped(outcome);
      }, hooks);
    } catch (error) {
      if (!(error instanceof ChunkedImportStopped)) throw error;
      if ('errors' in error.outcome) throw new ImportRejected(present(error.outcome.errors, locale));
    }
  }
  const result = document === undefined ? importCsv(files!) : importJson(typeof document === 'string' ? document : document.toString('utf8'));
  if (!result.ok) throw new ImportRejected(present(result.errors, locale));
  return importCaseBundles(deps, actor, result.bundles, hooks);
}

/** Thrown inside the import transaction to roll it back when the chunked JSON import did not finish. */
class ChunkedImportStopped extends Error {
  constructor(readonly outcome: Exclude<ChunkedImportResult, { ok: true }>) {
    super('chunked import stopped');
  }
}
