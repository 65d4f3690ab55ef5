import { describe, expect, it } from 'vitest';
import { FieldCipher, newKeyRing } from './field-crypto';
import { DeferredCipher, rememberHashes, sealPlaceholders } from './deferred-cipher';
import { copyLine } from '../db/copy-text';

describe('deferred encryption (DeferredCipher, sealPlaceholders)', () => {
  const cipher = new FieldCipher(newKeyRing());

  it('fills each placeholder with the encryption or keyed hash of its input, through COPY text and array literals', () => {
    const deferred = new DeferredCipher();
    const line = copyLine(['x\ty', deferred.encrypt('{"prs_FirstName":"عائشة"}', 'cases.person'), [deferred.blindIndex('aisha', 'case.name'), deferred.blindIndex('ayesha', 'case.name')], null]);
    const other = copyLine([deferred.encrypt('secret two', 'case_records.secret')]);
    expect(line).not.toContain('عائشة');
    const jobs = deferred.take();
    expect(jobs.inputs).toHaveLength(4);
    const sealed = sealPlaceholders(cipher, jobs, { cases: line, records: other, team: '' });
    const cols = sealed.cases.trimEnd().split('\t');
    expect(cols[0]).toBe('x\\ty');
    expect(JSON.parse(cipher.decrypt(cols[1], 'cases.person'))).toEqual({ prs_FirstName: 'عائشة' });
    expect(cols[2]).toBe(`{"${cipher.blindIndex('aisha', 'case.name')}","${cipher.blindIndex('ayesha', 'case.name')}"}`);
    expect(cols[3]).toBe('\\N');
    expect(cipher.decrypt(sealed.records.trimEnd(), 'case_records.secret')).toBe('secret two');
    expect(sealed.team).toBe('');
    // Numbering starts again after take().
    expect(deferred.encrypt('again')).toBe(`\u0001${deferred.mark}0\u0001`);
  });

  it('leaves alone text that only looks like a placeholder (another mark), and refuses a missing or repeated one', () => {
    const deferred = new DeferredCipher();
    const a = deferred.encrypt('a');
    const forged = '\u0001AAAAAAAAAAAA0\u0001';
    const sealed = sealPlaceholders(cipher, deferred.take(), { t: `${forged}\t${a}\n` });
    expect(sealed.t.split('\t')[0]).toBe(forged);
    expect(cipher.decrypt(sealed.t.trimEnd().split('\t')[1])).toBe('a');

    const d2 = new DeferredCipher();
    const p0 = d2.encrypt('zero');
    d2.encrypt('one');
    expect(() => sealPlaceholders(cipher, d2.take(), { t: p0 })).toThrow('1 of 2 placeholders not found');
    const d3 = new DeferredCipher();
    const q0 = d3.blindIndex('v', 'p');
    expect(() => sealPlaceholders(cipher, d3.take(), { t: q0 + q0 })).toThrow('unknown or repeated');
    const d4 = new DeferredCipher();
    d4.encrypt('x');
    expect(() => sealPlaceholders(cipher, d4.take(), { t: `\u0001${d4.mark}7\u0001` })).toThrow('unknown or repeated');
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
