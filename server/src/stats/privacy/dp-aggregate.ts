/**
 * Differentially private counts of every combination of 1..L attributes (DP marginals), in the
 * manner of Microsoft synthetic-data-showcase (SDS, docs/dp/README.md), with these choices:
 *
 * - Neighbouring datasets differ by adding or removing one record. A record falls in exactly one
 *   cell of each table, so it changes at most Δ_ℓ = C(m, ℓ) cells of length ℓ by 1 (m columns):
 *   L1 sensitivity Δ_ℓ, L2 sensitivity √Δ_ℓ. No sensitivity reduction (SDS's DP percentile) is done.
 * - The budget is split between the total count (share `totalShare`) and the lengths 1..L
 *   (weights `lengthWeights`, like SDS's sigma proportions).
 * - Noise is exact: discrete Gaussian (composed in zero-concentrated DP, then converted to (ε, δ)) or
 *   discrete Laplace (pure ε per part, basic composition), from the secure random source.
 * - Only cells present in the data get noise, so a released cell could betray a value seen only
 *   in one record. A cell is therefore released only if its noisy count reaches a threshold τ_ℓ set
 *   so that a cell of true count 1 passes with probability <= δ_T / (L·Δ_ℓ); by the union bound
 *   the cells one record alone creates are all hidden except with probability δ_T, which costs
 *   e^ε·δ_T of δ (Korolova et al. 2009; Wilson et al. 2020; SDS's ρ₁). Hence no combination absent
 *   from the data is ever released (no fabrication), at the price of suppressing small cells.
 * - A cell of length ℓ >= 2 is a candidate only if all its sub-cells of length ℓ−1 were released,
 *   and released counts are capped by those of their sub-cells (SDS normalisation); both are
 *   post-processing of released values.
 * - Per-value tables of multi-valued attributes (`per-value.ts`), when given, are further parts of
 *   the same release: together they get the share `perValueShare` of the budget (split equally),
 *   the marginals the rest after the total's share. A record changes at most C cells of each (C the
 *   contribution cap): sensitivity C, thresholded like the marginals, capped by the noisy total.
 *   The release as a whole still costs exactly (ε, δ).
 */
import { dropDigit, findCell, placeValues, type Marginal, type MarginalSet } from './counts';
import { PrivacyError } from './errors';
import { secureRandom, type RandomSource } from './random';
import {
  gaussianVarianceParameter,
  laplaceScaleParameter,
  sampleDiscreteGaussian,
  sampleDiscreteLaplace,
  type Rational,
} from './samplers';

export type DpMechanism = 'gaussian' | 'laplace';

/** Parameters of a DP release of marginals. */
export interface DpOptions {
  readonly epsilon: number;
  readonly delta: number;
  /** Default 'gaussian' (better when a record touches many cells). */
  readonly mechanism?: DpMechanism;
  /** Relative budget weights of lengths 1..L; default all 1. */
  readonly lengthWeights?: readonly number[];
  /** Share of the budget spent on the total count; default 0.05. */
  readonly totalShare?: number;
  /** Share of δ spent on thresholding (Gaussian only; Laplace spends all of δ there); default 0.5. */
  readonly thresholdDeltaShare?: number;
  /** Share of the budget spent on per-value tables when the release has any; default 0.2. */
  readonly perValueShare?: number;
  /** Randomness; the secure source unless a test injects another. */
  readonly random?: RandomSource;
}

/** How one part of the release was noised and thresholded. */
export interface DpLengthParameters {
  /** 0 for the total count; 1 for a per-value table. */
  readonly length: number;
  /** The per-value table this part is, if it is one. */
  readonly table?: string;
  /** Share of the release's budget (of ρ for Gaussian noise, of ε for Laplace). */
  readonly share: number;
  /** Cells one record can change (Δ_ℓ). */
  readonly sensitivity: number;
  /** Standard deviation of the noise on one cell (σ for Gaussian, b·√2 for Laplace). */
  readonly noiseStdDev: number;
  /** Released cells have noisy count >= threshold. */
  readonly threshold: number;
}

/** A DP release: the released (noisy, thresholded) counts and the exact accounting. */
export interface DpAggregateResult {
  readonly released: MarginalSet;
  /** Released per-value tables, when asked for. */
  readonly perValue?: MarginalSet;
  readonly mechanism: DpMechanism;
  readonly cost: { readonly epsilon: number; readonly delta: number };
  readonly parameters: readonly DpLengthParameters[];
}

/** C(n, k) as a float (exact for the sizes allowed here). */
export function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** ρ of zCDP that converts to (ε, δ)-DP: ε = ρ + 2√(ρ ln(1/δ)) (Bun & Steinke 2016, Prop. 1.3). */
export function zcdpRhoFor(epsilon: number, delta: number): number {
  const l = Math.log(1 / delta);
  return (Math.sqrt(epsilon + l) - Math.sqrt(l)) ** 2;
}

