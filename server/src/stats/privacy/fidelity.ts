/**
 * Fidelity of protected counts and synthetic rows against the real data, per combination length.
 * The report reads the real data: it is for the data owner's decision to publish, and only its
 * aggregate figures (errors and shares, never a cell) are meant to be published beside a release.
 */
import { countMarginals, type CategoricalTable, type MarginalSet } from './counts';

/** How well the counts of one combination length are preserved. */
export interface LengthFidelity {
  readonly length: number;
  /** Combinations present in the real data. */
  readonly trueCombinations: number;
  /** Combinations released (or present in the synthetic data). */
  readonly releasedCombinations: number;
  /** Mean |released − true| over combinations present in both. */
  readonly meanAbsoluteError: number;
  /** Mean |released − true| / true over combinations present in both. */
  readonly meanRelativeError: number;
  /** Share of real combinations that are not released. */
  readonly suppressedShare: number;
  /** Share of released combinations that do not exist in the real data. */
  readonly fabricatedShare: number;
  /** Real combinations with count below the rare threshold. */
  readonly rareCombinations: number;
  /** Share of those rare combinations that are not released. */
  readonly rareSuppressedShare: number;
}

/** How well one per-value table (cases per single value of a multi-valued attribute) is preserved. */
export interface PerValueTableFidelity extends Omit<LengthFidelity, 'length'> {
  /** The table, e.g. "methods_of_control[]". */
  readonly column: string;
}

/** The per-value tables of a release: how they were made and how well each is preserved. */
export interface PerValueFidelity {
  /** C: the most values one case is counted under (per table). */
  readonly cap: number;
  /** Differential privacy: the share of the release's budget the per-value tables used together. */
  readonly budgetShare?: number;
  readonly tables: readonly PerValueTableFidelity[];
}

/** The fidelity report published beside a release and its synthetic data. */
export interface FidelityReport {
  readonly rareThreshold: number;
  readonly realRows: number;
  readonly releasedTotal: number;
  readonly released: readonly LengthFidelity[];
  /** Per-value tables, reported apart from the combinations (their cells do not partition the cases). */
  readonly perValue?: PerValueFidelity;
  readonly synthetic?: {
    readonly rows: number;
    readonly lengths: readonly LengthFidelity[];
    /** Synthetic rows equal to a real row whose full combination occurs fewer than rareThreshold times. */
    readonly rareRowCopies: number;
  };
}

/** Compares counts per length; both sets must share the schema's code space. */
export function compareMarginals(truth: MarginalSet, candidate: MarginalSet, rareThreshold: number): LengthFidelity[] {
  const lengths = Math.min(truth.maxLength, candidate.maxLength);
  const acc = Array.from({ length: lengths }, () => ({
    truth: 0,
    released: 0,
    both: 0,
    abs: 0,
    rel: 0,
    rare: 0,
    rareHidden: 0,
  }));
  for (const real of truth.marginals.values()) {
    const length = real.columns.length;
    if (length > lengths) continue;
    const other = candidate.marginals.get(real.mask);
    const a = acc[length - 1];
    const tk = real.keys;
    const tc = real.counts;
    const ck = other?.keys ?? new Float64Array(0);
    const cc = other?.counts ?? new Float64Array(0);
    a.truth += tk.length;
    a.released += ck.length;
    let i = 0;
    let j = 0;
    while (i < tk.length) {
      while (j < ck.length && ck[j] < tk[i]) j += 1;
      const t = tc[i];
      const found = j < ck.length && ck[j] === tk[i];
      if (found) {
        const diff = Math.abs(cc[j] - t);
        a.both += 1;
        a.abs += diff;
        a.rel += diff / t;
      }
      if (t < rareThreshold) {
        a.rare += 1;
        if (!found) a.rareHidden += 1;
      }
      i += 1;
    }
  }
  return acc.map((a, index) => ({
    length: index + 1,
    trueCombinations: a.truth,
    releasedCombinations: a.released,
    meanAbsoluteError: a.both ? a.abs / a.both : 0,
    meanRelativeError: a.both ? a.rel / a.both : 0,
    suppressedShare: a.truth ? (a.truth - a.both) / a.truth : 0,
    fabricatedShare: a.released ? (a.released - a.both) / a.released : 0,
    rareCombinations: a.rare,
    rareSuppressedShare: a.rare ? a.rareHidden / a.rare : 1,
  }));
}

/** A function telling whether a row (codes in the table's code space) copies a rare real row. */
export type RareRowTest = (codes: Uint16Array) => boolean;

/**
 * The test "this row equals a real row whose full combination occurs fewer than threshold times".
 * Guarantee: true exactly for such rows.
 */
