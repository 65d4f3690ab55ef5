import { getRandomValues } from 'node:crypto';

/**
 * Where every random bit of the privacy module comes from. All methods return exactly uniform
 * integers (rejection sampling, no floating point, no modulo bias).
 */
export interface RandomSource {
  /** A uniform integer in [0, 2^32). */
  uint32(): number;
  /** A uniform integer in [0, n) for a safe integer 1 <= n <= 2^53. */
  uniformInt(n: number): number;
  /** A uniform bigint in [0, n) for n >= 1. */
  uniformBigInt(n: bigint): bigint;
}

const TWO_32 = 0x1_0000_0000;
const TWO_21 = 0x20_0000;
const BUFFER_WORDS = 16_384;

/** Exact uniform integer in [0, n) from 32-bit words; shared by every RandomSource implementation. */
export function uniformIntFromWords(next: () => number, n: number): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`uniformInt: bad bound ${n}`);
  if (n === 1) return 0;
  if (n <= TWO_32) {
    // Largest multiple of n below 2^32: values at or above it are rejected.
    const limit = TWO_32 - (TWO_32 % n);
    for (;;) {
      const x = next();
      if (x < limit) return x % n;
    }
  }
  // 53 bits: 21 high bits and 32 low bits; n <= 2^53.
  const range = TWO_21 * TWO_32;
  const limit = range - (range % n);
  for (;;) {
    const x = (next() % TWO_21) * TWO_32 + next();
    if (x < limit) return x % n;
  }
}

/** Exact uniform bigint in [0, n) from 32-bit words. */
export function uniformBigIntFromWords(next: () => number, n: bigint): bigint {
  if (n < 1n) throw new RangeError('uniformBigInt: bound must be >= 1');
  if (n <= BigInt(Number.MAX_SAFE_INTEGER)) return BigInt(uniformIntFromWords(next, Number(n)));
  const bits = n.toString(2).length;
  const words = Math.ceil(bits / 32);
  const excess = BigInt(words * 32 - bits);
  for (;;) {
    let x = 0n;
    for (let i = 0; i < words; i++) x = (x << 32n) | BigInt(next());
    x >>= excess; // keep exactly `bits` bits, so at most half the draws are rejected
    if (x < n) return x;
  }
}

/**
 * The production random source: the operating system's CSPRNG (crypto.getRandomValues), read in
 * 64 KiB blocks. Never Math.random.
 */
export class SecureRandom implements RandomSource {
  private readonly buffer = new Uint32Array(BUFFER_WORDS);
  private position = BUFFER_WORDS;
  private readonly nextWord = (): number => this.uint32();

  uint32(): number {
    if (this.position === BUFFER_WORDS) {
      getRandomValues(this.buffer);
      this.position = 0;
    }
    return this.buffer[this.position++];
  }

  uniformInt(n: number): number {
    return uniformIntFromWords(this.nextWord, n);
  }

  uniformBigInt(n: bigint): bigint {
    return uniformBigIntFromWords(this.nextWord, n);
  }
}

let shared: SecureRandom | undefined;

/** The process-wide secure random source (lazily created). */
export function secureRandom(): RandomSource {
  shared ??= new SecureRandom();
  return shared;
}
