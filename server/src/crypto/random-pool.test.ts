import { describe, expect, it } from 'vitest';
import { pooledRandomBytes, pooledRandomInt } from './random-pool';

describe('pooled random bytes', () => {
  it('hands out bytes of their own, fresh each time, across refills of the pool', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i += 1) {
      const b = pooledRandomBytes(12); // 120,000 bytes: the 48 KB pool is refilled twice
      expect(b).toHaveLength(12);
      seen.add(b.toString('hex'));
    }
    expect(seen.size).toBe(10_000);
    const a = pooledRandomBytes(8);
    const copy = Buffer.from(a);
    pooledRandomBytes(8);
    expect(a).toEqual(copy); // not a view of the pool, which is wiped as it is used
  });

  it('makes integers of 1 to 6 random bytes, spread over their whole range', () => {
    for (const n of [1, 2, 4, 6]) {
      const values = Array.from({ length: 4000 }, () => pooledRandomInt(n));
      const max = 2 ** (8 * n);
      expect(values.every((v) => Number.isInteger(v) && v >= 0 && v < max)).toBe(true);
      // Each quarter of the range gets about a quarter of the values (expected 1,000; 850-1,150 is over 5 standard deviations).
      const quarters = [0, 0, 0, 0];
      for (const v of values) quarters[Math.floor((v / max) * 4)] += 1;
      for (const q of quarters) expect(q).toBeGreaterThan(850);
      for (const q of quarters) expect(q).toBeLessThan(1150);
    }
  });
});
