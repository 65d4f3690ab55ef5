/**
 * Categorical tables encoded to small integers, and exact counts of every combination of 1 to L
 * attributes. A combination of columns is a bitmask; a cell of it is a mixed-radix integer key
 * whose most significant digit is the lowest column.
 */
import { PrivacyError } from './errors';

/** The names and category labels of an encoded table. */
export interface TableSchema {
  readonly columns: readonly string[];
  /** Per column: the category label of each code, sorted. */
  readonly categories: readonly (readonly string[])[];
}

/** A categorical table: one Uint16Array of category codes per column. */
export interface CategoricalTable extends TableSchema {
  readonly codes: readonly Uint16Array[];
  readonly rowCount: number;
}

/** The counts of one combination of columns; keys ascending, counts aligned with keys. */
export interface Marginal {
  readonly mask: number;
  readonly columns: readonly number[];
  readonly radix: readonly number[];
  readonly keys: Float64Array;
  readonly counts: Float64Array;
}

/** Counts of every combination of 1..maxLength columns of one table, plus the total. */
export interface MarginalSet {
  readonly schema: TableSchema;
  readonly maxLength: number;
  readonly total: number;
  readonly marginals: ReadonlyMap<number, Marginal>;
}

export const MAX_COLUMNS = 30;
export const MAX_LENGTH = 6;
const MAX_CATEGORIES = 65_535;
const DENSE_LIMIT = 1 << 22;

/** Encodes rows of strings column by column; categories are sorted when the table is finished. */
export class TableEncoder {
  private readonly dictionaries: Map<string, number>[];
  private codes: Uint16Array[];
  private size = 0;

  constructor(readonly columns: readonly string[]) {
    if (columns.length === 0) throw new PrivacyError('stats.invalid_parameter', { reason: 'no columns' });
    if (columns.length > MAX_COLUMNS) {
      throw new PrivacyError('stats.invalid_parameter', { reason: `at most ${MAX_COLUMNS} columns` });
    }
    this.dictionaries = columns.map(() => new Map<string, number>());
    this.codes = columns.map(() => new Uint16Array(1024));
  }

  /** Appends one row; values[i] belongs to columns[i]. */
  add(values: readonly string[]): void {
    if (this.size === this.codes[0].length) {
      this.codes = this.codes.map((c) => {
        const grown = new Uint16Array(c.length * 2);
        grown.set(c);
        return grown;
      });
    }
    for (let i = 0; i < this.columns.length; i++) {
      const dictionary = this.dictionaries[i];
      const value = values[i];
      let code = dictionary.get(value);
      if (code === undefined) {
        code = dictionary.size;
        if (code >= MAX_CATEGORIES) {
          throw new PrivacyError('stats.too_many_categories', { column: this.columns[i], max: MAX_CATEGORIES });
        }
        dictionary.set(value, code);
      }
      this.codes[i][this.size] = code;
    }
    this.size += 1;
  }

  /** The encoded table, with codes renumbered so that categories are in sorted order. */
  finish(): CategoricalTable {
    const categories: string[][] = [];
    const codes: Uint16Array[] = [];
    for (let i = 0; i < this.columns.length; i++) {
      const labels = [...this.dictionaries[i].keys()];
      const sorted = [...labels].sort(compareLabels);
      const rank = new Map(sorted.map((label, index) => [label, index]));
      const remap = Uint16Array.from(labels, (label) => rank.get(label) ?? 0);
      const column = this.codes[i].subarray(0, this.size);
      const out = new Uint16Array(this.size);
      for (let r = 0; r < this.size; r++) out[r] = remap[column[r]];
      categories.push(sorted);
      codes.push(out);
    }
    return { columns: [...this.columns], categories, codes, rowCount: this.size };
  }
}

function compareLabels(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Encodes an array of rows (each aligned with columns) into a categorical table. */
export function encodeRows(columns: readonly string[], rows: readonly (readonly string[])[]): CategoricalTable {
  const encoder = new TableEncoder(columns);
  for (const row of rows) encoder.add(row);
  return encoder.finish();
}

/** The column indices of a bitmask, ascending. */
export function maskColumns(mask: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < MAX_COLUMNS; i++) if (mask & (1 << i)) out.push(i);
  return out;
}