// σ >= 3 makes the correction term of CKS's multivariate discrete Gaussian bound negligible
// (of order exp(−π²σ²) <= 1e-38), so ρ = Δ₂²/(2σ²) per length holds for all practical purposes.
const MIN_SIGMA2 = 9;

/** Default share of the budget for per-value tables (when a release has any). */
export const DEFAULT_PER_VALUE_SHARE = 0.2;

/** Per-value tables to release with the marginals: exact bounded counts and their cap C. */
export interface DpPerValueInput {
  readonly counts: MarginalSet;
  readonly cap: number;
}

interface PartSpec {
  length: number;
  table?: string;
  sensitivity: number;
  share: number;
}

interface Part extends PartSpec {
  sample: () => number;
  std: number;
  threshold: number;
}

function validate(options: DpOptions, lengths: number, perValueTables: number): void {
  const { epsilon, delta } = options;
  const bad = (reason: string): never => {
    throw new PrivacyError('stats.invalid_parameter', { reason });
  };
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) bad('ε must be > 0');
  if (!(delta > 0 && delta < 1)) bad('δ must be in (0, 1)');
  const share = options.totalShare ?? 0.05;
  if (!(share > 0 && share < 1)) bad('total share must be in (0, 1)');
  const tShare = options.thresholdDeltaShare ?? 0.5;
  if (!(tShare > 0 && tShare < 1)) bad('threshold δ share must be in (0, 1)');
  const weights = options.lengthWeights;
  if (weights && (weights.length !== lengths || weights.some((w) => !(w > 0) || !Number.isFinite(w)))) {
    bad(`length weights must be ${lengths} positive numbers`);
  }
  const perValue = options.perValueShare ?? DEFAULT_PER_VALUE_SHARE;
  if (perValueTables > 0 && !(perValue > 0 && share + perValue < 1)) bad('per-value share must be > 0 and leave a share for the marginals');
}

/** The parts of a release and their budget shares: the total, lengths 1..L, then each per-value table. */
function partSpecs(options: DpOptions, columns: number, lengths: number, perValue: readonly string[], cap: number): PartSpec[] {
  const totalShare = options.totalShare ?? 0.05;
  const perValueShare = perValue.length > 0 ? (options.perValueShare ?? DEFAULT_PER_VALUE_SHARE) : 0;
  const weights = options.lengthWeights ?? Array.from({ length: lengths }, () => 1);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const marginalShare = 1 - totalShare - perValueShare;
  return [
    { length: 0, sensitivity: 1, share: totalShare },
    ...weights.map((w, i) => ({ length: i + 1, sensitivity: binomial(columns, i + 1), share: (marginalShare * w) / weightSum })),
    ...perValue.map((table) => ({ length: 1, table, sensitivity: cap, share: perValueShare / perValue.length })),
  ];
}

function planParts(options: DpOptions, specs: readonly PartSpec[], random: RandomSource): Part[] {
  const mechanism = options.mechanism ?? 'gaussian';
  const { epsilon, delta } = options;
  const thresholdDelta =
    mechanism === 'gaussian' ? (delta * (options.thresholdDeltaShare ?? 0.5)) / Math.exp(epsilon) : delta / Math.exp(epsilon);
  const rho = mechanism === 'gaussian' ? zcdpRhoFor(epsilon, delta - thresholdDelta * Math.exp(epsilon)) : 0;
  // Thresholded parts: every part but the total. The cells one record alone creates number at most
  // Σ sensitivity over them; each passes with probability <= thresholdDelta / (parts · sensitivity).
  const thresholded = specs.length - 1;
  return specs.map((spec) => {
    const { sensitivity, share } = spec;
    // Per-cell probability allowed for a true count of 1 to pass the threshold.
    const tail = thresholdDelta / (thresholded * sensitivity);
    if (mechanism === 'gaussian') {
      const sigma2: Rational = gaussianVarianceParameter(Math.max(MIN_SIGMA2, sensitivity / (2 * share * rho)));
      const actual = sigma2.num / sigma2.den;
      return {
        ...spec,
        sample: () => sampleDiscreteGaussian(random, sigma2.num, sigma2.den),
        std: Math.sqrt(actual),
        // P[N_Z(0,σ²) >= λ] <= exp(−λ²/(2σ²)): the discrete Gaussian is σ-sub-Gaussian (CKS).
        threshold: Math.ceil(1 + Math.sqrt(2 * actual * Math.log(1 / tail)) + 1e-9),
      };
    }
    const scale: Rational = laplaceScaleParameter(sensitivity / (share * epsilon));
    const b = scale.num / scale.den;
    return {
      ...spec,
      sample: () => sampleDiscreteLaplace(random, scale.num, scale.den),
      std: b * Math.SQRT2,
      // P[Lap_Z(b) >= λ] <= exp(−λ/b).
      threshold: Math.ceil(1 + b * Math.log(1 / tail) + 1e-9),
    };
  });
}

