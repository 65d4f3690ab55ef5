/**
 * Small-cell suppression with complementary suppression.
 *
 * Rule (per combination of columns S, computed from the counts of S alone):
 *  1. primary: every cell with count < k is suppressed;
 *  2. complementary: for every column c of S and every parent cell P (the cell of S \ {c} that the
 *     cells of S refine along c) whose count is >= k, the total of the suppressed children of P must
 *     be 0 or >= k. While it is in 1..k-1, the smallest released child is suppressed too.
 * Because every row has exactly one value in each column, count(P) = Σ children, so
 * count(P) − Σ released children = Σ suppressed children: no difference between a parent count
 * (released, published earlier, or itself derived) and its released children along one column can
 * be in 1..k-1. The pattern of S depends only on the counts of S, so two releases that share a
 * table suppress it identically, and the rule holds across releases of the same data and k.
 */
import { CellIndex, maskColumns, placeValues, dropDigit, type Marginal, type MarginalSet } from './counts';
import { PrivacyError } from './errors';

/** What suppression removed at one combination length. */
export interface SuppressionSummary {
  readonly length: number;
  readonly cells: number;
  readonly primary: number;
  readonly complementary: number;
}

/** The released cells after suppression and how many were removed per length. */
export interface SuppressionResult {
  readonly released: MarginalSet;
  readonly summary: readonly SuppressionSummary[];
}

/**
 * Suppresses cells below k and, complementarily, enough cells that no single-attribute difference
 * between a parent count and its released children lands in 1..k-1. Released counts are exact.
 */
export function suppressSmallCells(counts: MarginalSet, k: number): SuppressionResult {
  if (!Number.isInteger(k) || k < 1) throw new PrivacyError('stats.invalid_parameter', { reason: 'k must be an integer >= 1' });
  const released = new Map<number, Marginal>();
  const summary = Array.from({ length: counts.maxLength }, (_, i) => ({
    length: i + 1,
    cells: 0,
    primary: 0,
    complementary: 0,
  }));
  const index = new CellIndex();
  for (const marginal of counts.marginals.values()) {
    const keep = suppressionPattern(counts, marginal, k, index);
    const line = summary[marginal.columns.length - 1];
    let kept = 0;
    for (let i = 0; i < keep.length; i++) {
      if (keep[i]) kept += 1;
      else if (marginal.counts[i] < k) line.primary += 1;
      else line.complementary += 1;
    }
    line.cells += keep.length;
    const keys = new Float64Array(kept);
    const values = new Float64Array(kept);
    for (let i = 0, j = 0; i < keep.length; i++) {
      if (!keep[i]) continue;
      keys[j] = marginal.keys[i];
      values[j++] = marginal.counts[i];
    }
    released.set(marginal.mask, { ...marginal, keys, counts: values });
  }
  return {
    released: { schema: counts.schema, maxLength: counts.maxLength, total: counts.total, marginals: released },
    summary,
  };
}

/** Groups of cells of a marginal that share one parent cell (CSR layout). */
interface ParentGroups {
  readonly parentCounts: ArrayLike<number>;
  readonly start: Uint32Array;
  readonly members: Uint32Array;
}

function parentGroups(counts: MarginalSet, marginal: Marginal, position: number, index: CellIndex): ParentGroups {
  const n = marginal.keys.length;
  if (marginal.columns.length === 1) {
    const members = new Uint32Array(n);
    for (let i = 0; i < n; i++) members[i] = i;
    return { parentCounts: [counts.total], start: Uint32Array.of(0, n), members };
  }
  const parentMask = marginal.mask & ~(1 << marginal.columns[position]);
  const parent = counts.marginals.get(parentMask);
  if (!parent) throw new Error(`missing parent marginal ${maskColumns(parentMask).join(',')}`);
  const weight = placeValues(marginal.radix)[position];
  const radix = marginal.radix[position];
  const groupOf = new Uint32Array(n);
  const sizes = new Uint32Array(parent.keys.length + 1);
  index.use(parent);
  for (let i = 0; i < n; i++) {
    const g = index.lookup(parent, dropDigit(marginal.keys[i], radix, weight));
    groupOf[i] = g;
    sizes[g + 1] += 1;
  }
  index.release();
  for (let g = 1; g < sizes.length; g++) sizes[g] += sizes[g - 1];
  const fill = sizes.slice(0, parent.keys.length);
  const members = new Uint32Array(n);
  for (let i = 0; i < n; i++) members[fill[groupOf[i]]++] = i;
  return { parentCounts: parent.counts, start: sizes, members };
}

/** keep[i] = 1 when cell i of the marginal is released under the rule above. */
function suppressionPattern(counts: MarginalSet, marginal: Marginal, k: number, index: CellIndex): Uint8Array {
  const n = marginal.keys.length;
  const cellCounts = marginal.counts;
  const keep = new Uint8Array(n);
  let anySuppressed = false;
  for (let i = 0; i < n; i++) {
    keep[i] = cellCounts[i] >= k ? 1 : 0;
    if (!keep[i]) anySuppressed = true;
  }
  if (!anySuppressed || k === 1) return keep;
  const positions = marginal.columns.map((_, p) => parentGroups(counts, marginal, p, index));
  let changed = true;
  while (changed) {
    changed = false;
    for (const { parentCounts, start, members } of positions) {
      for (let g = 0; g + 1 < start.length; g++) {
        if (parentCounts[g] < k) continue;
        let hidden = 0;
        for (let m = start[g]; m < start[g + 1]; m++) if (!keep[members[m]]) hidden += cellCounts[members[m]];
        while (hidden > 0 && hidden < k) {
          let smallest = -1;
          for (let m = start[g]; m < start[g + 1]; m++) {
            const i = members[m];
            if (keep[i] && (smallest < 0 || cellCounts[i] < cellCounts[smallest])) smallest = i;
          }
          if (smallest < 0) break;
          keep[smallest] = 0;
          hidden += cellCounts[smallest];
          changed = true;
        }
      }
    }
  }
  return keep;
}
