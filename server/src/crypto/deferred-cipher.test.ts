import { describe, expect, it } from 'vitest';
import { FieldCipher, newKeyRing } from './field-crypto';
import { DeferredCipher, rememberHashes, sealPlaceholders, type SealJobs } from './deferred-cipher';
import { copyLine } from '../db/copy-text';

/** Seals texts given as sections of UTF-8 bytes (as the import's chunks are) and returns them as strings. */
function seal(cipher: FieldCipher, jobs: SealJobs, texts: string[], into?: ArrayBuffer): string[] {
  const bytes = Buffer.from(texts.join(''), 'utf8');
  const ends: number[] = [];
  let end = 0;
  for (const t of texts) ends.push((end += Buffer.byteLength(t)));
  const sealed = sealPlaceholders(cipher, jobs, { bytes, ends }, into);
  const out = Buffer.from(sealed.bytes.buffer, sealed.bytes.byteOffset, sealed.bytes.byteLength);
  return sealed.ends.map((e, i) => out.toString('utf8', i ? sealed.ends[i - 1] : 0, e));
}

describe('deferred encryption (DeferredCipher, sealPlaceholders)', () => {
  const cipher = new FieldCipher(newKeyRing());

  it('fills each placeholder with the encryption or keyed hash of its input, through COPY text and array literals', () => {
    const deferred = new DeferredCipher();
    const line = copyLine(['x\ty', deferred.encrypt('{"prs_FirstName":"عائشة"}', 'cases.person'), [deferred.blindIndex('aisha', 'case.name'), deferred.blindIndex('ayesha', 'case.name')], null]);
    const other = copyLine([deferred.encrypt('secret two', 'case_records.secret')]);
    expect(line).not.toContain('عائشة');
    const jobs = deferred.take();
    expect(jobs.inputs).toHaveLength(4);
    const [cases, records, team] = seal(cipher, jobs, [line, other, '']);
    const cols = cases.trimEnd().split('\t');
    expect(cols[0]).toBe('x\\ty');
    expect(JSON.parse(cipher.decrypt(cols[1], 'cases.person'))).toEqual({ prs_FirstName: 'عائشة' });
    expect(cols[2]).toBe(`{"${cipher.blindIndex('aisha', 'case.name')}","${cipher.blindIndex('ayesha', 'case.name')}"}`);
    expect(cols[3]).toBe('\\N');
    expect(cipher.decrypt(records.trimEnd(), 'case_records.secret')).toBe('secret two');
    expect(team).toBe('');
    // Numbering starts again after take().
    expect(deferred.encrypt('again')).toBe(`\u0001${deferred.mark}0\u0001`);
  });

  it('leaves alone text that only looks like a placeholder (another mark), and refuses a missing or repeated one', () => {
    const deferred = new DeferredCipher();
    const a = deferred.encrypt('a');
    const forged = '\u0001AAAAAAAAAAAA0\u0001';
    const b = deferred.encrypt('b');
    const [t, u] = seal(cipher, deferred.take(), [`${forged}\t\u0001${a}\n`, `\u0001\t${b}\u0001\n`]);
    expect(t.split('\t')[0]).toBe(forged);
    expect(t.split('\t')[1][0]).toBe('\u0001');
    expect(cipher.decrypt(t.trimEnd().split('\t')[1].slice(1))).toBe('a');
    expect(cipher.decrypt(u.trimEnd().split('\t')[1].slice(0, -1))).toBe('b');

    const d2 = new DeferredCipher();
    const p0 = d2.encrypt('zero');
    d2.encrypt('one');
    expect(() => seal(cipher, d2.take(), [p0])).toThrow('1 of 2 placeholders not found');
    const d3 = new DeferredCipher();
    const q0 = d3.blindIndex('v', 'p');
    expect(() => seal(cipher, d3.take(), [q0, q0])).toThrow('unknown or repeated');
    const d4 = new DeferredCipher();
    d4.encrypt('x');
    expect(() => seal(cipher, d4.take(), [`\u0001${d4.mark}7\u0001`])).toThrow('unknown or repeated');
  });

  it('fills a buffer handed back, growing it when the sealed text is longer', () => {
    const deferred = new DeferredCipher();
    const texts = Array.from({ length: 50 }, (_, i) => copyLine([`row ${i} « عربي »`, deferred.encrypt(`secret ${i}`, 'aad'), [deferred.blindIndex(`name ${i}`, 'case.name')]]));
    const jobs = deferred.take();
    const small = new ArrayBuffer(64);
    const sealed = seal(cipher, jobs, [texts.slice(0, 20).join(''), '', texts.slice(20).join('')], small);
    expect(sealed[1]).toBe('');
    const lines = (sealed[0] + sealed[2]).trimEnd().split('\n').map((l) => l.split('\t'));
    expect(lines).toHaveLength(50);
    lines.forEach((cols, i) => {
      expect(cols[0]).toBe(`row ${i} « عربي »`);
      expect(cipher.decrypt(cols[1], 'aad')).toBe(`secret ${i}`);
      expect(cols[2]).toBe(`{"${cipher.blindIndex(`name ${i}`, 'case.name')}"}`);
    });
  });

  it('draws a new random mark for each cipher', () => {
    const marks = new Set(Array.from({ length: 50 }, () => new DeferredCipher().mark));
    expect(marks.size).toBe(50);
    for (const m of marks) expect(m).toMatch(/^[A-Za-z0-9_-]{12}$/);
  });
});

describe('rememberHashes', () => {
  it('gives the same hashes and encryptions as the cipher, hashing each purpose and value once, up to its size', () => {
    const cipher = new FieldCipher(newKeyRing());
    let hashed = 0;
    const counting = { encrypt: (p: string, a?: string) => cipher.encrypt(p, a), blindIndex: (v: string, p: string) => ((hashed += 1), cipher.blindIndex(v, p)) };
    const remembered = rememberHashes(counting, 3);
    expect(remembered.blindIndex('amina', 'case.name')).toBe(cipher.blindIndex('amina', 'case.name'));
    expect(remembered.blindIndex('amina', 'case.name')).toBe(cipher.blindIndex('amina', 'case.name'));
    expect(remembered.blindIndex('amina', 'case.birthdate')).toBe(cipher.blindIndex('amina', 'case.birthdate'));
    expect(hashed).toBe(2);
    remembered.blindIndex('b', 'p');
    remembered.blindIndex('c', 'p'); // the fourth: starts again
    remembered.blindIndex('amina', 'case.name');
    expect(hashed).toBe(5);
    const sealed = remembered.encrypt('x', 'aad');
    expect(cipher.decrypt(sealed, 'aad')).toBe('x');
    expect(remembered.encrypt('x', 'aad')).not.toBe(sealed); // encryptions are never reused
  });
});
