/**
 * The worker threads of a large HTCDS JSON import (started by import-worker-client.ts). The
 * reader reads the document with every check of importJsonInChunks, maps each chunk of cases and
 * builds its binary COPY; the sealer encrypts (see crypto/deferred-cipher.ts): the reader's COPY
 * holds room for the encrypted and hashed values, which the sealer, the only one holding the key
 * ring, fills in place before handing the chunk on to the client, whose thread only writes rows
 * (on PGlite the database runs in that thread). With one worker (a one-core machine), it does both.
 *
 * Messages to the client: `total` (the number of cases, before the first chunk; answered with
 * `numbers`: one case reference number per case, in a Float64Array moved with the message, and the owner of the new cases), `chunk` (the COPY and the new case ids; answered
 * with `ack` once written, which hands the chunk's buffer back to be filled again: at most
 * IN_FLIGHT chunks are unacknowledged while the next is built) and
 * `done` (the outcome of the reading, with the document handed back unless it is shared). With two workers, the
 * client talks to the sealer, which passes `total`, `numbers`, `ack` and `done` between the
 * client and the reader over a channel of their own.
 */
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { FieldCipher, type KeyRing } from '../crypto/field-crypto';
import { DeferredCipher, rememberHashes, sealInPlace, type SealJobs } from '../crypto/deferred-cipher';
import { bundleToRows, importedReference, importedRowsCopy, importMapping, type ImportOwner } from '../cases/case-htcds.service';
import type { ImportCopy } from '../cases/cases.repository';
import { importJsonInChunks } from './htcds-json';
import type { HtcdsBundle } from '../../../common/htcds/types';

/** What the client gives a worker: `whole` reads and seals; `reader` and `sealer` share the work over `peer`. */
export type ImportWorkerInput =
  | { role: 'whole'; document: ArrayBuffer | SharedArrayBuffer; keyRing: KeyRing; chunkSize: number }
  | { role: 'reader'; document: ArrayBuffer | SharedArrayBuffer; chunkSize: number; peer: MessagePort; keyId: string }
  | { role: 'sealer'; keyRing: KeyRing; peer: MessagePort; nice?: number };

type Message = Record<string, unknown>;

/** Messages from a port, taken in order (several may be awaited at once: each gets the next). */
class Inbox {
  private readonly queue: Message[] = [];
  private readonly waiting: Array<(m: Message) => void> = [];

  constructor(port: MessagePort) {
    port.on('message', (m: Message) => {
      const w = this.waiting.shift();
      if (w) w(m);
      else this.queue.push(m);
    });
  }

  async any(): Promise<Message> {
    return this.queue.shift() ?? (await new Promise<Message>((resolve) => this.waiting.push(resolve)));
  }

  async next(type: string): Promise<Message> {
    const m = await this.any();
    if (m.type !== type) throw new Error(`import worker: expected ${type}, got ${String(m.type)}`);
    return m;
  }
}

/**
 * Chunks sent and not yet acknowledged: while the client writes one, the next already waits
 * there, so that a chunk that takes this thread longer than usual does not leave the database idle
 * (100,000 cases on PGlite: about 0.4 s faster than with one in alternating runs; more did not help).
 * A reader with a sealer may have one more out: the one being sealed.
 */
const IN_FLIGHT = 2;

/** Keyed hashes the sealer remembers (100,000 generated cases need 17,507 distinct ones of 298,562). */
const HASHES_REMEMBERED = 100_000;

/**
 * Buffers of COPY that came back with acknowledgements, to be filled again: a chunk's bytes
 * travel from thread to thread and back by transfer, never copied, and after the first few chunks
 * no new memory is taken for them (new memory is slow on some virtual machines: each page costs a
 * fault the first time it is written).
 */
class BufferPool {
  private readonly free: ArrayBuffer[] = [];

  take(): ArrayBuffer | undefined {
    return this.free.pop();
  }

  give(m: Message): void {
    if (m.buffer instanceof ArrayBuffer) this.free.push(m.buffer);
  }
}

/**
 * Chunks the reader reads on while the client reserves the case reference numbers, before it
 * waits (about 6,000 cases, some 30 MB: the client's answer took 0.1–0.3 s with 100,000 cases,
 * time in which the reader read 4 chunks and then waited).
 */
const READ_AHEAD = 24;

