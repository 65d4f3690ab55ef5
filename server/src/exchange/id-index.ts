/**
 * A set of string ids held in typed arrays, for the uniqueness checks of an import with hundreds
 * of thousands of records: about 16 bytes an id (a 53-bit hash and a number the caller chooses,
 * such as where the id was seen) instead of about 80 for a JavaScript Set of strings, and no
 * objects for the garbage collector to walk. Ids with the same hash are told apart by the caller,
 * which is asked about each earlier id with that hash (`same`), so every answer is exact.
 */

/** cyrb53 (bryc, public domain): a fast 53-bit string hash, well spread for short ids. */
export function hash53(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i += 1) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

const EMPTY = -1;

export class IdIndex {
  private hashes: Float64Array;
  private values: Int32Array;
  private mask: number;
  private count = 0;

  /** `hash` must give an integer in [0, 2^53); tests pass a poor one to exercise equal hashes. */
  constructor(private readonly hash: (id: string) => number = hash53, capacity = 1024) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.hashes = new Float64Array(size).fill(EMPTY);
    this.values = new Int32Array(size);
    this.mask = size - 1;
  }

  /** How many ids are in. */
  get size(): number {
    return this.count;
  }

  /**
   * The value of `id` if it is in, else undefined. `same(value)` is asked about each earlier id
   * with the same hash and must say whether that one is `id`.
   */
  find(id: string, same: (value: number) => boolean): number | undefined {
    return this.lookup(this.hash(id), same);
  }

  /**
   * Adds `id` with `value` unless it is in already (see find for `same`): returns the earlier
   * value when it is, undefined when it was added.
   */
  addIfAbsent(id: string, value: number, same: (value: number) => boolean): number | undefined {
    const h = this.hash(id);
    const earlier = this.lookup(h, same);
    if (earlier !== undefined) return earlier;
    if ((this.count + 1) * 2 > this.hashes.length) this.grow();
    this.put(h, value);
    this.count += 1;
    return undefined;
  }

  private lookup(h: number, same: (value: number) => boolean): number | undefined {
    for (let i = (h >>> 0) & this.mask; this.hashes[i] !== EMPTY; i = (i + 1) & this.mask) {
      if (this.hashes[i] === h && same(this.values[i])) return this.values[i];
    }
    return undefined;
  }

  private put(h: number, value: number): void {
    let i = (h >>> 0) & this.mask;
    while (this.hashes[i] !== EMPTY) i = (i + 1) & this.mask;
    this.hashes[i] = h;
    this.values[i] = value;
  }

  private grow(): void {
    const hashes = this.hashes;
    const values = this.values;
    this.hashes = new Float64Array(hashes.length * 2).fill(EMPTY);
    this.values = new Int32Array(hashes.length * 2);
    this.mask = this.hashes.length - 1;
    for (let i = 0; i < hashes.length; i += 1) if (hashes[i] !== EMPTY) this.put(hashes[i], values[i]);
  }
}
