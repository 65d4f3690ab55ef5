/**
 * Per-value counts of multi-valued attributes, with contribution bounding.
 *
 * A case can hold several values of one attribute (methods of control, types of exploitation, …).
 * A per-value table counts, for each single value v, the cases having v. Unlike the other tables
 * its cells do not partition the rows: one case adds 1 to the cell of each of its values. So that
 * one case's influence stays bounded, each case contributes to at most `cap` (C) values
 * (contribution bounding): adding or removing a case changes at most C cells of the table, each
 * by 1 — L1 sensitivity C, L2 sensitivity √C.
 *
 * Which values a case keeps when it has more than C is decided by its own set of values and a
 * seed, never by other rows: the values are ranked by a 32-bit hash of (seed, the whole set, the
 * value) and the C lowest kept. So the bounded table is a sum of per-case contributions (the
 * sensitivity above holds), the choice varies from set to set (no value is always the one
 * dropped), and it is deterministic: with the dataset's id as seed every release of one dataset
 * bounds each case the same way, which keeps k-suppression patterns identical across its
 * releases. The choice is not secret and need not be: differential privacy holds for any fixed
 * per-case bounding, and k-suppression publishes exact counts anyway.
 */
import type { Marginal, MarginalSet } from './counts';
import { MAX_COLUMNS } from './counts';
import { PrivacyError } from './errors';
import type { SuppressionSummary } from './suppression';

/** C: the most values one case contributes to a per-value table, unless a release says otherwise. */
export const DEFAULT_PER_VALUE_CAP = 4;

/**
 * A multi-valued attribute of a table: per row, the code of its set of values; per code, the
 * values of that set (no empty string). `joined`, when the release also counts the attribute as
 * one category per row, names that column of the release's table and, per category code, the
 * values the category stands for (none for a category whose values are not all known, such as
 * "3+" or ""); k-suppression uses it to close differences between the two tables.
 */
export interface SetColumn {
  /** The name of its per-value table, e.g. "methods_of_control[]". */
  readonly name: string;
  readonly codes: Uint16Array;
  readonly sets: readonly (readonly string[])[];
  readonly joined?: { readonly column: number; readonly values: readonly (readonly string[])[] };
}

/** How per-value tables are bounded. */
export interface PerValueOptions {
  /** C, 1..64; default DEFAULT_PER_VALUE_CAP. */
  readonly cap?: number;
  /** Fixes which values a case with more than C keeps (the dataset's id for releases). */
  readonly seed: string;
}