export function rareRowTest(table: CategoricalTable, threshold: number): RareRowTest {
  const m = table.columns.length;
  const radix = table.categories.map((c) => Math.max(1, c.length));
  const numeric = radix.reduce((p, r) => p * r, 1) <= Number.MAX_SAFE_INTEGER;
  const keyOf = (get: (c: number) => number): number | string => {
    if (numeric) {
      let key = 0;
      for (let c = 0; c < m; c++) key = key * radix[c] + get(c);
      return key;
    }
    let key = '';
    for (let c = 0; c < m; c++) key += `${get(c)},`;
    return key;
  };
  const counts = new Map<number | string, number>();
  for (let r = 0; r < table.rowCount; r++) {
    const key = keyOf((c) => table.codes[c][r]);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const rare = new Set<number | string>();
  for (const [key, count] of counts) if (count < threshold) rare.add(key);
  return (codes) => rare.size > 0 && rare.has(keyOf((c) => codes[c]));
}

/**
 * The full fidelity report of a release (and optionally of synthetic rows drawn from it) against
 * the real counts. `truth` must hold the real table's counts up to the release's length.
 */
export function fidelityReport(input: {
  truth: MarginalSet;
  released: MarginalSet;
  rareThreshold: number;
  synthetic?: CategoricalTable;
  rareRows?: RareRowTest;
  perValue?: { truth: MarginalSet; released: MarginalSet; cap: number; budgetShare?: number };
}): FidelityReport {
  const { truth, released, rareThreshold, synthetic } = input;
  const report: FidelityReport = {
    rareThreshold,
    realRows: truth.total,
    releasedTotal: released.total,
    released: compareMarginals(truth, released, rareThreshold),
    ...(input.perValue ? { perValue: perValueFidelity(input.perValue, rareThreshold) } : {}),
  };
  if (!synthetic) return report;
  const syntheticCounts = countMarginals(synthetic, truth.maxLength);
  let rareRowCopies = 0;
  if (input.rareRows) {
    const row = new Uint16Array(synthetic.columns.length);
    for (let r = 0; r < synthetic.rowCount; r++) {
      for (let c = 0; c < row.length; c++) row[c] = synthetic.codes[c][r];
      if (input.rareRows(row)) rareRowCopies += 1;
    }
  }
  return {
    ...report,
    synthetic: {
      rows: synthetic.rowCount,
      lengths: compareMarginals(truth, syntheticCounts, rareThreshold),
      rareRowCopies,
    },
  };
}

/** Compares each per-value table on its own (a one-table set each). */
function perValueFidelity(p: { truth: MarginalSet; released: MarginalSet; cap: number; budgetShare?: number }, rareThreshold: number): PerValueFidelity {
  const only = (set: MarginalSet, mask: number): MarginalSet => {
    const m = set.marginals.get(mask);
    return { ...set, marginals: new Map(m ? [[mask, m]] : []) };
  };
  const tables = p.truth.schema.columns.map((column, j) => {
    const [line] = compareMarginals(only(p.truth, 1 << j), only(p.released, 1 << j), rareThreshold);
    const { length: _length, ...rest } = line;
    return { column, ...rest };
  });
  return { cap: p.cap, ...(p.budgetShare !== undefined ? { budgetShare: p.budgetShare } : {}), tables };
}

/** A short human-readable summary of a fidelity report (plain text, one table per section). */
export function formatFidelity(report: FidelityReport): string {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const table = (lines: readonly LengthFidelity[]): string[] => [
    'length  true combos  released  mean abs err  mean rel err  suppressed  fabricated  rare hidden',
    ...lines.map(
      (l) =>
        `${String(l.length).padStart(6)}  ${String(l.trueCombinations).padStart(11)}  ${String(l.releasedCombinations).padStart(8)}  ` +
        `${l.meanAbsoluteError.toFixed(2).padStart(12)}  ${pct(l.meanRelativeError).padStart(12)}  ` +
        `${pct(l.suppressedShare).padStart(10)}  ${pct(l.fabricatedShare).padStart(10)}  ${pct(l.rareSuppressedShare).padStart(11)}`,
    ),
  ];
  const out = [
    `Real rows: ${report.realRows}; released total: ${report.releasedTotal}; rare = count below ${report.rareThreshold}.`,
    '',
    'Protected counts against the real counts:',
    ...table(report.released),
  ];
  if (report.perValue) {
    const p = report.perValue;
    out.push(
      '',
      `Per-value tables (a case counts under each of its values, at most ${p.cap}${p.budgetShare !== undefined ? `; ${pct(p.budgetShare)} of the budget` : ''}):`,
      'table                         true values  released  mean abs err  mean rel err  suppressed',
      ...p.tables.map(
        (l) =>
          `${l.column.padEnd(28)}  ${String(l.trueCombinations).padStart(11)}  ${String(l.releasedCombinations).padStart(8)}  ` +
          `${l.meanAbsoluteError.toFixed(2).padStart(12)}  ${pct(l.meanRelativeError).padStart(12)}  ${pct(l.suppressedShare).padStart(10)}`,
      ),
    );
  }
  if (report.synthetic) {
    out.push(
      '',
      `Synthetic rows (${report.synthetic.rows}) against the real counts:`,
      ...table(report.synthetic.lengths),
      '',
      `Synthetic rows copying a rare real row: ${report.synthetic.rareRowCopies}.`,
    );
  }
  return `${out.join('\n')}\n`;
}
