import { describe, expect, it } from 'vitest';
import { countMarginals, encodeRows, findCell, listCells } from './counts';
import { binomial, dpAggregate, zcdpRhoFor } from './dp-aggregate';
import { skewedTable } from './testing/fixtures';
import { SeededRandom } from './testing/seeded-random';

describe('dpAggregate', () => {
  it('converts ρ-zCDP back to the requested ε', () => {
    for (const [epsilon, delta] of [[1, 1e-6], [0.1, 1e-9], [8, 1e-5]]) {
      const rho = zcdpRhoFor(epsilon, delta);
      expect(rho + 2 * Math.sqrt(rho * Math.log(1 / delta))).toBeCloseTo(epsilon, 10);
    }
    expect(binomial(10, 4)).toBe(210);
  });

  it('releases only real combinations, each capped by its sub-combinations', () => {
    const table = skewedTable(3000, 4);
    const truth = countMarginals(table, 3);
    for (const mechanism of ['gaussian', 'laplace'] as const) {
      const result = dpAggregate(truth, { epsilon: 4, delta: 1e-6, mechanism, random: new SeededRandom(9) });
      let released = 0;
      for (const marginal of result.released.marginals.values()) {
        const real = truth.marginals.get(marginal.mask);
        for (let i = 0; i < marginal.keys.length; i++) {
          released += 1;
          expect(real && findCell(real, marginal.keys[i])).toBeGreaterThanOrEqual(0);
          expect(marginal.counts[i]).toBeLessThanOrEqual(result.released.total);
        }
      }
      expect(released).toBeGreaterThan(10);
      expect(result.parameters.map((p) => p.sensitivity)).toEqual([1, 4, 6, 4]);
    }
  });

  it('adds noise with the planned spread to released counts', () => {
    // One column, 60 categories of 5,000 rows each: every cell clears the threshold.
    const rows = Array.from({ length: 300_000 }, (_, i) => [`c${i % 60}`]);
    const truth = countMarginals(encodeRows(['x'], rows), 1);
    const random = new SeededRandom(21);
    const deviations: number[] = [];
    let std = 0;
    for (let run = 0; run < 30; run++) {
      const result = dpAggregate(truth, { epsilon: 0.5, delta: 1e-6, random });
      std = result.parameters[1].noiseStdDev;
      const counts = result.released.marginals.get(1)?.counts ?? new Float64Array(0);
      expect(counts.length).toBe(60);
      counts.forEach((c) => deviations.push(c - 5000));
    }
    const variance = deviations.reduce((a, d) => a + d * d, 0) / deviations.length;
    expect(Math.abs(deviations.reduce((a, d) => a + d, 0) / deviations.length)).toBeLessThan((5 * std) / Math.sqrt(1800));
    expect(Math.sqrt(variance) / std).toBeGreaterThan(0.9);
    expect(Math.sqrt(variance) / std).toBeLessThan(1.1);
  });

  it('does not release a value held by a single record', () => {
    const rows = [...Array.from({ length: 5000 }, (_, i) => [`common${i % 3}`, `b${i % 2}`]), ['unique', 'b0']];
    const truth = countMarginals(encodeRows(['a', 'b'], rows), 2);
    const random = new SeededRandom(5);
    for (let run = 0; run < 300; run++) {
      const result = dpAggregate(truth, { epsilon: 2, delta: 1e-6, random });
      for (const cell of listCells(result.released)) expect(cell.values).not.toContain('unique');
    }
  });

  it('refuses bad parameters', () => {
    const truth = countMarginals(skewedTable(100, 1), 2);
    expect(() => dpAggregate(truth, { epsilon: 0, delta: 1e-6 })).toThrow('stats.invalid_parameter');
    expect(() => dpAggregate(truth, { epsilon: 1, delta: 1 })).toThrow('stats.invalid_parameter');
    expect(() => dpAggregate(truth, { epsilon: 1, delta: 1e-6, lengthWeights: [1] })).toThrow('stats.invalid_parameter');
  });
});
