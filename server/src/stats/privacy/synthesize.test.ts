import { describe, expect, it } from 'vitest';
import { countMarginals, findCell } from './counts';
import { dpAggregate } from './dp-aggregate';
import { compareMarginals, fidelityReport, formatFidelity, rareRowTest } from './fidelity';
import { suppressSmallCells } from './suppression';
import { synthesize } from './synthesize';
import { skewedTable } from './testing/fixtures';
import { SeededRandom } from './testing/seeded-random';

describe('synthesize', () => {
  const table = skewedTable(20_000, 8, [4, 6, 3, 5, 4]);
  const truth = countMarginals(table, 3);

  it('draws only released values, with at most L−1 parents per column', () => {
    const { released } = suppressSmallCells(truth, 10);
    const result = synthesize(released, { rows: 5000, random: new SeededRandom(1) });
    expect(result.table.rowCount).toBe(5000);
    expect(result.plan.map((p) => p.column).sort()).toEqual([0, 1, 2, 3, 4]);
    for (const { column, parents } of result.plan) {
      expect(parents.length).toBeLessThanOrEqual(2);
      const one = released.marginals.get(1 << column);
      if (!one) throw new Error('1-way table missing');
      for (const code of result.table.codes[column]) expect(findCell(one, code)).toBeGreaterThanOrEqual(0);
    }
  });

  it('preserves the counts of a k-anonymous release closely', () => {
    const { released } = suppressSmallCells(truth, 10);
    const result = synthesize(released, { random: new SeededRandom(2) });
    const fidelity = compareMarginals(truth, countMarginals(result.table, 3), 10);
    expect(result.table.rowCount).toBe(20_000);
    expect(fidelity[0].meanRelativeError).toBeLessThan(0.05);
    expect(fidelity[1].meanRelativeError).toBeLessThan(0.35);
  });

  it('never outputs a copy of a rare real row when asked not to', () => {
    const { released } = suppressSmallCells(truth, 3);
    const rare = rareRowTest(table, 10);
    const result = synthesize(released, { reject: rare, random: new SeededRandom(3) });
    const report = fidelityReport({ truth, released, rareThreshold: 10, synthetic: result.table, rareRows: rare });
    expect(report.synthetic?.rareRowCopies).toBe(0);
    expect(result.redrawn).toBeGreaterThan(0);
    const unfiltered = synthesize(released, { random: new SeededRandom(3) });
    const before = fidelityReport({ truth, released, rareThreshold: 10, synthetic: unfiltered.table, rareRows: rare });
    expect(before.synthetic?.rareRowCopies).toBeGreaterThan(0);
  });

  it('synthesizes from a DP release without touching the data again', () => {
    const dp = dpAggregate(truth, { epsilon: 4, delta: 1e-6, random: new SeededRandom(4) });
    const result = synthesize(dp.released, { random: new SeededRandom(5) });
    expect(result.table.rowCount).toBe(Math.round(dp.released.total));
    const report = fidelityReport({ truth, released: dp.released, rareThreshold: 10, synthetic: result.table });
    expect(report.released[0].fabricatedShare).toBe(0);
    expect(report.synthetic?.lengths[0].meanRelativeError).toBeLessThan(0.1);
    expect(formatFidelity(report)).toContain('Synthetic rows');
  });
});

describe('compareMarginals', () => {
  it('reports zero error for identical counts and full suppression for nothing released', () => {
    const truth = countMarginals(skewedTable(1000, 12), 2);
    const same = compareMarginals(truth, truth, 5);
    expect(same.map((l) => [l.meanAbsoluteError, l.suppressedShare, l.fabricatedShare])).toEqual([[0, 0, 0], [0, 0, 0]]);
    const empty = compareMarginals(truth, { ...truth, marginals: new Map() }, 5);
    expect(empty[1].suppressedShare).toBe(1);
    expect(empty[1].rareSuppressedShare).toBe(1);
  });
});
