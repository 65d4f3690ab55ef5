/**
 * Encryption done later, in another thread: a large HTCDS import is read, checked and mapped in
 * one worker thread while another encrypts (import-worker.ts), so that the encryption (some 370,000
 * AES-GCM seals and 300,000 keyed hashes for 100,000 cases, a quarter of the reading thread's work)
 * runs beside the rest instead of after it. The reading thread holds no key.
 *
 * `DeferredCipher` stands in for FieldCipher where rows are built: each encrypt or blindIndex call
 * records its input as a job and returns a placeholder, `\u0001` + a random mark + the job's
 * number + `\u0001`. The rows' text (COPY text, as UTF-8 bytes) is built with the placeholders in
 * it, and `sealPlaceholders`, in the thread holding the keys, runs the jobs and writes the text
 * again with each result where its placeholder was. The mark is drawn from the CSPRNG for each DeferredCipher, after the document
 * was written, so no value in a document can pass for a placeholder; every job must be found
 * exactly once, or sealing throws (nothing unsealed can be written).
 *
 * Placeholders survive what is done to the values they stand for in COPY text: they hold no
 * character that the COPY text format or an array literal escapes (copy-text.ts), and the results
 * (base64 and base64url) hold none either. They are not meant to be put inside JSON.
 */
import crypto from 'node:crypto';
import type { FieldCipher } from './field-crypto';
import { CopyBytes, type CopySections } from '../db/copy-text';

/** What building rows needs of a cipher: FieldCipher itself, or a DeferredCipher. */
export type SealingCipher = Pick<FieldCipher, 'encrypt' | 'blindIndex'>;

/** The jobs a DeferredCipher recorded: what to encrypt (e) or hash (b), with its AAD or purpose. */
export interface SealJobs {
  mark: string;
  kinds: string; // one character per job: 'e' encrypt, 'b' blind index
  inputs: string[];
  contexts: string[];
}

const SEP = '\u0001';
const SEP_BYTE = 1;

export class DeferredCipher implements SealingCipher {
  /** A random mark (12 base64url characters, 72 bits) for this cipher's placeholders. */
  readonly mark = crypto.randomBytes(9).toString('base64url');
  private kinds: string[] = [];
  private inputs: string[] = [];
  private contexts: string[] = [];

  encrypt(plain: string, aad = ''): string {
    return this.job('e', plain, aad);
  }

  blindIndex(value: string, purpose: string): string {
    return this.job('b', value, purpose);
  }

  private job(kind: string, input: string, context: string): string {
    const n = this.inputs.length;
    this.kinds.push(kind);
    this.inputs.push(input);
    this.contexts.push(context);
    return `${SEP}${this.mark}${n}${SEP}`;
  }

  /** The jobs recorded since the last take, numbered from 0 (the next placeholder is numbered 0 again). */
  take(): SealJobs {
    const jobs = { mark: this.mark, kinds: this.kinds.join(''), inputs: this.inputs, contexts: this.contexts };
    this.kinds = [];
    this.inputs = [];
    this.contexts = [];
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
  let memo = new Map<string, string>();
  return {
    encrypt: (plain, aad) => cipher.encrypt(plain, aad),
    blindIndex: (value, purpose) => {
      const key = `${purpose}\u0000${value}`;
      let hash = memo.get(key);
      if (hash === undefined) {
        hash = cipher.blindIndex(value, purpose);
        if (memo.size >= max) memo = new Map();
        memo.set(key, hash);
      }
      return hash;
    },
  };
}

/**
 * Runs the jobs with the real cipher and returns `text` (UTF-8 bytes) with every placeholder
 * replaced by its result, written into `into` (a buffer to fill again) or a new buffer; the
 * sections' ends move with the text. Throws unless each job's placeholder is found exactly once.
 * The results are ASCII (base64 and base64url), so they are written a byte per character.
 */
export function sealPlaceholders(cipher: SealingCipher, jobs: SealJobs, text: CopySections, into?: ArrayBuffer): CopySections {
  const n = jobs.inputs.length;
  const results = new Array<string>(n);
  for (let i = 0; i < n; i += 1) {
    results[i] = jobs.kinds.charCodeAt(i) === 101 /* e */ ? cipher.encrypt(jobs.inputs[i], jobs.contexts[i]) : cipher.blindIndex(jobs.inputs[i], jobs.contexts[i]);
  }
  const src = Buffer.from(text.bytes.buffer, text.bytes.byteOffset, text.bytes.byteLength);
  const mark = Buffer.from(jobs.mark, 'latin1');
  const out = new CopyBytes(into, Math.max(1024, text.bytes.byteLength * 2));
  const used = new Uint8Array(n);
  let found = 0;
  let copied = 0; // bytes of src before this are in out
  const ends: number[] = [];
  for (const end of text.ends) {
    const section = src.subarray(0, end);
    let from = copied;
    for (let at = n ? section.indexOf(SEP_BYTE, from) : -1; at >= 0; at = section.indexOf(SEP_BYTE, from)) {
      from = at + 1;
      // \u0001, the mark, digits, \u0001; anything else is left as it is.
      let p = at + 1;
      if (p + mark.length >= end) continue;
      let m = 0;
      while (m < mark.length && src[p + m] === mark[m]) m += 1;
      if (m < mark.length) continue;
      p += mark.length;
      let i = 0;
      const digitsFrom = p;
      while (p < end && src[p] >= 48 && src[p] <= 57) i = i * 10 + (src[p++] - 48);
      if (p === digitsFrom || p >= end || src[p] !== SEP_BYTE) continue;
      if (!(i < n) || used[i]) throw new Error('sealing: a placeholder is unknown or repeated');
      used[i] = 1;
      found += 1;
      out.append(src.subarray(copied, at));
      out.writeAscii(results[i]);
      copied = p + 1;
      from = copied;
    }
    out.append(src.subarray(copied, end));
    copied = end;
    ends.push(out.length);
  }
  if (found !== n) throw new Error(`sealing: ${n - found} of ${n} placeholders not found`);
  return { bytes: out.bytes(), ends };
}
