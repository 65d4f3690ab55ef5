import { describe, expect, it } from 'vitest';
import { SecureRandom } from './random';
import {
  gaussianVarianceParameter,
  laplaceScaleParameter,
  sampleBernoulli,
  sampleBernoulliExp,
  sampleDiscreteGaussian,
  sampleDiscreteLaplace,
} from './samplers';
import { SeededRandom } from './testing/seeded-random';

/** Pearson chi-square of observed counts against expected probabilities (tail bins merged). */
function chiSquare(observed: Map<number, number>, pmf: (x: number) => number, support: [number, number], n: number): { stat: number; dof: number } {
  let stat = 0;
  let bins = 0;
  let tailObserved = n;
  let tailExpected = n;
  for (let x = support[0]; x <= support[1]; x++) {
    const expected = pmf(x) * n;
    const seen = observed.get(x) ?? 0;
    stat += (seen - expected) ** 2 / expected;
    tailObserved -= seen;
    tailExpected -= expected;
    bins += 1;
  }
  stat += (tailObserved - tailExpected) ** 2 / tailExpected;
  return { stat, dof: bins };
}

function histogram(n: number, sample: () => number): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const x = sample();
    out.set(x, (out.get(x) ?? 0) + 1);
  }
  return out;
}

/** Upper bound of a chi-square statistic with dof degrees of freedom at ~1e-6 (Wilson–Hilferty). */
function chiSquareCritical(dof: number): number {
  const z = 4.75;
  return dof * (1 - 2 / (9 * dof) + z * Math.sqrt(2 / (9 * dof))) ** 3;
}

describe('Bernoulli samplers', () => {
  it('draws Bernoulli(num/den) with the right frequency', () => {
    const rng = new SeededRandom(1);
    let hits = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) if (sampleBernoulli(rng, 3, 7)) hits += 1;
    expect(Math.abs(hits / n - 3 / 7)).toBeLessThan(5 * Math.sqrt((3 / 7) * (4 / 7) / n));
  });

  it.each([
    [0, 1],
    [1, 3],
    [1, 1],
    [5, 2],
    [7, 3],
  ])('draws Bernoulli(exp(-%i/%i)) with the right frequency', (num, den) => {
    const rng = new SeededRandom(num * 31 + den);
    const p = Math.exp(-num / den);
    const n = 100_000;
    let hits = 0;
    for (let i = 0; i < n; i++) if (sampleBernoulliExp(rng, num, den)) hits += 1;
    expect(Math.abs(hits / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n) + 1e-9);
  });

  it('rejects non-integer or negative parameters', () => {
    const rng = new SeededRandom(2);
    expect(() => sampleBernoulliExp(rng, 0.5, 1)).toThrow(RangeError);
    expect(() => sampleBernoulli(rng, -1, 2)).toThrow(RangeError);
  });
});

describe('discrete Laplace', () => {
  it.each([
    [3, 1],
    [5, 2],
  ])('matches P(x) ∝ exp(-|x|/b) for b = %i/%i (chi-square)', (num, den) => {
    const b = num / den;
    const rng = new SeededRandom(10 + num);
    const n = 100_000;
    const observed = histogram(n, () => sampleDiscreteLaplace(rng, num, den));
    const norm = (1 - Math.exp(-1 / b)) / (1 + Math.exp(-1 / b));
    const range = Math.ceil(4 * b);
    const { stat, dof } = chiSquare(observed, (x) => norm * Math.exp(-Math.abs(x) / b), [-range, range], n);
    expect(stat).toBeLessThan(chiSquareCritical(dof));
  });

  it('has the variance 2e^{-1/b}/(1-e^{-1/b})² and mean 0', () => {
    const b = 10;
    const rng = new SeededRandom(77);
    const n = 100_000;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const x = sampleDiscreteLaplace(rng, b, 1);
      sum += x;
      sumSq += x * x;
    }
    const q = Math.exp(-1 / b);
    const variance = (2 * q) / (1 - q) ** 2;
    expect(Math.abs(sum / n)).toBeLessThan(5 * Math.sqrt(variance / n));
    expect(Math.abs(sumSq / n / variance - 1)).toBeLessThan(0.05);
  });
});

describe('discrete Gaussian', () => {
  it.each([
    [1, 1],
    [9, 4],
    [25, 1],
  ])('matches P(x) ∝ exp(-x²/2σ²) for σ² = %i/%i (chi-square)', (num, den) => {
    const sigma2 = num / den;
    const rng = new SeededRandom(100 + num);
    const n = 100_000;
    const observed = histogram(n, () => sampleDiscreteGaussian(rng, num, den));
    let z = 0;
    for (let x = -200; x <= 200; x++) z += Math.exp(-(x * x) / (2 * sigma2));
    const range = Math.ceil(3.5 * Math.sqrt(sigma2));
    const { stat, dof } = chiSquare(observed, (x) => Math.exp(-(x * x) / (2 * sigma2)) / z, [-range, range], n);
    expect(stat).toBeLessThan(chiSquareCritical(dof));
  });

  it('has variance close to σ² for a large σ² (BigInt path included)', () => {
    const rng = new SeededRandom(5);
    const n = 40_000;
    for (const sigma2 of [400, 1e8]) {
      const { num, den } = gaussianVarianceParameter(sigma2);
      let sum = 0;
      let sumSq = 0;
      for (let i = 0; i < n; i++) {
        const x = sampleDiscreteGaussian(rng, num, den);
        sum += x;
        sumSq += x * x;
      }
      expect(Math.abs(sum / n)).toBeLessThan(5 * Math.sqrt(sigma2 / n));
      expect(Math.abs(sumSq / n / sigma2 - 1)).toBeLessThan(0.04);
    }
  });

  it('rounds parameters up, never down', () => {
    for (const x of [0.3, 1, 7.77, 1234.5, 9.9e6, 3e9]) {
      const g = gaussianVarianceParameter(x);
      expect(g.num / g.den).toBeGreaterThanOrEqual(x);
      expect(g.num / g.den).toBeLessThan(x * 1.001 + 1);
      const l = laplaceScaleParameter(x);
      expect(l.num / l.den).toBeGreaterThanOrEqual(x);
    }
  });

  it('works from the secure source and yields integers', () => {
    const rng = new SecureRandom();
    const xs = Array.from({ length: 2000 }, () => sampleDiscreteGaussian(rng, 100, 1));
    expect(xs.every(Number.isInteger)).toBe(true);
    const variance = xs.reduce((a, x) => a + x * x, 0) / xs.length;
    expect(variance).toBeGreaterThan(70);
    expect(variance).toBeLessThan(130);
  });
});

describe('secure random source', () => {
  it('draws uniform integers below a bound (chi-square)', () => {
    const rng = new SecureRandom();
    const n = 60_000;
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < n; i++) counts[rng.uniformInt(6)] += 1;
    const stat = counts.reduce((a, c) => a + (c - n / 6) ** 2 / (n / 6), 0);
    expect(stat).toBeLessThan(chiSquareCritical(5));
  });

  it('draws bigints below a large bound', () => {
    const rng = new SecureRandom();
    const bound = 2n ** 80n + 12345n;
    for (let i = 0; i < 100; i++) {
      const x = rng.uniformBigInt(bound);
      expect(x >= 0n && x < bound).toBe(true);
    }
    expect(() => rng.uniformInt(0)).toThrow(RangeError);
  });
});
