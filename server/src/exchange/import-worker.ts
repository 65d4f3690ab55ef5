/**
 * The worker thread of a large HTCDS JSON import (started by import-worker-client.ts): reads the
 * document with every check of importJsonInChunks, maps and encrypts each chunk of cases and builds
 * its COPY text, so that the thread serving requests only hands rows to the database (which, on
 * PGlite, runs in that thread) while the next chunk is prepared here.
 *
 * Messages to the client: `total` (the number of cases, before the first chunk; answered with
 * `numbers`: one case reference number per case), `chunk` (COPY text and the new case ids; answered
 * with `ack` once written: at most IN_FLIGHT chunks are unacknowledged while the next is built) and
 * `done` (the outcome of the reading, with the document handed back).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { FieldCipher, type KeyRing } from '../crypto/field-crypto';
import { bundleToRows, importedReference, importedRowsCopy, type ImportOwner } from '../cases/case-htcds.service';
import { importJsonInChunks } from './htcds-json';

/** What the client gives the worker. */
export interface ImportWorkerInput {
  document: ArrayBuffer;
  keyRing: KeyRing;
  owner: ImportOwner;
  chunkSize: number;
}

/** Messages the client sends, taken in order (several may be awaited at once: each gets the next). */
class Inbox {
  private readonly queue: Array<Record<string, unknown>> = [];
  private readonly waiting: Array<(m: Record<string, unknown>) => void> = [];

  constructor(port: MessagePort) {
    port.on('message', (m: Record<string, unknown>) => {
      const w = this.waiting.shift();
      if (w) w(m);
      else this.queue.push(m);
    });
  }

  async next(type: string): Promise<Record<string, unknown>> {
    const m = this.queue.shift() ?? (await new Promise<Record<string, unknown>>((resolve) => this.waiting.push(resolve)));
    if (m.type !== type) throw new Error(`import worker: expected ${type}, got ${String(m.type)}`);
    return m;
  }
}

/**
 * Chunks sent and not yet acknowledged: while the client writes one, the next already waits
 * there, so that a chunk that takes this thread longer than usual does not leave the database idle
 * (100,000 cases on PGlite: about 0.4 s faster than with one in alternating runs; more did not help).
 */
const IN_FLIGHT = 2;

async function run(port: MessagePort, input: ImportWorkerInput): Promise<void> {
  const inbox = new Inbox(port);
  const deps = { cipher: new FieldCipher(input.keyRing) };
  let numbers: string[] | undefined;
  let used = 0;
  const unwritten: Array<Promise<unknown>> = [];
  const result = await importJsonInChunks(Buffer.from(input.document), async (bundles, total) => {
    if (!numbers) {
      port.postMessage({ type: 'total', total });
      numbers = (await inbox.next('numbers')).numbers as string[];
    }
    const rows = bundles.map((b) => bundleToRows(deps, b, input.owner, importedReference(b, numbers![used++])));
    const copy = importedRowsCopy(rows, input.owner);
    if (unwritten.length >= IN_FLIGHT) await unwritten.shift();
    port.postMessage({ type: 'chunk', copy, caseIds: rows.map((r) => r.caseRow.id) });
    unwritten.push(inbox.next('ack'));
  }, input.chunkSize);
  await Promise.all(unwritten);
  port.postMessage({ type: 'done', result, document: input.document }, [input.document]);
}

if (parentPort && (workerData as { jisrImportWorker?: boolean } | undefined)?.jisrImportWorker) {
  await run(parentPort, workerData as ImportWorkerInput);
}
