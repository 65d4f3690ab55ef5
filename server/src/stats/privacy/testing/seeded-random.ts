import { uniformBigIntFromWords, uniformIntFromWords, type RandomSource } from '../random';

/**
 * A deterministic random source for tests ONLY (sfc32 generator): it makes statistical tests
 * reproducible. It is not exported from the privacy module and must never feed privacy noise.
 */
export class SeededRandom implements RandomSource {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private readonly nextWord = (): number => this.uint32();

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 16; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  uniformInt(n: number): number {
    return uniformIntFromWords(this.nextWord, n);
  }

  uniformBigInt(n: bigint): bigint {
    return uniformBigIntFromWords(this.nextWord, n);
  }
}
