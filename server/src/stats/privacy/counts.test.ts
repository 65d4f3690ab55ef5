import { describe, expect, it } from 'vitest';
import { combinationMasks, countMarginals, decodeKey, encodeRows, listCells, maskColumns } from './counts';
import { skewedTable } from './testing/fixtures';

describe('countMarginals', () => {
  it('counts every combination of 1..L columns exactly (against brute force)', () => {
    const table = skewedTable(500, 3);
    const counts = countMarginals(table, 3);
    expect(counts.marginals.size).toBe(4 + 6 + 4);
    for (const marginal of counts.marginals.values()) {
      const brute = new Map<string, number>();
      for (let r = 0; r < table.rowCount; r++) {
        const key = marginal.columns.map((c) => table.codes[c][r]).join(',');
        brute.set(key, (brute.get(key) ?? 0) + 1);
      }
      expect(marginal.keys.length).toBe(brute.size);
      for (let i = 0; i < marginal.keys.length; i++) {
        if (i > 0) expect(marginal.keys[i]).toBeGreaterThan(marginal.keys[i - 1]);
        expect(marginal.counts[i]).toBe(brute.get(decodeKey(marginal, marginal.keys[i]).join(',')));
      }
    }
  });

  it('uses the sorting path for large key spaces and agrees with brute force', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [`a${i % 2000}`, `b${(i * 7) % 2500}`, `c${i % 3}`]);
    const table = encodeRows(['a', 'b', 'c'], rows);
    const counts = countMarginals(table, 3);
    const full = counts.marginals.get(0b111);
    expect(full?.counts.reduce((a, b) => a + b, 0)).toBe(3000);
    expect(full?.keys.length).toBe(new Set(rows.map((r) => r.join('|'))).size);
  });

  it('sorts categories and lists cells with labels, shortest first', () => {
    const table = encodeRows(['g', 'h'], [['z', 'x'], ['a', 'x'], ['z', 'y']]);
    expect(table.categories[0]).toEqual(['a', 'z']);
    const cells = [...listCells(countMarginals(table, 2))];
    expect(cells[0]).toEqual({ length: 1, columns: ['g'], values: ['a'], count: 1 });
    expect(cells.filter((c) => c.length === 2).map((c) => `${c.values.join('')}:${c.count}`)).toEqual(['ax:1', 'zx:1', 'zy:1']);
  });

  it('enumerates masks shortest first', () => {
    const masks = combinationMasks(5, 2);
    expect(masks.length).toBe(15);
    expect(masks.slice(0, 5).every((m) => maskColumns(m).length === 1)).toBe(true);
  });
});
