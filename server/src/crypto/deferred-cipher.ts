/**
 * Encryption done later, in another thread: a large HTCDS import is read, checked and mapped in
 * one worker thread while another encrypts (import-worker.ts), so that the encryption (some 370,000
 * AES-GCM seals and 300,000 keyed hashes for 100,000 cases, a quarter of the reading thread's work)
 * runs beside the rest instead of after it. The reading thread holds no key.
 *
 * `DeferredCipher` stands in for FieldCipher where rows are built: each encrypt or blindIndex call
 * records its input as a job and returns a placeholder, `\u0001` + a random mark + the job's
 * number + `\u0001`. The rows' text (COPY text) is built with the placeholders in it, and
 * `sealPlaceholders`, in the thread holding the keys, runs the jobs and puts each result where its
 * placeholder is. The mark is drawn from the CSPRNG for each DeferredCipher, after the document
 * was written, so no value in a document can pass for a placeholder; every job must be found
 * exactly once, or sealing throws (nothing unsealed can be written).
 *
 * Placeholders survive what is done to the values they stand for in COPY text: they hold no
 * character that the COPY text format or an array literal escapes (copy-text.ts), and the results
 * (base64 and base64url) hold none either. They are not meant to be put inside JSON.
 */
import crypto from 'node:crypto';
import type { FieldCipher } from './field-crypto';

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
 * Runs the jobs with the real cipher and returns `texts` with every placeholder replaced by its
 * result (texts without placeholders are returned as they are). Throws unless each job's
 * placeholder is found exactly once across the texts.
 */
export function sealPlaceholders<T extends { [K in keyof T]: string }>(cipher: SealingCipher, jobs: SealJobs, texts: T): T {
  const n = jobs.inputs.length;
  const results = new Array<string>(n);
  for (let i = 0; i < n; i += 1) {
    results[i] = jobs.kinds.charCodeAt(i) === 101 /* e */ ? cipher.encrypt(jobs.inputs[i], jobs.contexts[i]) : cipher.blindIndex(jobs.inputs[i], jobs.contexts[i]);
  }
  const used = new Uint8Array(n);
  let found = 0;
  const pattern = new RegExp(`${SEP}${jobs.mark}(\\d+)${SEP}`, 'g');
  const sealed: Record<string, string> = {};
  for (const [key, text] of Object.entries<string>(texts)) {
    sealed[key] = n === 0 || !text.includes(SEP)
      ? text
      : text.replace(pattern, (_, digits: string) => {
          const i = Number(digits);
          if (!(i < n) || used[i]) throw new Error('sealing: a placeholder is unknown or repeated');
          used[i] = 1;
          found += 1;
          return results[i];
        });
  }
  if (found !== n) throw new Error(`sealing: ${n - found} of ${n} placeholders not found`);
  return sealed as T;
}
