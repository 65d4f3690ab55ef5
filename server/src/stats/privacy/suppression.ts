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
  const scratch = new GroupScratch();
  for (const marginal of counts.marginals.values()) {
    const keep = suppressionPattern(counts, marginal, k, index, scratch);
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

/** Groups of cells of a marginal that share one parent cell (CSR layout: members[start[g]..start[g+1]) are group g's cells). */
interface ParentGroups {
  readonly parentCounts: ArrayLike<number>;
  /** start.length - 1 groups (the arrays may be longer: scratch memory reused between marginals). */
  readonly groups: number;
  readonly start: Uint32Array;
  readonly members: Uint32Array;
}

/**
 * Memory reused from marginal to marginal (a 4-way release over 10 attributes groups 2.5 million
 * cells along each of their columns: new arrays for each took a third of the suppression's time,
 * much of it collecting them): per position, the groups' layout; shared, each cell's group.
 */
class GroupScratch {
  private groupOf = new Uint32Array(0);
  private readonly starts: Uint32Array[] = [];
  private readonly members: Uint32Array[] = [];

  /** Each cell's group, for `n` cells (filled by the caller). */
  cellGroups(n: number): Uint32Array {
    if (this.groupOf.length < n) this.groupOf = new Uint32Array(Math.max(n, this.groupOf.length * 2));
    return this.groupOf;
  }

  /** The layout arrays of position `position`: `groups + 1` starts (zeroed) and `n` members. */
  layout(position: number, groups: number, n: number): { start: Uint32Array; members: Uint32Array } {
    let start = this.starts[position];
    if (!start || start.length < groups + 1) start = this.starts[position] = new Uint32Array(Math.max(groups + 1, (start?.length ?? 0) * 2));
    else start.fill(0, 0, groups + 1);
    let members = this.members[position];
    if (!members || members.length < n) members = this.members[position] = new Uint32Array(Math.max(n, (members?.length ?? 0) * 2));
    return { start, members };
  }
}

/** Whether every key of a marginal (below the product of its radices) is a 31-bit integer, so integer arithmetic applies. */
function smallKeys(marginal: Marginal): boolean {
  let product = 1;
  for (const r of marginal.radix) product *= r;
  return product <= 0x7fffffff;
}

function parentGroups(counts: MarginalSet, marginal: Marginal, position: number, index: CellIndex, scratch: GroupScratch): ParentGroups {
  const n = marginal.keys.length;
  if (marginal.columns.length === 1) {
    const { start, members } = scratch.layout(position, 1, n);
    for (let i = 0; i < n; i++) members[i] = i;
    start[1] = n;
    return { parentCounts: [counts.total], groups: 1, start, members };
  }
  const parentMask = marginal.mask & ~(1 << marginal.columns[position]);
  const parent = counts.marginals.get(parentMask);
  if (!parent) throw new Error(`missing parent marginal ${maskColumns(parentMask).join(',')}`);
  const weight = placeValues(marginal.radix)[position];
  const radix = marginal.radix[position];
  const groups = parent.keys.length;
  const groupOf = scratch.cellGroups(n);
  const { start, members } = scratch.layout(position, groups, n);
  const keys = marginal.keys;
  index.use(parent);
  if (smallKeys(marginal)) {
    // The same as dropDigit, in 32-bit integers.
    const span = weight * radix;
    for (let i = 0; i < n; i++) {
      const key = keys[i] | 0;
      const g = index.lookup(parent, ((key / span) | 0) * weight + (key % weight));
      groupOf[i] = g;
      start[g + 1] += 1;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const g = index.lookup(parent, dropDigit(keys[i], radix, weight));
      groupOf[i] = g;
      start[g + 1] += 1;
    }
  }
  index.release();
  for (let g = 1; g <= groups; g++) start[g] += start[g - 1];
  // Each cell placed after the ones of its group before it (start[g] counts them, then is restored).
  for (let i = 0; i < n; i++) members[start[groupOf[i]]++] = i;
  for (let g = groups; g > 0; g--) start[g] = start[g - 1];
  start[0] = 0;
  return { parentCounts: parent.counts, groups, start, members };
}

/** keep[i] = 1 when cell i of the marginal is released under the rule above. */
function suppressionPattern(counts: MarginalSet, marginal: Marginal, k: number, index: CellIndex, scratch: GroupScratch): Uint8Array {
  const n = marginal.keys.length;
  const cellCounts = marginal.counts;
  const keep = new Uint8Array(n);
  let anySuppressed = false;
  for (let i = 0; i < n; i++) {
    keep[i] = cellCounts[i] >= k ? 1 : 0;
    if (!keep[i]) anySuppressed = true;
  }
  if (!anySuppressed || k === 1) return keep;
  const positions = marginal.columns.map((_, p) => parentGroups(counts, marginal, p, index, scratch));
  let changed = true;
  while (changed) {
    changed = false;
    for (const { parentCounts, groups, start, members } of positions) {
      for (let g = 0; g < groups; g++) {
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
