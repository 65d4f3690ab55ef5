import { describe, expect, it } from 'vitest';
import { BLIND_INDEX_LENGTH, encryptedLength, FieldCipher, newKeyRing } from './field-crypto';
import { DeferredCipher, rememberHashes, sealInPlace } from './deferred-cipher';
import { CopyBinary, readCopy, type CopyType } from '../db/copy-binary';

/** A binary COPY of `rows` written with `deferred` recognising its stand-ins. */
function copyWith(deferred: DeferredCipher, types: CopyType[], rows: unknown[][]): Uint8Array {
  const out = new CopyBinary(new ArrayBuffer(64), undefined, deferred);
  out.start();
  for (const r of rows) out.line(types, r);
  out.finish();
  return out.bytes();
}

describe('deferred encryption (DeferredCipher, sealInPlace)', () => {
  const ring = newKeyRing();
  const cipher = new FieldCipher(ring);
  const types: CopyType[] = ['text', 'text', 'text[]', 'text'];

  it('fills the room set aside for each stand-in with the encryption or keyed hash of its input, as text and in arrays', () => {
    const deferred = new DeferredCipher(ring.primary);
    const rows = [
      ['x\ty', deferred.encrypt('{"prs_FirstName":"عائشة"}', 'cases.person'), [deferred.blindIndex('aisha', 'case.name'), deferred.blindIndex('ayesha', 'case.name')], null],
      ['two', deferred.encrypt('secret two', 'case_records.secret'), [], deferred.encrypt('', 'empty')],
    ];
    const bytes = copyWith(deferred, types, rows);
    expect(Buffer.from(bytes).includes(Buffer.from('عائشة'))).toBe(false);
    const jobs = deferred.take();
    expect(jobs.inputs).toHaveLength(5);
    sealInPlace(cipher, jobs, bytes);
    const [first, second] = readCopy(bytes, types) as Array<[string, string, string[], string | null]>;
    expect(first[0]).toBe('x\ty');
    expect(JSON.parse(cipher.decrypt(first[1], 'cases.person'))).toEqual({ prs_FirstName: 'عائشة' });
    expect(first[2]).toEqual([cipher.blindIndex('aisha', 'case.name'), cipher.blindIndex('ayesha', 'case.name')]);
    expect(first[3]).toBeNull();
    expect(cipher.decrypt(second[1], 'case_records.secret')).toBe('secret two');
    expect(cipher.decrypt(second[3]!, 'empty')).toBe('');
    // Numbering starts again after take().
    expect(deferred.encrypt('again')).toBe(`\u0001${deferred.mark}0\u0001`);
  });

  it('knows the length of every result beforehand', () => {
    for (const plain of ['', 'a', 'ab', 'abc', 'عائشة', '😀'.repeat(7), 'x'.repeat(1000)]) {
      expect(cipher.encrypt(plain, 'aad')).toHaveLength(encryptedLength(ring.primary, Buffer.byteLength(plain)));
    }
    expect(cipher.blindIndex('amina', 'case.name')).toHaveLength(BLIND_INDEX_LENGTH);
  });

  it('takes text that only looks like a stand-in (another mark, a number it never gave) as text', () => {
    const deferred = new DeferredCipher(ring.primary);
    const a = deferred.encrypt('a');
    const forged = ['\u0001AAAAAAAAAAAA0\u0001', `\u0001${deferred.mark}7\u0001`, `\u0001${deferred.mark}0x\u0001`, `${a}!`];
    const bytes = copyWith(deferred, ['text', 'text', 'text', 'text', 'text'], [[...forged, a]]);
    sealInPlace(cipher, deferred.take(), bytes);
    const [row] = readCopy(bytes, ['text', 'text', 'text', 'text', 'text']) as string[][];
    expect(row.slice(0, 4)).toEqual(forged);
    expect(cipher.decrypt(row[4])).toBe('a');
  });

  it('refuses to seal when a stand-in got no room (put inside JSON, or not written) or was written twice', () => {
    const d1 = new DeferredCipher(ring.primary);
    const inJson = d1.encrypt('zero');
    const written = d1.encrypt('one');
    const bytes = copyWith(d1, ['json', 'text'], [[{ v: inJson }, written]]);
    const before = Buffer.from(bytes);
    expect(() => sealInPlace(cipher, d1.take(), bytes)).toThrow('1 of 2 values have no room set aside');
    expect(Buffer.from(bytes).equals(before)).toBe(true); // nothing written
    const d2 = new DeferredCipher(ring.primary);
    const twice = d2.blindIndex('v', 'p');
    expect(() => copyWith(d2, ['text', 'text'], [[twice, twice]])).toThrow('set aside twice');
  });

  it('refuses a result of another length than the room set aside (a key id other than the one the reader was told)', () => {
    const deferred = new DeferredCipher(`${ring.primary}x`);
    const bytes = copyWith(deferred, ['text'], [[deferred.encrypt('secret')]]);
    expect(() => sealInPlace(cipher, deferred.take(), bytes)).toThrow('not of the length set aside');
  });

  it('draws a new random mark for each cipher', () => {
    const marks = new Set(Array.from({ length: 50 }, () => new DeferredCipher(ring.primary).mark));
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
