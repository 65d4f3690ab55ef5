/**
 * Runs the reading, checking, mapping and encryption of a large HTCDS JSON document in worker
 * threads (import-worker.ts: a reader, and a sealer that encrypts what the reader mapped) while this
 * thread writes the chunks they send into the import's transaction: the parts of the work run at
 * once, and the event loop serving requests stays free. The document's bytes are moved to the
 * reader, not copied, and come back with the outcome; only the sealer holds the key ring.
 */
import os from 'node:os';
import { MessageChannel, Worker, type TransferListItem } from 'node:worker_threads';
import type { KeyRing } from '../crypto/field-crypto';
import type { PreparedImportWriter } from '../cases/case-htcds.service';
import type { ImportCopy } from '../cases/cases.repository';
import type { ChunkedImportResult } from './htcds-json';
import type { ImportWorkerInput } from './import-worker';

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
  if (!fromSource) return new Worker(url, { workerData: data, transferList: transfer, resourceLimits });
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { eval: true, workerData: data, transferList: transfer, resourceLimits });
}

/**
 * Cases to a chunk: small chunks keep both threads busy (one writes a chunk while the other
 * prepares the next) and little in memory; with 100,000 cases, 250 took 13–17 s against 16–18 s
 * for 2,000, with 150–200 MB less at the peak.
 */
const WORKER_CHUNK = 250;

/** The bytes of `document` in an ArrayBuffer of their own: its own buffer when it has one (moved), else a copy. */
function ownBuffer(document: Buffer): ArrayBuffer {
  const buffer = document.buffer;
  if (buffer instanceof ArrayBuffer && document.byteOffset === 0 && buffer.byteLength === document.length) return buffer;
  const copy = new ArrayBuffer(document.length);
  new Uint8Array(copy).set(document);
  return copy;
}

/**
 * Worker threads of an import by default: a reader and a sealer where the machine has two cores or
 * more (100,000 cases: the reader's thread did a quarter of its work less), else one that does both.
 */
function defaultThreads(): 1 | 2 {
  return os.availableParallelism() >= 2 ? 2 : 1;
}

/**
 * Imports a JSON document through worker threads into `writer` (see importJsonInChunks for the
 * outcome). `document` must not be used afterwards: its bytes are moved to the reader and handed
 * back in the result. `threads` chooses one worker or two (default: two on a machine with two cores
 * or more); `script` names another build of the worker (tests of the built server).
 */
export async function importJsonInWorker(
  document: Buffer,
  writer: PreparedImportWriter,
  keyRing: KeyRing,
  opts: { chunkSize?: number; script?: URL; threads?: 1 | 2 } = {},
): Promise<{ result: ChunkedImportResult; document: Buffer }> {
  const bytes = ownBuffer(document);
  const chunkSize = opts.chunkSize ?? WORKER_CHUNK;
  let workers: Worker[];
  if ((opts.threads ?? defaultThreads()) === 2) {
    const { port1, port2 } = new MessageChannel();
    // The client talks to the sealer (first), which passes messages to and from the reader.
    workers = [
      startWorker({ role: 'sealer', keyRing, peer: port2 }, [port2], opts.script),
      startWorker({ role: 'reader', document: bytes, owner: writer.owner, chunkSize, peer: port1, keyId: keyRing.primary }, [bytes, port1], opts.script),
    ];
  } else {
    workers = [startWorker({ role: 'whole', document: bytes, keyRing, owner: writer.owner, chunkSize }, [bytes], opts.script)];
  }
  const worker = workers[0];
  return new Promise((resolve, reject) => {
    let settled = false;
    const stop = () => {
      for (const w of workers) void w.terminate();
    };
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      stop();
      reject(error);
    };
    // Messages are handled one after the other, each once the previous one's writes are done.
    let handled: Promise<void> = Promise.resolve();
    worker.on('message', (m: { type: string; total?: number; copy?: ImportCopy; caseIds?: string[]; result?: ChunkedImportResult; document?: ArrayBuffer }) => {
      handled = handled
        .then(async () => {
          if (settled) return;
          if (m.type === 'total') {
            await writer.begin(m.total!);
            worker.postMessage({ type: 'numbers', numbers: await writer.reserveReferences(m.total!) });
          } else if (m.type === 'chunk') {
            await writer.writeCopy(m.copy!, m.caseIds!);
            // Written: the chunk's buffer goes back to the worker, to be filled again.
            const buffer = m.copy!.bytes.buffer as ArrayBuffer;
            worker.postMessage({ type: 'ack', buffer }, [buffer]);
          } else if (m.type === 'done') {
            settled = true;
            stop();
            resolve({ result: m.result!, document: Buffer.from(m.document!) });
          }
        })
        .catch(fail);
    });
    for (const w of workers) {
      w.on('error', fail);
      w.on('exit', (code) => fail(new Error(`an import worker stopped (exit code ${code})`)));
    }
  });
}
