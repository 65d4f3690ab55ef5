/**
 * Aggregate-seeded synthesis: synthetic rows derived only from released (protected) counts, so
 * they inherit the release's guarantee by post-processing and spend no budget.
 *
 * The released 2-way tables give the mutual information between columns; columns are ordered
 * greedily and each column gets as parents the (L−1) earlier columns it shares most information
 * with. A row is drawn column by column from the released L-way table of the column and its
 * parents, conditioned on the parents' values (a Bayesian network read off the release, like
 * PrivBayes but without spending budget). The mass of a parent cell that its released children do
 * not cover (suppressed cells) and parents' values with no released children are drawn with the
 * least informative parent dropped, down to the column's released 1-way table. Only released
 * values are ever drawn.
 */
import { dropDigit, findCell, placeValues, type CategoricalTable, type Marginal, type MarginalSet } from './counts';
import { PrivacyError } from './errors';
import { secureRandom, type RandomSource } from './random';

/** Options of aggregate-seeded synthesis. */
export interface SynthesisOptions {
  /** Rows to produce; default the released total. */
  readonly rows?: number;
  /** A row for which this returns true is drawn again (up to 50 times), e.g. a copy of a rare real row. */
  readonly reject?: (codes: Uint16Array) => boolean;
  readonly random?: RandomSource;
}

/** Synthetic rows in the code space of the release's schema, and what was redrawn. */
export interface SynthesisResult {
  readonly table: CategoricalTable;
  /** Rows redrawn because `reject` refused them. */
  readonly redrawn: number;
  /** Rows still refused after 50 draws and left out. */
  readonly dropped: number;
  /** Column order and parents used (column indices). */
  readonly plan: readonly { readonly column: number; readonly parents: readonly number[] }[];
}

const MAX_REDRAWS = 50;

/**
 * A conditional distribution: released values of the column given one parent cell, with integer
 * weights, plus the residual mass of the parent cell that its released children do not cover
 * (their suppressed children); that mass is drawn from the next, coarser level.
 */
interface Conditional {
  readonly values: Uint16Array;
  readonly cumulative: Float64Array;
  readonly residual: number;
}

/** Conditionals of one column given one set of parents, keyed by the parents' mixed-radix key. */
interface Level {
  readonly parents: readonly number[]; // ascending column indices
  readonly radix: readonly number[];
  readonly byParentKey: Map<number, Conditional>;
}

function buildLevel(release: MarginalSet, marginal: Marginal, column: number): Level {
  const position = marginal.columns.indexOf(column);
  const weight = placeValues(marginal.radix)[position];
  const radix = marginal.radix[position];
  const parentMarginal = release.marginals.get(marginal.mask & ~(1 << column));
  const groups = new Map<number, { values: number[]; weights: number[] }>();
  for (let i = 0; i < marginal.keys.length; i++) {
    const count = Math.round(marginal.counts[i]);
    if (count <= 0) continue;
    const key = marginal.keys[i];
    const parentKey = dropDigit(key, radix, weight);
    const value = Math.floor(key / weight) % radix;
    let group = groups.get(parentKey);
    if (!group) groups.set(parentKey, (group = { values: [], weights: [] }));
    group.values.push(value);
    group.weights.push(count);
  }
  const byParentKey = new Map<number, Conditional>();
  for (const [parentKey, group] of groups) {
    const cumulative = new Float64Array(group.weights.length);
    let sum = 0;
    group.weights.forEach((w, i) => (cumulative[i] = sum += w));
    let parentCount = release.total;
    if (parentMarginal) {
      const index = findCell(parentMarginal, parentKey);
      parentCount = index < 0 ? sum : parentMarginal.counts[index];
    }
    const residual = Math.max(0, Math.round(parentCount) - sum);
    byParentKey.set(parentKey, { values: Uint16Array.from(group.values), cumulative, residual });
  }
  const parents = marginal.columns.filter((c) => c !== column);
  return { parents, radix: parents.map((c) => marginal.radix[marginal.columns.indexOf(c)]), byParentKey };
}

/**
 * Draws from a conditional, leaving out excluded values (their mass was counted at a finer level).
 * Returns the value, or -1 when the draw falls in the residual mass (or nothing is left).
 */
function draw(conditional: Conditional, excluded: Uint8Array, withResidual: boolean, random: RandomSource): number {
  const { cumulative, values } = conditional;
  let available = 0;
  let previous = 0;
  for (let i = 0; i < values.length; i++) {
    if (!excluded[values[i]]) available += cumulative[i] - previous;
    previous = cumulative[i];
  }
  const residual = withResidual ? conditional.residual : 0;
  if (available + residual === 0) return -1;
  let u = random.uniformInt(available + residual);
  if (u >= available) return -1;
  previous = 0;
  for (let i = 0; i < values.length; i++) {
    const weight = cumulative[i] - previous;
    previous = cumulative[i];
    if (excluded[values[i]]) continue;
    if (u < weight) return values[i];
    u -= weight;
  }
  return -1;
}

/** Mutual information (nats) between two columns, read from their released 2-way table. */
function mutualInformation(release: MarginalSet, a: number, b: number): number {
  const pair = release.marginals.get((1 << a) | (1 << b));
  if (!pair || pair.keys.length === 0) return 0;
  const [ra, rb] = pair.radix;
  const pa = new Float64Array(ra);
  const pb = new Float64Array(rb);
  let total = 0;
  for (let i = 0; i < pair.keys.length; i++) {
    const c = pair.counts[i];
    const key = pair.keys[i];
    pa[Math.floor(key / rb)] += c;
    pb[key % rb] += c;
    total += c;
  }
  let mi = 0;
  for (let i = 0; i < pair.keys.length; i++) {
    const p = pair.counts[i] / total;
    const key = pair.keys[i];
    mi += p * Math.log((p * total * total) / (pa[Math.floor(key / rb)] * pb[key % rb]));
  }
  return mi;
}

