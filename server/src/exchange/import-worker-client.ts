/**
 * Runs the reading, checking, mapping and encryption of a large HTCDS JSON document in a worker
 * thread (import-worker.ts) while this thread writes the chunks it sends into the import's
 * transaction: on a 2-core server the two halves of the work run at once, and the event loop
 * serving requests stays free. The document's bytes are moved to the worker, not copied, and come
 * back with the outcome.
 */
import { Worker } from 'node:worker_threads';
import type { KeyRing } from '../crypto/field-crypto';
import type { PreparedImportWriter } from '../cases/case-htcds.service';
import type { ImportCopy } from '../cases/cases.repository';
import type { ChunkedImportResult } from './htcds-json';
import type { ImportWorkerInput } from './import-worker';

/**
 * The worker's script: the built one beside the server bundle, or the TypeScript source (tests and
 * development, loaded through tsx).
 */
function startWorker(input: ImportWorkerInput, transfer: ArrayBuffer[], script?: URL): Worker {
  const data = { ...input, jisrImportWorker: true };
  const fromSource = !script && import.meta.url.endsWith('.ts');
  const url = script ?? new URL(fromSource ? './import-worker.ts' : './import-worker.js', import.meta.url);
  if (!fromSource) return new Worker(url, { workerData: data, transferList: transfer });
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { eval: true, workerData: data, transferList: transfer });
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
 * Imports a JSON document through a worker into `writer` (see importJsonInChunks for the outcome).
 * `document` must not be used afterwards: its bytes are moved to the worker and handed back in
 * the result. `script` names another build of the worker (tests of the built server).
 */
export async function importJsonInWorker(
  document: Buffer,
  writer: PreparedImportWriter,
  keyRing: KeyRing,
  opts: { chunkSize?: number; script?: URL } = {},
): Promise<{ result: ChunkedImportResult; document: Buffer }> {
  const bytes = ownBuffer(document);
  const worker = startWorker({ document: bytes, keyRing, owner: writer.owner, chunkSize: opts.chunkSize ?? WORKER_CHUNK }, [bytes], opts.script);
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
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
            worker.postMessage({ type: 'ack' });
          } else if (m.type === 'done') {
            settled = true;
            void worker.terminate();
            resolve({ result: m.result!, document: Buffer.from(m.document!) });
          }
        })
        .catch(fail);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the import worker stopped (exit code ${code})`)));
  });
}
