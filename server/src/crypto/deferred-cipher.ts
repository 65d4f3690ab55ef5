/**
 * Encryption done later, in another thread: a large HTCDS import is read, checked and mapped in
 * one worker thread while another encrypts (import-worker.ts), so that the encryption (some 370,000
 * AES-GCM seals and 300,000 keyed hashes for 100,000 cases, a quarter of the reading thread's work)
 * runs beside the rest instead of after it. The reading thread holds no key.
 *
 * `DeferredCipher` stands in for FieldCipher where rows are built: each encrypt or blindIndex call
 * records its input as a job and returns a stand-in, `\u0001` + a random mark + the job's number +
 * `\u0001`. The length of each result is known beforehand (an encryption's from its input's length
 * and the key's id, a keyed hash's is fixed), so the binary COPY writer (db/copy-binary.ts, as
 * LaterValues) leaves exactly that many bytes where the value goes and records where; `sealInPlace`,
 * in the thread holding the keys, runs the jobs and writes each result there, in the same buffer,
 * which then goes on to the database. The mark is drawn from the CSPRNG for each DeferredCipher,
 * after the document was written, so no value in a document can pass for a stand-in; every job's
 * room must be set aside exactly once (a stand-in that ended up anywhere else, such as inside JSON,
 * makes sealing throw: nothing unsealed can be written).
 */
import crypto from 'node:crypto';
import { BLIND_INDEX_LENGTH, encryptedLength, type FieldCipher } from './field-crypto';
import type { LaterValues } from '../db/copy-binary';

/** What building rows needs of a cipher: FieldCipher itself, or a DeferredCipher. */
export type SealingCipher = Pick<FieldCipher, 'encrypt' | 'blindIndex'>;

/** The jobs a DeferredCipher recorded: what to encrypt (e) or hash (b), with its AAD or purpose, and where its result goes. */
export interface SealJobs {
  kinds: string; // one character per job: 'e' encrypt, 'b' blind index
  inputs: string[];
  contexts: string[];
  /** The result's length in bytes (ASCII). */
  lengths: number[];
  /** Where the result goes in the chunk's bytes; -1 when no room was set aside for it. */
  offsets: number[];
}

const SEP = '\u0001';

export class DeferredCipher implements SealingCipher, LaterValues {
  /** A random mark (12 base64url characters, 72 bits) for this cipher's stand-ins. */
  readonly mark = crypto.randomBytes(9).toString('base64url');
  private kinds: string[] = [];
  private inputs: string[] = [];
  private contexts: string[] = [];
  private lengths: number[] = [];
  private offsets: number[] = [];

  /** `keyId`: the id of the key the sealer encrypts with (it is written in each ciphertext). */
  constructor(private readonly keyId: string) {}

  encrypt(plain: string, aad = ''): string {
    return this.job('e', plain, aad, encryptedLength(this.keyId, Buffer.byteLength(plain, 'utf8')));
  }

  blindIndex(value: string, purpose: string): string {
    return this.job('b', value, purpose, BLIND_INDEX_LENGTH);
  }

  private job(kind: string, input: string, context: string, length: number): string {
    const n = this.inputs.length;
    this.kinds.push(kind);
    this.inputs.push(input);
    this.contexts.push(context);
    this.lengths.push(length);
    this.offsets.push(-1);
    return `${SEP}${this.mark}${n}${SEP}`;
  }

  slotOf(s: string): number {
    const m = this.mark.length;
    if (s.length < m + 3 || s.charCodeAt(0) !== 1 || s.charCodeAt(s.length - 1) !== 1 || !s.startsWith(this.mark, 1)) return -1;
    let n = 0;
    for (let i = m + 1; i < s.length - 1; i += 1) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return -1;
      n = n * 10 + d;
    }
    return n < this.inputs.length ? n : -1;
  }

  slotLength(n: number): number {
    return this.lengths[n];
  }

  place(n: number, at: number): void {
    if (this.offsets[n] !== -1) throw new Error('sealing: a value was set aside twice');
    this.offsets[n] = at;
  }

  /** The jobs recorded since the last take, numbered from 0 (the next stand-in is numbered 0 again). */
  take(): SealJobs {
    const jobs = { kinds: this.kinds.join(''), inputs: this.inputs, contexts: this.contexts, lengths: this.lengths, offsets: this.offsets };
    this.kinds = [];
    this.inputs = [];
    this.contexts = [];
    this.lengths = [];
    this.offsets = [];
    return jobs;
  }
}
/**
 * `cipher` with its keyed hashes remembered, by purpose and value, up to `max` of them (then it
 * starts again): a hash is a pure function of its input, so a bulk import, whose names and birth
 * dates repeat from case to case, makes each once. The inputs stay in memory as long as the
 * returned cipher does (the sealer's, for one import).
 */
export function rememberHashes(cipher: SealingCipher, max: number): SealingCipher {
  // By purpose, then by value (no key made of the two for each look-up).
  let memo = new Map<string, Map<string, string>>();
  let size = 0;
  return {
    encrypt: (plain, aad) => cipher.encrypt(plain, aad),
    blindIndex: (value, purpose) => {
      let byValue = memo.get(purpose);
      let hash = byValue?.get(value);
      if (hash === undefined) {
        hash = cipher.blindIndex(value, purpose);
        if (size >= max) {
          memo = new Map();
          size = 0;
          byValue = undefined;
        }
        if (byValue === undefined) memo.set(purpose, (byValue = new Map()));
        byValue.set(value, hash);
        size += 1;
      }
      return hash;
    },
  };
}

/**
 * Runs the jobs with the real cipher and writes each result where room was set aside for it in
 * `bytes` (the chunk's buffer, changed in place). Throws, before anything is written, unless every
 * job has its room; throws if a result is not of the length set aside (a cipher other than the one
 * the lengths were computed for).
 */
export function sealInPlace(cipher: SealingCipher, jobs: SealJobs, bytes: Uint8Array): void {
  const n = jobs.inputs.length;
  const unplaced = jobs.offsets.filter((at) => at < 0).length;
  if (unplaced > 0) throw new Error(`sealing: ${unplaced} of ${n} values have no room set aside`);
  const out = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < n; i += 1) {
    const result = jobs.kinds.charCodeAt(i) === 101 /* e */ ? cipher.encrypt(jobs.inputs[i], jobs.contexts[i]) : cipher.blindIndex(jobs.inputs[i], jobs.contexts[i]);
    const at = jobs.offsets[i];
    if (result.length !== jobs.lengths[i] || at + result.length > out.length) throw new Error('sealing: a value is not of the length set aside for it');
    out.write(result, at, 'latin1');
  }
}
