/**
 * Runs the reading, checking, mapping and encryption of a large HTCDS JSON document in worker
 * threads (import-worker.ts: a reader, and a sealer that encrypts what the reader mapped) while this
 * thread writes the chunks they send into the import's transaction: the parts of the work run at
 * once, and the event loop serving requests stays free. The document's bytes are moved to the
 * reader, not copied, and come back with the outcome; only the sealer holds the key ring.
 */
import os from 'node:os';
import { MessageChannel, Worker, type TransferListItem, type WorkerOptions } from 'node:worker_threads';
import type { KeyRing } from '../crypto/field-crypto';
import type { PreparedImportWriter } from '../cases/case-htcds.service';
import type { ImportCopy } from '../cases/cases.repository';
import type { ChunkedImportResult } from './htcds-json';
import type { ImportWorkerInput } from './import-worker';

/**
 * A built worker, started without the options of this process that load modules before the
 * program (`--import` and the like), which it does not need: one inherited from a process run
 * through tsx (tests, benchmarks) made each worker take about 0.25 s longer to start. Otherwise
 * (no such option, or one a worker cannot be given explicitly, such as --max-old-space-size,
 * which a worker only inherits) it inherits them as usual.
 */
function startBuilt(url: URL, options: WorkerOptions): Worker {
  const execArgv = withoutLoaders(process.execArgv);
  if (execArgv.length === process.execArgv.length) return new Worker(url, options);
  try {
    return new Worker(url, { ...options, execArgv });
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error;
    return new Worker(url, options);
  }
}

/** Node's options of this process but those that load modules before the program. */
function withoutLoaders(execArgv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i += 1) {
    const option = execArgv[i];
    if (LOADER_OPTIONS.has(option)) i += 1;
    else if (!LOADER_OPTIONS.has(option.split('=')[0])) out.push(option);
  }
  return out;
}
const LOADER_OPTIONS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);

/**
 * The worker's script: the built one beside the server bundle, or the TypeScript source (tests and
 * development, loaded through tsx).
 */
function startWorker(input: ImportWorkerInput, transfer: TransferListItem[], script?: URL): Worker {
  const data = { ...input, jisrImportWorker: true };
  // The sealer keeps little alive (the chunks it seals): a small young generation saves 24 MB of
  // the 32 MB it would otherwise grow to.
  const resourceLimits = input.role === 'sealer' ? { maxYoungGenerationSizeMb: 8 } : undefined;
  const fromSource = !script && import.meta.url.endsWith('.ts');
  const url = script ?? new URL(fromSource ? './import-worker.ts' : './import-worker.js', import.meta.url);
  if (!fromSource) return startBuilt(url, { workerData: data, transferList: transfer, resourceLimits });
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { eval: true, workerData: data, transferList: transfer, resourceLimits });
}

/**
 * Cases to a chunk: small chunks keep both threads busy (one writes a chunk while the other
 * prepares the next) and little in memory; with 100,000 cases, 250 took 13–17 s against 16–18 s
 * for 2,000, with 150–200 MB less at the peak.
 */
const WORKER_CHUNK = 250;

/**
 * The bytes of `document` for the reader: shared with it when they are all of a SharedArrayBuffer
 * (a server's request body: see http/shared-body.ts; this thread may go on reading them, to hash
 * them), else in an ArrayBuffer of their own, moved to it: its own buffer when it has one, else a copy.
 */
function readerBytes(document: Buffer): { bytes: ArrayBuffer | SharedArrayBuffer; shared: boolean } {
  const buffer = document.buffer;
  if (wholeBuffer(document)) return { bytes: buffer, shared: buffer instanceof SharedArrayBuffer };
  const copy = new ArrayBuffer(document.length);
  new Uint8Array(copy).set(document);
  return { bytes: copy, shared: false };
}

/** Whether `document` is read by the import's worker threads without being moved to them (readerBytes). */
export function sharedWithWorkers(document: Buffer): boolean {
  return document.buffer instanceof SharedArrayBuffer && wholeBuffer(document);
}

/** Whether `document` spans the whole of its buffer (which can then be handed on as it is). */
function wholeBuffer(document: Buffer): boolean {
  return document.byteOffset === 0 && document.buffer.byteLength === document.length;
}

/**
 * Worker threads of an import by default: a reader and a sealer where the machine has two cores or
 * more (100,000 cases: the reader's thread did a quarter of its work less), else one that does both.
 */
function defaultThreads(): 1 | 2 {
  return os.availableParallelism() >= 2 ? 2 : 1;
}

/** The outcome of reading a document in worker threads, with the document (handed back, or the same shared bytes). */
export interface WorkerImportOutcome {
  result: ChunkedImportResult;
  document: Buffer;
}

/** How an import's worker threads run (startJsonImport). */
export interface ImportWorkerOptions {
  chunkSize?: number;
  /** Another build of the worker (tests of the built server, the benchmark). */
  script?: URL;
  /** One worker or two (default: two on a machine with two cores or more). */
  threads?: 1 | 2;
  /**
   * How much lower than this thread's the sealer's scheduling priority is (Unix niceness, on
   * Linux, where it can be set for one thread; none by default). See exchange.service.ts.
   */
  sealerNice?: number;
}