/**
 * Releases DP counts of every combination in `counts` (which must hold exact counts of every
 * combination of 1..L columns) and, when given, of bounded per-value tables (exact counts from
 * `countPerValue`, each row in at most `cap` cells of a table). Guarantee: the whole output is
 * (ε, δ)-differentially private with respect to adding or removing one row, and contains no
 * combination or value absent from the data.
 */
export function dpAggregate(counts: MarginalSet, options: DpOptions, perValue?: DpPerValueInput): DpAggregateResult {
  const lengths = counts.maxLength;
  const tables = perValue ? perValue.counts.schema.columns : [];
  validate(options, lengths, tables.length);
  const random = options.random ?? secureRandom();
  const columns = counts.schema.columns.length;
  const parts = planParts(options, partSpecs(options, columns, lengths, tables, perValue?.cap ?? 1), random);
  const total = Math.max(0, counts.total + parts[0].sample());
  const byLength: Marginal[][] = Array.from({ length: lengths + 1 }, () => []);
  for (const marginal of counts.marginals.values()) byLength[marginal.columns.length].push(marginal);

  const released = new Map<number, Marginal>();
  for (let length = 1; length <= lengths; length++) {
    const part = parts[length];
    for (const marginal of byLength[length]) {
      const parents = parentMarginals(released, marginal);
      const keys: number[] = [];
      const values: number[] = [];
      for (let i = 0; i < marginal.keys.length; i++) {
        const key = marginal.keys[i];
        const cap = parents ? parentCap(parents, key, total) : total;
        if (cap <= 0) continue; // a sub-cell was not released: not a candidate
        const noisy = marginal.counts[i] + part.sample();
        if (noisy < part.threshold) continue;
        keys.push(key);
        values.push(Math.min(noisy, cap));
      }
      released.set(marginal.mask, { ...marginal, keys: Float64Array.from(keys), counts: Float64Array.from(values) });
    }
  }
  let perValueReleased: MarginalSet | undefined;
  if (perValue) {
    const out = new Map<number, Marginal>();
    tables.forEach((_, j) => {
      const marginal = perValue.counts.marginals.get(1 << j);
      if (!marginal) return;
      const part = parts[1 + lengths + j];
      const keys: number[] = [];
      const values: number[] = [];
      for (let i = 0; i < marginal.keys.length; i++) {
        const noisy = marginal.counts[i] + part.sample();
        if (noisy < part.threshold) continue;
        keys.push(marginal.keys[i]);
        values.push(Math.min(noisy, total));
      }
      out.set(marginal.mask, { ...marginal, keys: Float64Array.from(keys), counts: Float64Array.from(values) });
    });
    perValueReleased = { ...perValue.counts, total, marginals: out };
  }
  const mechanism = options.mechanism ?? 'gaussian';
  return {
    released: { schema: counts.schema, maxLength: lengths, total, marginals: released },
    perValue: perValueReleased,
    mechanism,
    cost: { epsilon: options.epsilon, delta: options.delta },
    parameters: parts.map((p) => ({
      length: p.length,
      ...(p.table ? { table: p.table } : {}),
      share: p.share,
      sensitivity: p.sensitivity,
      noiseStdDev: p.std,
      threshold: p.length === 0 ? 0 : p.threshold,
    })),
  };
}

interface ParentLink {
  readonly parent: Marginal;
  readonly radix: number;
  readonly weight: number;
}

function parentMarginals(released: Map<number, Marginal>, marginal: Marginal): ParentLink[] | undefined {
  if (marginal.columns.length === 1) return undefined;
  const weights = placeValues(marginal.radix);
  return marginal.columns.map((column, position) => {
    const parent = released.get(marginal.mask & ~(1 << column));
    if (!parent) throw new Error('parent released marginal missing');
    return { parent, radix: marginal.radix[position], weight: weights[position] };
  });
}

/** The smallest released count among the sub-cells of a key, or 0 if one is not released. */
function parentCap(links: readonly ParentLink[], key: number, total: number): number {
  let cap = total;
  for (const { parent, radix, weight } of links) {
    const index = findCell(parent, dropDigit(key, radix, weight));
    if (index < 0) return 0;
    cap = Math.min(cap, parent.counts[index]);
  }
  return cap;
}
