import { describe, expect, it } from 'vitest';
import { newId, writeNewId } from './ids';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The 48-bit millisecond time at the front of a version 7 id. */
function timeOf(id: string): number {
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

describe('newId (UUID version 7)', () => {
  it('is a version 7, variant 10 UUID holding the time it was made', () => {
    const before = Date.now();
    const id = newId();
    const after = Date.now();
    expect(id).toMatch(V7);
    expect(timeOf(id)).toBeGreaterThanOrEqual(before);
    expect(timeOf(id)).toBeLessThanOrEqual(after);
  });

  it('grows strictly, many to a millisecond, in the order PostgreSQL sorts uuid values', () => {
    const ids = Array.from({ length: 200_000 }, () => newId());
    for (let i = 1; i < ids.length; i += 1) {
      if (!(ids[i] > ids[i - 1])) throw new Error(`not increasing at ${i}: ${ids[i - 1]} then ${ids[i]}`);
    }
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 1000)) expect(id).toMatch(V7);
    // Several ids share a millisecond (a counter, not the clock, orders them).
    expect(new Set(ids.map(timeOf)).size).toBeLessThan(ids.length);
  });

  it('keeps growing when the clock steps back', () => {
    const first = newId();
    const later = newId(timeOf(first) - 60_000);
    expect(later > first).toBe(true);
    expect(timeOf(later)).toBe(timeOf(first));
  });

  it('writes the time in the first 48 bits, most significant first', () => {
    const ms = Date.now() + 10 * 365 * 86_400_000; // later than any id made so far
    const id = newId(ms);
    expect(timeOf(id)).toBe(ms);
    expect(id.slice(0, 13)).toBe(`${ms.toString(16).padStart(12, '0').slice(0, 8)}-${ms.toString(16).padStart(12, '0').slice(8)}`);
  });

  it('ends in 40 random bits (with 4 more before them): ids cannot be told from their neighbours', () => {
    const tails = new Set(Array.from({ length: 1000 }, () => newId().slice(-10)));
    expect(tails.size).toBe(1000);
  });

  it('writes the same ids as bytes (writeNewId), in one sequence with the text ones', () => {
    const bytes = new Uint8Array(16 * 3000);
    const texts: string[] = [];
    for (let i = 0; i < 3000; i += 1) {
      texts.push(newId());
      writeNewId(bytes, 16 * i);
    }
    const fromBytes = Array.from({ length: 3000 }, (_, i) => {
      const h = Buffer.from(bytes.subarray(16 * i, 16 * i + 16)).toString('hex');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    });
    for (let i = 0; i < 3000; i += 1) {
      expect(fromBytes[i]).toMatch(V7);
      expect(fromBytes[i] > texts[i]).toBe(true);
      if (i + 1 < 3000) expect(texts[i + 1] > fromBytes[i]).toBe(true);
    }
    // The time is the one writeNewId was given, as in the text form (far ahead: this test runs last).
    const ms = Date.now() + 30 * 365 * 86_400_000;
    writeNewId(bytes, 0, ms);
    expect(parseInt(Buffer.from(bytes.subarray(0, 6)).toString('hex'), 16)).toBe(ms);
    expect(timeOf(newId())).toBe(ms);
  });
});