/** Reads the document and sends its chunks to `port` (the client, or the sealer when `cipher` is deferred). */
async function read(port: MessagePort, input: { document: ArrayBuffer | SharedArrayBuffer; chunkSize: number }, cipher: FieldCipher | DeferredCipher): Promise<void> {
  const inbox = new Inbox(port);
  const deps = importMapping(cipher);
  const deferred = cipher instanceof DeferredCipher ? cipher : undefined;
  const inFlight = deferred ? IN_FLIGHT + 1 : IN_FLIGHT;
  const buffers = new BufferPool();
  let numbers: Float64Array | undefined;
  let owner!: ImportOwner;
  let numbersCome: Promise<unknown> = Promise.resolve();
  let used = 0;
  const unwritten: Array<Promise<unknown>> = [];
  const send = async (bundles: HtcdsBundle[]) => {
    const rows = bundles.map((b) => bundleToRows(deps, b, owner, importedReference(b, String(numbers![used++]))));
    const copy = importedRowsCopy(rows, owner, buffers.take(), deferred);
    if (unwritten.length >= inFlight) await unwritten.shift();
    port.postMessage({ type: 'chunk', copy, caseIds: rows.map((r) => r.caseRow.id), jobs: deferred?.take() }, [copy.bytes.buffer as ArrayBuffer]);
    unwritten.push(inbox.next('ack').then((m) => buffers.give(m)));
  };
  // Chunks read before the reference numbers came, sent in order once they are here.
  const waiting: HtcdsBundle[][] = [];
  const flush = async () => {
    await numbersCome;
    while (waiting.length > 0) await send(waiting.shift()!);
  };
  const onTotal = (total: number) => {
    port.postMessage({ type: 'total', total });
    numbersCome = inbox.next('numbers').then((m) => {
      numbers = m.numbers as Float64Array;
      owner = m.owner as ImportOwner;
    });
  };
  const result = await importJsonInChunks(Buffer.from(input.document), async (bundles) => {
    waiting.push(bundles);
    if (numbers || waiting.length >= READ_AHEAD) await flush();
  }, input.chunkSize, onTotal);
  if (result.ok) await flush();
  await Promise.all(unwritten);
  // A shared document stays where it is (it cannot be moved).
  port.postMessage({ type: 'done', result, document: input.document }, input.document instanceof ArrayBuffer ? [input.document] : []);
}

/**
 * Lowers this thread's scheduling priority by `nice` (Unix niceness, at most to 19). Only on Linux,
 * where setpriority applies to the calling thread alone: elsewhere it would lower the whole
 * process. A priority that cannot be changed is left as it is.
 */
function lowerPriority(nice: number | undefined): void {
  if (!nice || process.platform !== 'linux') return;
  try {
    os.setPriority(0, Math.min(19, os.getPriority(0) + nice));
  } catch {
    // Not allowed here: the sealer runs at the priority it has.
  }
}

/** Seals the reader's chunks and passes the messages between the reader (`peer`) and the client. */
async function seal(client: MessagePort, peer: MessagePort, keyRing: KeyRing, nice: number | undefined): Promise<void> {
  lowerPriority(nice);
  // Names and birth dates repeat across cases; their keyed hashes are made once per import.
  const cipher = rememberHashes(new FieldCipher(keyRing), HASHES_REMEMBERED);
  const fromClient = new Inbox(client);
  const fromReader = new Inbox(peer);
  const unwritten: Array<Promise<unknown>> = [];
  for (;;) {
    const m = await fromReader.any();
    if (m.type === 'total') {
      client.postMessage(m);
      const numbers = await fromClient.next('numbers');
      peer.postMessage(numbers, [(numbers.numbers as Float64Array).buffer as ArrayBuffer]);
    } else if (m.type === 'chunk') {
      const copy = m.copy as ImportCopy;
      sealInPlace(cipher, m.jobs as SealJobs, copy.bytes);
      if (unwritten.length >= IN_FLIGHT) await unwritten.shift();
      client.postMessage({ type: 'chunk', copy, caseIds: m.caseIds }, [copy.bytes.buffer as ArrayBuffer]);
      // Once written, the buffer goes back to the reader, to be filled again.
      unwritten.push(fromClient.next('ack').then((a) => peer.postMessage(a, a.buffer instanceof ArrayBuffer ? [a.buffer] : [])));
    } else {
      await Promise.all(unwritten);
      client.postMessage(m, m.document instanceof ArrayBuffer ? [m.document] : []);
      return;
    }
  }
}

async function run(port: MessagePort, input: ImportWorkerInput): Promise<void> {
  if (input.role === 'sealer') await seal(port, input.peer, input.keyRing, input.nice);
  else if (input.role === 'reader') await read(input.peer, input, new DeferredCipher(input.keyId));
  else await read(port, input, new FieldCipher(input.keyRing));
}

if (parentPort && (workerData as { jisrImportWorker?: boolean } | undefined)?.jisrImportWorker) {
  await run(parentPort, workerData as ImportWorkerInput);
}
