import { describe, expect, it } from 'vitest';
import { countMarginals, encodeRows, listCells, type CategoricalTable, type MarginalSet } from './counts';
import { suppressSmallCells } from './suppression';
import { skewedTable } from './testing/fixtures';

const cellId = (columns: readonly string[], values: readonly string[]): string =>
  columns.map((c, i) => `${c}=${values[i]}`).join('|');

/** Released cells by label, merged over several releases of the same data. */
function publish(releases: readonly MarginalSet[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const release of releases) {
    out.set('', release.total);
    for (const cell of listCells(release)) out.set(cellId(cell.columns, cell.values), cell.count);
  }
  return out;
}

/**
 * Every difference an attacker can form in one step: a published parent cell minus the published
 * cells refining it along one column. Returns those in 1..k-1.
 */
function leakingDifferences(table: CategoricalTable, published: Map<string, number>, maxLength: number, k: number): string[] {
  const all = countMarginals(table, maxLength);
  const leaks: string[] = [];
  const parents: { columns: string[]; values: string[] }[] = [{ columns: [], values: [] }];
  for (const cell of listCells(all)) if (cell.length < maxLength) parents.push({ columns: [...cell.columns], values: [...cell.values] });
  for (const parent of parents) {
    const known = published.get(cellId(parent.columns, parent.values));
    if (known === undefined) continue;
    table.columns.forEach((column, c) => {
      if (parent.columns.includes(column)) return;
      let releasedChildren = 0;
      for (const value of table.categories[c]) {
        const columns = [...parent.columns, column];
        const values = [...parent.values, value];
        const order = columns.map((_, i) => i).sort((a, b) => table.columns.indexOf(columns[a]) - table.columns.indexOf(columns[b]));
        releasedChildren += published.get(cellId(order.map((i) => columns[i]), order.map((i) => values[i]))) ?? 0;
      }
      const difference = known - releasedChildren;
      if (difference > 0 && difference < k) leaks.push(`${cellId(parent.columns, parent.values)} minus ${column}: ${difference}`);
    });
  }
  return leaks;
}

function project(table: CategoricalTable, names: readonly string[]): CategoricalTable {
  const idx = names.map((n) => table.columns.indexOf(n));
  const rows = Array.from({ length: table.rowCount }, (_, r) => idx.map((c) => table.categories[c][table.codes[c][r]]));
  return encodeRows(names, rows);
}

describe('suppressSmallCells', () => {
  it('never releases a cell below k', () => {
    const table = skewedTable(400, 11);
    const { released } = suppressSmallCells(countMarginals(table, 4), 5);
    for (const cell of listCells(released)) expect(cell.count).toBeGreaterThanOrEqual(5);
  });

  it('hides a small cell that the total minus its siblings would reveal', () => {
    const rows = [...Array.from({ length: 3 }, () => ['a1']), ...Array.from({ length: 100 }, () => ['a2'])];
    const table = encodeRows(['A'], rows);
    const { released, summary } = suppressSmallCells(countMarginals(table, 1), 5);
    // Naive suppression would publish a2 = 100 beside the total 103, revealing a1 = 3.
    expect([...listCells(released)]).toEqual([]);
    expect(summary[0]).toMatchObject({ primary: 1, complementary: 1 });
    expect(leakingDifferences(table, publish([released]), 1, 5)).toEqual([]);
  });

  it('leaves no difference in 1..k-1 between a parent and its released children within one release', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const table = skewedTable(150 + seed * 40, seed);
      for (const k of [3, 5, 10]) {
        const { released } = suppressSmallCells(countMarginals(table, 3), k);
        expect(leakingDifferences(table, publish([released]), 3, k)).toEqual([]);
      }
    }
  });

  it('leaves no such difference across two releases of overlapping tables (different columns and lengths)', () => {
    for (let seed = 20; seed <= 30; seed++) {
      const table = skewedTable(300, seed);
      const k = 5;
      const wide = suppressSmallCells(countMarginals(table, 3), k).released;
      const narrow = suppressSmallCells(countMarginals(project(table, ['colA', 'colB']), 2), k).released;
      const other = suppressSmallCells(countMarginals(project(table, ['colB', 'colC', 'colD']), 2), k).released;
      const published = publish([wide, narrow, other]);
      // The same cell never gets two different published values.
      for (const release of [narrow, other]) {
        for (const cell of listCells(release)) {
          const id = cellId(cell.columns, cell.values);
          expect(published.get(id)).toBe(cell.count);
        }
      }
      expect(leakingDifferences(table, published, 3, k)).toEqual([]);
    }
  });

  it('is a no-op for k = 1', () => {
    const counts = countMarginals(skewedTable(100, 2), 2);
    const { released } = suppressSmallCells(counts, 1);
    expect([...listCells(released)].length).toBe([...listCells(counts)].length);
  });
});
