import { describe, expect, it } from 'vitest';
import { hash53, IdIndex } from './id-index';

describe('IdIndex (ids in typed arrays for import checks)', () => {
  it('finds exactly the ids added, with the value of their first addition, as it grows', () => {
    const index = new IdIndex(undefined, 4);
    const seen = new Map<string, number>();
    const ids = Array.from({ length: 5000 }, (_, i) => `hte-${String(i % 3000).padStart(6, '0')}-${i % 7}`);
    ids.forEach((id, i) => {
      const earlier = index.addIfAbsent(id, i, (v) => ids[v] === id);
      expect(earlier).toBe(seen.get(id));
      if (!seen.has(id)) seen.set(id, i);
    });
    expect(index.size).toBe(seen.size);
    expect(index.find('hte-000001-1', (v) => ids[v] === 'hte-000001-1')).toBe(seen.get('hte-000001-1'));
    expect(index.find('nope', () => true)).toBeUndefined();
  });

  it('tells apart different ids with the same hash by asking the caller', () => {
    const index = new IdIndex(() => 42);
    const ids = ['a', 'b', 'c', 'a', 'c', 'd'];
    const answers = ids.map((id, i) => index.addIfAbsent(id, i, (v) => ids[v] === id));
    expect(answers).toEqual([undefined, undefined, undefined, 0, 2, undefined]);
    expect(index.size).toBe(4);
    expect(index.find('d', (v) => ids[v] === 'd')).toBe(5);
    expect(index.find('e', (v) => ids[v] === 'e')).toBeUndefined();
  });

  it('hashes to integers below 2^53, spread over short similar ids', () => {
    const hashes = new Set<number>();
    for (let i = 0; i < 200000; i += 1) {
      const h = hash53(`cas-${i}`);
      expect(Number.isSafeInteger(h) && h >= 0).toBe(true);
      hashes.add(h);
    }
    expect(hashes.size).toBe(200000);
  });
});
