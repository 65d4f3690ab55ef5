/**
 * A protected release of counts: the one entry point the statistics service calls. It chooses the
 * protection the analyst asked for, checks and spends the dataset's budget, and returns the
 * released cells with what they cost.
 */
import type { BudgetLedger, LedgerEntry, PrivacyCost } from './budget';
import { countMarginals, type CategoricalTable, type MarginalSet, type ProgressListener } from './counts';
import { dpAggregate, type DpLengthParameters, type DpOptions } from './dp-aggregate';
import { PrivacyError } from './errors';
import { countPerValue, DEFAULT_PER_VALUE_CAP, suppressPerValue, type SetColumn } from './per-value';
import { DEFAULT_PER_VALUE_SHARE } from './dp-aggregate';
import { suppressSmallCells, type SuppressionSummary } from './suppression';

/** The protection an analyst chooses per release. */
export type Protection =
  | { readonly kind: 'k-anonymity'; readonly k: number }
  | ({ readonly kind: 'differential-privacy' } & Omit<DpOptions, 'random'>);

/** What to release: all combinations of 1..maxLength columns of the table. */
export interface ReleaseRequest {
  readonly table: CategoricalTable;
  readonly maxLength: number;
  readonly protection: Protection;
  /** Required for differential privacy: the dataset's ledger, spent on success. */
  readonly ledger?: BudgetLedger;
  readonly releaseId?: string;
  readonly label?: string;
  readonly onProgress?: ProgressListener;
  /** Multi-valued attributes to release per-value tables of (bounded to `cap` values per row, seeded). */
  readonly perValue?: { readonly columns: readonly SetColumn[]; readonly seed: string; readonly cap?: number };
}

/** Per-value tables of a release: exact and released counts, the cap C, and the DP budget share they used. */
export interface PerValueRelease {
  /** Exact bounded counts (for the fidelity report only; never publish). */
  readonly truth: MarginalSet;
  /** Released cells: publishable. */
  readonly released: MarginalSet;
  readonly cap: number;
  /** Differential privacy: the share of the release's (ε, δ) budget these tables used. */
  readonly budgetShare?: number;
  readonly suppression?: SuppressionSummary;
}

/** The released counts, what they cost and how they were protected. */
export interface ProtectedRelease {
  readonly protection: Protection;
  /** Exact counts (for the fidelity report only; never publish). */
  readonly truth: MarginalSet;
  /** Released cells: publishable. */
  readonly released: MarginalSet;
  readonly cost: PrivacyCost;
  readonly ledgerEntry?: LedgerEntry;
  readonly suppression?: readonly SuppressionSummary[];
  readonly noise?: readonly DpLengthParameters[];
  readonly perValue?: PerValueRelease;
}

/**
 * Protects the 1..maxLength-way counts of a table and, when asked, per-value tables of its
 * multi-valued attributes. Guarantees: with k-anonymity no released cell and no single-attribute
 * difference of released cells is in 1..k-1 (per-value tables: see `suppressPerValue`); with
 * differential privacy the whole release, per-value tables included, is (ε, δ)-DP and costs
 * exactly (ε, δ), one ledger entry, and is refused with PrivacyError('stats.budget_exceeded')
 * before any noise is drawn when the ledger cannot pay for it.
 */
export function protectCounts(request: ReleaseRequest): ProtectedRelease {
  const { protection, ledger } = request;
  const asked = request.perValue && request.perValue.columns.length > 0 ? request.perValue : undefined;
  const cap = asked?.cap ?? DEFAULT_PER_VALUE_CAP;
  if (protection.kind === 'differential-privacy') {
    if (!ledger) throw new PrivacyError('stats.invalid_parameter', { reason: 'a DP release needs the dataset ledger' });
    const cost = { epsilon: protection.epsilon, delta: protection.delta };
    ledger.assertFits(cost);
    const truth = countMarginals(request.table, request.maxLength, request.onProgress);
    const perValueTruth = asked ? countPerValue(asked.columns, request.table.rowCount, { cap, seed: asked.seed }) : undefined;
    const result = dpAggregate(truth, protection, perValueTruth ? { counts: perValueTruth, cap } : undefined);
    const ledgerEntry = ledger.spend({
      releaseId: request.releaseId ?? `release-${Date.now()}`,
      label: request.label ?? `DP counts, length ${truth.maxLength}`,
      ...result.cost,
    });
    const perValue =
      perValueTruth && result.perValue
        ? { truth: perValueTruth, released: result.perValue, cap, budgetShare: protection.perValueShare ?? DEFAULT_PER_VALUE_SHARE }
        : undefined;
    return { protection, truth, released: result.released, cost: result.cost, ledgerEntry, noise: result.parameters, perValue };
  }
  const truth = countMarginals(request.table, request.maxLength, request.onProgress);
  const { released, summary } = suppressSmallCells(truth, protection.k);
  let perValue: PerValueRelease | undefined;
  if (asked) {
    const perValueTruth = countPerValue(asked.columns, request.table.rowCount, { cap, seed: asked.seed });
    const suppressed = suppressPerValue(perValueTruth, protection.k, { released, columns: asked.columns, cap });
    perValue = { truth: perValueTruth, released: suppressed.released, cap, suppression: suppressed.summary };
  }
  return { protection, truth, released, cost: { epsilon: 0, delta: 0 }, suppression: summary, perValue };
}