/** Every combination of 1..maxLength of columnCount columns, as bitmasks, shortest first. */
export function combinationMasks(columnCount: number, maxLength: number): number[] {
  const out: number[][] = Array.from({ length: maxLength + 1 }, () => []);
  const walk = (start: number, mask: number, length: number): void => {
    for (let c = start; c < columnCount; c++) {
      const next = mask | (1 << c);
      out[length + 1].push(next);
      if (length + 1 < maxLength) walk(c + 1, next, length + 1);
    }
  };
  walk(0, 0, 0);
  return out.flat();
}

/** The number of bits set in a mask: the combination length. */
export function maskLength(mask: number): number {
  let n = 0;
  for (let m = mask; m; m &= m - 1) n += 1;
  return n;
}

/** Index of key in a marginal, or -1 (binary search). */
export function findCell(marginal: Marginal, key: number): number {
  const keys = marginal.keys;
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid];
    if (k === key) return mid;
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The category codes of a key, one per column of the marginal. */
export function decodeKey(marginal: Marginal, key: number): number[] {
  const digits = new Array<number>(marginal.radix.length);
  let rest = key;
  for (let i = marginal.radix.length - 1; i >= 0; i--) {
    const radix = marginal.radix[i];
    const digit = rest % radix;
    digits[i] = digit;
    rest = (rest - digit) / radix;
  }
  return digits;
}

/**
 * The key of the same cell in the marginal without the column at position `position`.
 * `weight` is the product of the radices after that position.
 */
export function dropDigit(key: number, radix: number, weight: number): number {
  const low = key % weight;
  const high = Math.floor(key / (weight * radix));
  return high * weight + low;
}

/** Products of the radices after each position (the place value of each digit). */
export function placeValues(radix: readonly number[]): number[] {
  const out = new Array<number>(radix.length);
  let w = 1;
  for (let i = radix.length - 1; i >= 0; i--) {
    out[i] = w;
    w *= radix[i];
  }
  return out;
}

/** Progress of a long computation: done out of total steps. */
export type ProgressListener = (done: number, total: number) => void;

/**
 * Exact counts of every combination of 1..maxLength columns of the table (cells with count 0 are
 * absent). Guarantee: the count of a cell is the number of rows having all its values.
 */
export function countMarginals(
  table: CategoricalTable,
  maxLength: number,
  onProgress?: ProgressListener,
): MarginalSet {
  const m = table.columns.length;
  if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > MAX_LENGTH) {
    throw new PrivacyError('stats.invalid_parameter', { reason: `length must be 1..${MAX_LENGTH}` });
  }
  const length = Math.min(maxLength, m);
  const radices = table.categories.map((c) => Math.max(1, c.length));
  const rows = table.rowCount;
  const totalSubsets = combinationMasks(m, length).length;
  const marginals = new Map<number, Marginal>();
  const prefixKeys = Array.from({ length }, () => new Float64Array(rows));
  const counter = new CellCounter(rows);
  let done = 0;

  const walk = (start: number, depth: number, mask: number, columns: number[], product: number): void => {
    for (let c = start; c < m; c++) {
      const nextProduct = product * radices[c];
      if (nextProduct > Number.MAX_SAFE_INTEGER) {
        throw new PrivacyError('stats.too_many_categories', { column: table.columns[c], max: 'product 2^53' });
      }
      const keys = prefixKeys[depth];
      const codes = table.codes[c];
      if (depth === 0) {
        for (let r = 0; r < rows; r++) keys[r] = codes[r];
      } else {
        const parent = prefixKeys[depth - 1];
        const radix = radices[c];
        for (let r = 0; r < rows; r++) keys[r] = parent[r] * radix + codes[r];
      }
      const nextColumns = [...columns, c];
      const nextMask = mask | (1 << c);
      const { keys: cellKeys, counts } = counter.count(keys, nextProduct);
      marginals.set(nextMask, {
        mask: nextMask,
        columns: nextColumns,
        radix: nextColumns.map((i) => radices[i]),
        keys: cellKeys,
        counts,
      });
      done += 1;
      onProgress?.(done, totalSubsets);
      if (depth + 1 < length) walk(c + 1, depth + 1, nextMask, nextColumns, nextProduct);
    }
  };
  walk(0, 0, 0, [], 1);
  return { schema: { columns: table.columns, categories: table.categories }, maxLength: length, total: rows, marginals };
}