/** Worker threads started on a JSON document (startJsonImport). */
export interface JsonImportWorkers {
  /** Writes the document's cases into `writer` (once); see importJsonInWorker. */
  run(writer: PreparedImportWriter): Promise<WorkerImportOutcome>;
  /** Stops the workers (nothing is written that `run` was not given; harmless once it ended). */
  stop(): void;
}

/**
 * The worker threads of an import, the one the client talks to first: a sealer with its reader
 * (they talk over a channel of their own), or one worker that does both.
 */
function startWorkers(bytes: ArrayBuffer | SharedArrayBuffer, shared: boolean, keyRing: KeyRing, opts: ImportWorkerOptions): Worker[] {
  const chunkSize = opts.chunkSize ?? WORKER_CHUNK;
  const transfer: TransferListItem[] = shared ? [] : [bytes as ArrayBuffer];
  if ((opts.threads ?? defaultThreads()) === 1) return [startWorker({ role: 'whole', document: bytes, keyRing, chunkSize }, transfer, opts.script)];
  const { port1, port2 } = new MessageChannel();
  return [
    startWorker({ role: 'sealer', keyRing, peer: port2, nice: opts.sealerNice }, [port2], opts.script),
    startWorker({ role: 'reader', document: bytes, chunkSize, peer: port1, keyId: keyRing.primary }, [...transfer, port1], opts.script),
  ];
}

/**
 * Starts reading a JSON document in worker threads before the import has somewhere to write it:
 * the reader splits the document and reads on for a few chunks, then waits for `run`'s writer (a
 * server hashes the document and looks for an earlier import of it meanwhile). `document` must
 * not be used afterwards unless it is shared (sharedWithWorkers): its bytes are moved to the reader
 * and handed back in the outcome.
 */
export function startJsonImport(document: Buffer, keyRing: KeyRing, opts: ImportWorkerOptions = {}): JsonImportWorkers {
  const { bytes, shared } = readerBytes(document);
  const workers = startWorkers(bytes, shared, keyRing, opts);
  const worker = workers[0];
  let giveWriter!: (writer: PreparedImportWriter) => void;
  const writerCome = new Promise<PreparedImportWriter>((resolve) => (giveWriter = resolve));
  let settled = false;
  let settle!: { resolve: (outcome: WorkerImportOutcome) => void; reject: (error: unknown) => void };
  const outcome = new Promise<WorkerImportOutcome>((resolve, reject) => (settle = { resolve, reject }));
  // Not awaited when the import is refused before it runs.
  outcome.catch(() => undefined);
  const stop = () => {
    for (const w of workers) void w.terminate();
  };
  const fail = (error: unknown) => {
    if (settled) return;
    settled = true;
    stop();
    settle.reject(error);
  };
  // Messages are handled one after the other, each once the previous one's writes are done, and
  // none before there is a writer.
  let handled: Promise<unknown> = writerCome;
  worker.on('message', (m: { type: string; total?: number; copy?: ImportCopy; caseIds?: string[]; result?: ChunkedImportResult; document?: ArrayBuffer }) => {
    handled = handled
      .then(async () => {
        if (settled) return;
        const writer = await writerCome;
        if (m.type === 'total') {
          // The numbers first, so that the reader maps its first chunks while the import begins.
          const numbers = Float64Array.from(await writer.reserveReferences(m.total!), Number);
          worker.postMessage({ type: 'numbers', numbers, owner: writer.owner }, [numbers.buffer]);
          await writer.begin(m.total!);
        } else if (m.type === 'chunk') {
          await writer.writeCopy(m.copy!, m.caseIds!);
          // Written: the chunk's buffer goes back to the worker, to be filled again.
          const buffer = m.copy!.bytes.buffer as ArrayBuffer;
          worker.postMessage({ type: 'ack', buffer }, [buffer]);
        } else if (m.type === 'done') {
          settled = true;
          stop();
          settle.resolve({ result: m.result!, document: shared ? document : Buffer.from(m.document!) });
        }
      })
      .catch(fail);
  });
  for (const w of workers) {
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`an import worker stopped (exit code ${code})`)));
  }
  let ran = false;
  return {
    run: (writer) => {
      if (ran) throw new Error('an import worker runs once');
      ran = true;
      giveWriter(writer);
      return outcome;
    },
    stop: () => fail(new Error('import workers stopped')),
  };
}

/**
 * Imports a JSON document through worker threads into `writer` (see importJsonInChunks for the
 * outcome, and startJsonImport for `document` and the options).
 */
export function importJsonInWorker(document: Buffer, writer: PreparedImportWriter, keyRing: KeyRing, opts: ImportWorkerOptions = {}): Promise<WorkerImportOutcome> {
  return startJsonImport(document, keyRing, opts).run(writer);
}