/** Greedy column order and parents (at most maxLength−1, most informative first). */
function planNetwork(release: MarginalSet): { column: number; parents: number[] }[] {
  const m = release.schema.columns.length;
  const maxParents = release.maxLength - 1;
  const mi = Array.from({ length: m }, () => new Float64Array(m));
  if (maxParents > 0) {
    for (let a = 0; a < m; a++) for (let b = a + 1; b < m; b++) mi[a][b] = mi[b][a] = mutualInformation(release, a, b);
  }
  const placed: number[] = [];
  const plan: { column: number; parents: number[] }[] = [];
  const remaining = new Set(Array.from({ length: m }, (_, i) => i));
  const score = (c: number, among: number[]): number[] =>
    among
      .map((p) => ({ p, v: mi[c][p] }))
      .sort((x, y) => y.v - x.v || x.p - y.p)
      .slice(0, maxParents)
      .map((x) => x.p);
  while (remaining.size > 0) {
    let best = -1;
    let bestScore = -1;
    for (const c of remaining) {
      const s =
        placed.length === 0
          ? mi[c].reduce((a, b) => a + b, 0)
          : score(c, placed).reduce((sum, p) => sum + mi[c][p], 0);
      if (s > bestScore) {
        best = c;
        bestScore = s;
      }
    }
    remaining.delete(best);
    plan.push({ column: best, parents: score(best, placed) });
    placed.push(best);
  }
  return plan;
}

/**
 * Draws synthetic rows from released counts only. Guarantee: reads nothing but `release` (and the
 * optional reject callback), so the rows are as private as the release; every value drawn is a
 * released value of its column.
 */
export function synthesize(release: MarginalSet, options: SynthesisOptions = {}): SynthesisResult {
  const random = options.random ?? secureRandom();
  const rows = options.rows ?? Math.max(0, Math.round(release.total));
  if (!Number.isInteger(rows) || rows < 0 || rows > 50_000_000) {
    throw new PrivacyError('stats.invalid_parameter', { reason: 'rows must be an integer in 0..50,000,000' });
  }
  const m = release.schema.columns.length;
  const plan = planNetwork(release);
  // levels[step][b]: conditionals of plan[step].column given its first (parents − b) parents.
  const levels = plan.map(({ column, parents }) => {
    const out: Level[] = [];
    for (let keep = parents.length; keep >= 0; keep--) {
      const mask = parents.slice(0, keep).reduce((acc, p) => acc | (1 << p), 1 << column);
      const marginal = release.marginals.get(mask);
      if (marginal) out.push(buildLevel(release, marginal, column));
    }
    const last = out[out.length - 1];
    if (!last || last.parents.length > 0 || last.byParentKey.size === 0) {
      throw new PrivacyError('stats.invalid_parameter', {
        reason: `column ${release.schema.columns[column]} has no released value; leave it out, lower k or raise ε`,
      });
    }
    return out;
  });

  const codes = Array.from({ length: m }, () => new Uint16Array(rows));
  const row = new Uint16Array(m);
  let redrawn = 0;
  let dropped = 0;
  let written = 0;
  const excluded = release.schema.categories.map((c) => new Uint8Array(Math.max(1, c.length)));
  const none = new Uint8Array(Math.max(1, ...release.schema.categories.map((c) => c.length)));
  const drawRow = (): void => {
    for (let step = 0; step < plan.length; step++) {
      const column = plan[step].column;
      const stepLevels = levels[step];
      const skip = excluded[column];
      skip.fill(0);
      let value = -1;
      for (let l = 0; l < stepLevels.length && value < 0; l++) {
        const level = stepLevels[l];
        let parentKey = 0;
        for (let i = 0; i < level.parents.length; i++) parentKey = parentKey * level.radix[i] + row[level.parents[i]];
        const conditional = level.byParentKey.get(parentKey);
        if (!conditional) continue;
        value = draw(conditional, skip, l < stepLevels.length - 1, random);
        // In the residual: this cell's released values are accounted for; draw among the others.
        if (value < 0) for (const v of conditional.values) skip[v] = 1;
      }
      if (value < 0) {
        // Every value was excluded on the way down: draw from the 1-way table as released.
        const oneWay = stepLevels[stepLevels.length - 1].byParentKey.get(0);
        if (oneWay) value = draw(oneWay, none, false, random);
      }
      row[column] = value;
    }
  };
  for (let r = 0; r < rows; r++) {
    drawRow();
    let attempts = 0;
    while (options.reject?.(row) && attempts < MAX_REDRAWS) {
      attempts += 1;
      redrawn += 1;
      drawRow();
    }
    if (attempts === MAX_REDRAWS && options.reject?.(row)) {
      dropped += 1;
      continue;
    }
    for (let c = 0; c < m; c++) codes[c][written] = row[c];
    written += 1;
  }
  return {
    table: {
      columns: release.schema.columns,
      categories: release.schema.categories,
      codes: codes.map((c) => c.subarray(0, written)),
      rowCount: written,
    },
    redrawn,
    dropped,
    plan,
  };
}