/** 32-bit FNV-1a of a string, finished with MurmurHash3's mixer; `basis` varies it. */
function hash32(text: string, basis: number): number {
  let h = (0x811c9dc5 ^ basis) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function checkCap(cap: number): number {
  if (!Number.isInteger(cap) || cap < 1 || cap > 64) throw new PrivacyError('stats.invalid_parameter', { reason: 'per-value cap must be an integer 1..64' });
  return cap;
}

/**
 * The values (distinct, sorted) a case with this set contributes: all of them when there are at
 * most `cap`, otherwise the `cap` of lowest hash(seed, set, value). Depends on nothing else.
 */
export function boundValues(values: readonly string[], cap: number, seed: string): string[] {
  checkCap(cap);
  const set = [...new Set(values.filter((v) => v !== ''))].sort();
  if (set.length <= cap) return set;
  const basis = hash32(seed, 0x5bd1e995);
  const whole = set.join('\u0001');
  return set
    .map((value) => ({ value, rank: hash32(`${whole}\u0000${value}`, basis) }))
    .sort((a, b) => a.rank - b.rank || (a.value < b.value ? -1 : 1))
    .slice(0, cap)
    .map((x) => x.value)
    .sort();
}

/**
 * Exact bounded per-value counts: one 1-way table per set column (column j of the returned set
 * is columns[j]; its categories are the values seen, sorted). Guarantee: the count of v is the
 * number of rows whose bounded set holds v, and one row adds to at most `cap` cells of a table.
 * `total` is the number of rows. Never publish these: protect them first.
 */
export function countPerValue(columns: readonly SetColumn[], rowCount: number, options: PerValueOptions): MarginalSet {
  const cap = checkCap(options.cap ?? DEFAULT_PER_VALUE_CAP);
  if (columns.length > MAX_COLUMNS) throw new PrivacyError('stats.invalid_parameter', { reason: `at most ${MAX_COLUMNS} per-value tables` });
  const categories: string[][] = [];
  const marginals = new Map<number, Marginal>();
  columns.forEach((column, j) => {
    const values = [...new Set(column.sets.flat().filter((v) => v !== ''))].sort();
    const index = new Map(values.map((v, i) => [v, i]));
    const rowsPerSet = new Float64Array(column.sets.length);
    for (let r = 0; r < rowCount; r++) rowsPerSet[column.codes[r]] += 1;
    const counts = new Float64Array(values.length);
    column.sets.forEach((set, s) => {
      if (rowsPerSet[s] === 0) return;
      for (const v of boundValues(set, cap, options.seed)) counts[index.get(v)!] += rowsPerSet[s];
    });
    const keys: number[] = [];
    const cells: number[] = [];
    counts.forEach((c, i) => {
      if (c > 0) {
        keys.push(i);
        cells.push(c);
      }
    });
    categories.push(values);
    marginals.set(1 << j, { mask: 1 << j, columns: [j], radix: [Math.max(1, values.length)], keys: Float64Array.from(keys), counts: Float64Array.from(cells) });
  });
  return { schema: { columns: columns.map((c) => c.name), categories }, maxLength: 1, total: rowCount, marginals };
}

/** Per-value tables after suppression and what was removed. */
export interface PerValueSuppression {
  readonly released: MarginalSet;
  readonly summary: SuppressionSummary;
}

/**
 * Small-cell suppression of per-value tables. A cell v of a table is released only if
 *  1. count(v) >= k (primary);
 *  2. total − count(v), the cases not counted under v, is 0 or >= k — the total is released, and
 *     "has v" / "has not v" is the 1-way table of a yes/no attribute, to which the complementary
 *     rule of `suppressSmallCells` applies;
 *  3. count(v) minus the released cells of the joined 1-way table whose category contains v and
 *     has at most `cap` values (every case of such a category keeps all its values, so is counted
 *     under v) is 0 or >= k: that difference is the number of cases under v whose category is
 *     suppressed, or holds more values than the joined table lists ("3+").
 * Guarantee: no released per-value cell is below k, and no single-step difference between a
 * per-value cell and the total or the joined 1-way table's released cells is in 1..k−1. The rule
 * reads only the per-value counts, the total and the joined 1-way table's released cells, whose
 * suppression pattern depends only on its own counts; so releases of the same dataset with the
 * same k and cap suppress per-value tables identically.
 */
export function suppressPerValue(counts: MarginalSet, k: number, links: { released: MarginalSet; columns: readonly SetColumn[]; cap: number }): PerValueSuppression {
  if (!Number.isInteger(k) || k < 1) throw new PrivacyError('stats.invalid_parameter', { reason: 'k must be an integer >= 1' });
  const total = counts.total;
  const small = (d: number) => d !== 0 && d < k;
  const released = new Map<number, Marginal>();
  const summary = { length: 1, cells: 0, primary: 0, complementary: 0 };
  links.columns.forEach((column, j) => {
    const marginal = counts.marginals.get(1 << j);
    if (!marginal) return;
    const values = counts.schema.categories[j];
    // Released joined cells per value (only categories whose cases keep all their values).
    const accounted = new Float64Array(values.length);
    if (column.joined) {
      const joined = links.released.marginals.get(1 << column.joined.column);
      const index = new Map(values.map((v, i) => [v, i]));
      for (let i = 0; joined && i < joined.keys.length; i++) {
        const parts = column.joined.values[joined.keys[i]] ?? [];
        if (parts.length === 0 || parts.length > links.cap) continue;
        for (const v of parts) {
          const at = index.get(v);
          if (at !== undefined) accounted[at] += joined.counts[i];
        }
      }
    }
    const keys: number[] = [];
    const cells: number[] = [];
    for (let i = 0; i < marginal.keys.length; i++) {
      const key = marginal.keys[i];
      const n = marginal.counts[i];
      summary.cells += 1;
      if (n < k) {
        summary.primary += 1;
        continue;
      }
      if (small(total - n) || (column.joined && small(n - accounted[key]))) {
        summary.complementary += 1;
        continue;
      }
      keys.push(key);
      cells.push(n);
    }
    released.set(marginal.mask, { ...marginal, keys: Float64Array.from(keys), counts: Float64Array.from(cells) });
  });
  return { released: { ...counts, marginals: released }, summary };
}