/**
 * Counts equal keys. Small key spaces use a dense scratch array and a bitmap of touched keys, so
 * the keys come out sorted in O(rows + space/32); large key spaces sort the row keys.
 */
class CellCounter {
  private dense = new Uint32Array(0);
  private bitmap = new Uint32Array(0);

  constructor(private readonly rows: number) {}

  count(rowKeys: Float64Array, product: number): { keys: Float64Array; counts: Float64Array } {
    const rows = this.rows;
    if (product > DENSE_LIMIT) return countBySorting(rowKeys);
    if (this.dense.length < product) {
      const size = Math.min(DENSE_LIMIT, Math.max(product, this.dense.length * 2));
      this.dense = new Uint32Array(size);
      this.bitmap = new Uint32Array(Math.ceil(size / 32));
    }
    const dense = this.dense;
    const bitmap = this.bitmap;
    let distinct = 0;
    for (let r = 0; r < rows; r++) {
      const k = rowKeys[r];
      if (dense[k]++ === 0) {
        bitmap[k >>> 5] |= 1 << (k & 31);
        distinct += 1;
      }
    }
    const keys = new Float64Array(distinct);
    const counts = new Float64Array(distinct);
    const words = Math.ceil(product / 32);
    let i = 0;
    for (let w = 0; w < words; w++) {
      let bits = bitmap[w];
      if (bits === 0) continue;
      bitmap[w] = 0;
      while (bits !== 0) {
        const low = bits & -bits;
        const k = w * 32 + (31 - Math.clz32(low));
        bits ^= low;
        keys[i] = k;
        counts[i++] = dense[k];
        dense[k] = 0;
      }
    }
    return { keys, counts };
  }
}

function countBySorting(rowKeys: Float64Array): { keys: Float64Array; counts: Float64Array } {
  const sorted = Float64Array.from(rowKeys).sort();
  const keys: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j += 1;
    keys.push(sorted[i]);
    counts.push(j - i);
    i = j;
  }
  return { keys: Float64Array.from(keys), counts: Float64Array.from(counts) };
}

/** One released or counted cell, decoded to labels. */
export interface Cell {
  readonly length: number;
  /** Column names of the combination, in schema order. */
  readonly columns: readonly string[];
  /** The category label of each of those columns. */
  readonly values: readonly string[];
  readonly count: number;
}

/** Every cell of a set, shortest combinations first, each table in key order. */
export function* listCells(set: MarginalSet): Generator<Cell> {
  const masks = [...set.marginals.keys()].sort(
    (a, b) => maskLength(a) - maskLength(b) || compareColumnLists(maskColumns(a), maskColumns(b)),
  );
  for (const mask of masks) {
    const marginal = set.marginals.get(mask);
    if (!marginal) continue;
    const columns = marginal.columns.map((c) => set.schema.columns[c]);
    for (let i = 0; i < marginal.keys.length; i++) {
      const digits = decodeKey(marginal, marginal.keys[i]);
      yield {
        length: columns.length,
        columns,
        values: digits.map((d, p) => set.schema.categories[marginal.columns[p]][d]),
        count: marginal.counts[i],
      };
    }
  }
}

function compareColumnLists(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/**
 * Finds cells of many keys in one marginal quickly: a dense key → index table for small key
 * spaces (reused between calls), binary search otherwise. `lookup` is valid until `release`.
 */
export class CellIndex {
  private table = new Int32Array(0);
  private current: Marginal | undefined;

  /** Prepares lookups into this marginal. */
  use(marginal: Marginal): void {
    this.release();
    const product = marginal.radix.reduce((p, r) => p * r, 1);
    if (product > DENSE_LIMIT) return;
    if (this.table.length < product) this.table = new Int32Array(Math.max(product, this.table.length * 2)).fill(-1);
    const keys = marginal.keys;
    for (let i = 0; i < keys.length; i++) this.table[keys[i]] = i;
    this.current = marginal;
  }

  /** Index of key in the marginal given to use(), or -1. */
  lookup(marginal: Marginal, key: number): number {
    return this.current === marginal ? this.table[key] : findCell(marginal, key);
  }

  /** Clears the dense table. */
  release(): void {
    const marginal = this.current;
    if (!marginal) return;
    const keys = marginal.keys;
    for (let i = 0; i < keys.length; i++) this.table[keys[i]] = -1;
    this.current = undefined;
  }
}
