/**
 * Exact samplers for differential privacy, after Canonne, Kamath & Steinke, "The Discrete Gaussian
 * for Differential Privacy" (NeurIPS 2020, arXiv:2004.00010), Algorithms 1–3.
 *
 * Every sample is computed with integer arithmetic only: parameters are rationals num/den, all
 * randomness comes from exact uniform integers of a RandomSource, and intermediate values that could
 * leave the safe-integer range are computed with BigInt. No floating-point noise is ever produced, so
 * the output distribution is exactly the stated one (no Mironov-style floating-point leaks).
 */
import type { RandomSource } from './random';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function assertRational(num: number, den: number, what: string): void {
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || num < 0 || den < 1) {
    throw new RangeError(`${what}: parameters must be safe integers num >= 0, den >= 1 (got ${num}/${den})`);
  }
}

/** floor(n / d) and n mod d, exactly, for safe integers n >= 0, d >= 1. */
function divMod(n: number, d: number): [number, number] {
  let q = Math.floor(n / d);
  let r = n - q * d;
  while (r < 0) {
    q -= 1;
    r += d;
  }
  while (r >= d) {
    q += 1;
    r -= d;
  }
  return [q, r];
}

/** Exactly Bernoulli(num/den) for 0 <= num <= den. */
export function sampleBernoulli(rng: RandomSource, num: number, den: number): boolean {
  assertRational(num, den, 'sampleBernoulli');
  return rng.uniformInt(den) < num;
}

/** Bernoulli(r / (d·k)) as Bernoulli(r/d) · Bernoulli(1/k) when d·k is not a safe integer. */
function bernoulliOverK(rng: RandomSource, r: number, d: number, k: number): boolean {
  const dk = d * k;
  if (dk <= MAX_SAFE) return rng.uniformInt(dk) < r;
  return rng.uniformInt(d) < r && rng.uniformInt(k) === 0;
}

/** Bernoulli(exp(-r/d)) for 0 <= r <= d (CKS Algorithm 1, first case). */
function bernoulliExpNegUnit(rng: RandomSource, r: number, d: number): boolean {
  let k = 1;
  while (bernoulliOverK(rng, r, d, k)) k += 1;
  return k % 2 === 1;
}

/**
 * Exactly Bernoulli(exp(-num/den)) for safe integers num >= 0, den >= 1 (CKS Algorithm 1).
 * Guarantee: returns true with probability exactly exp(-num/den).
 */
export function sampleBernoulliExp(rng: RandomSource, num: number, den: number): boolean {
  assertRational(num, den, 'sampleBernoulliExp');
  const [whole, rest] = divMod(num, den);
  for (let i = 0; i < whole; i++) {
    if (!bernoulliExpNegUnit(rng, 1, 1)) return false;
  }
  return bernoulliExpNegUnit(rng, rest, den);
}

/** Bernoulli(exp(-num/den)) for bigint parameters (slow path of the discrete Gaussian). */
function sampleBernoulliExpBig(rng: RandomSource, num: bigint, den: bigint): boolean {
  const whole = num / den;
  const rest = num % den;
  for (let i = 0n; i < whole; i++) {
    if (!bernoulliExpNegUnit(rng, 1, 1)) return false;
  }
  let k = 1n;
  while (rng.uniformBigInt(den * k) < rest) k += 1n;
  return k % 2n === 1n;
}

/**
 * Exactly one sample of the discrete Laplace distribution with scale num/den:
 * P(x) ∝ exp(-|x| · den / num) for every integer x (CKS Algorithm 2).
 * Requires num >= 1 and num · (expected geometric tail) to stay a safe integer, which holds for
 * num <= 2^40.
 */
export function sampleDiscreteLaplace(rng: RandomSource, num: number, den: number): number {
  assertRational(num, den, 'sampleDiscreteLaplace');
  if (num < 1 || num > 2 ** 40) throw new RangeError('sampleDiscreteLaplace: scale numerator out of range');
  for (;;) {
    const u = rng.uniformInt(num);
    if (!sampleBernoulliExp(rng, u, num)) continue;
    let v = 0;
    while (bernoulliExpNegUnit(rng, 1, 1)) v += 1;
    const x = u + num * v;
    const [y] = divMod(x, den);
    const negative = rng.uniformInt(2) === 1;
    if (negative && y === 0) continue;
    return negative ? -y : y;
  }
}

/** floor(sqrt(n)) exactly for a safe integer n >= 0. */
function isqrt(n: number): number {
  let r = Math.floor(Math.sqrt(n));
  while (r * r > n) r -= 1;
  while ((r + 1) * (r + 1) <= n) r += 1;
  return r;
}

/**
 * Exactly one sample of the discrete Gaussian N_Z(0, σ²) with σ² = num/den:
 * P(x) ∝ exp(-x² / (2σ²)) for every integer x (CKS Algorithm 3).
 */
export function sampleDiscreteGaussian(rng: RandomSource, num: number, den: number): number {
  assertRational(num, den, 'sampleDiscreteGaussian');
  if (num < 1) throw new RangeError('sampleDiscreteGaussian: σ² must be positive');
  const [wholeSigma2] = divMod(num, den);
  const t = isqrt(wholeSigma2) + 1; // floor(σ) + 1
  const gammaDen = 2 * num * den * t * t;
  const gammaDenBig = 2n * BigInt(num) * BigInt(den) * BigInt(t) * BigInt(t);
  for (;;) {
    const y = sampleDiscreteLaplace(rng, t, 1);
    // γ = (|y| − σ²/t)² / (2σ²) = (|y|·t·den − num)² / (2·num·den·t²)
    const a = Math.abs(y) * t * den - num;
    const gammaNum = a * a;
    const accept =
      Number.isSafeInteger(a) && gammaNum <= MAX_SAFE && gammaDen <= MAX_SAFE
        ? sampleBernoulliExp(rng, gammaNum, gammaDen)
        : sampleBernoulliExpBig(rng, (BigInt(Math.abs(y)) * BigInt(t) * BigInt(den) - BigInt(num)) ** 2n, gammaDenBig);
    if (accept) return y;
  }
}

/** A rational parameter num/den of a sampler. */
export interface Rational {
  readonly num: number;
  readonly den: number;
}

/**
 * The rational σ² = num/den >= sigma2 closest from above with a power-of-two denominator, chosen so
 * that the discrete Gaussian stays on its fast integer path. Rounding up only adds noise, so the
 * privacy guarantee computed for sigma2 still holds.
 */
export function gaussianVarianceParameter(sigma2: number): Rational {
  if (!(sigma2 > 0) || !Number.isFinite(sigma2)) throw new RangeError(`bad σ²: ${sigma2}`);
  const exponent = Math.max(0, Math.min(20, Math.floor(Math.log2(9e6 / sigma2))));
  const den = 2 ** exponent;
  return { num: Math.ceil(sigma2 * den), den };
}

/**
 * The rational scale num/den >= scale with a power-of-two denominator for the discrete Laplace
 * sampler. Rounding up only adds noise, so the privacy guarantee computed for scale still holds.
 */
export function laplaceScaleParameter(scale: number): Rational {
  if (!(scale > 0) || !Number.isFinite(scale) || scale > 2 ** 39) throw new RangeError(`bad scale: ${scale}`);
  const exponent = Math.max(0, Math.min(20, Math.floor(Math.log2(2 ** 39 / scale))));
  const den = 2 ** exponent;
  return { num: Math.ceil(scale * den), den };
}
