/**
 * A protected release of counts: the one entry point the statistics service calls. It chooses the
 * protection the analyst asked for, checks and spends the dataset's budget, and returns the
 * released cells with what they cost.
 */
import type { BudgetLedger, LedgerEntry, PrivacyCost } from './budget';
import { countMarginals, type CategoricalTable, type MarginalSet, type ProgressListener } from './counts';
import { dpAggregate, type DpLengthParameters, type DpOptions } from './dp-aggregate';
import { PrivacyError } from './errors';
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
}

/**
 * Protects the 1..maxLength-way counts of a table. Guarantees: with k-anonymity no released cell
 * and no single-attribute difference of released cells is in 1..k-1; with differential privacy the
 * release is (ε, δ)-DP and is refused with PrivacyError('stats.budget_exceeded') before any noise is
 * drawn when the ledger cannot pay for it.
 */
export function protectCounts(request: ReleaseRequest): ProtectedRelease {
  const { protection, ledger } = request;
  if (protection.kind === 'differential-privacy') {
    if (!ledger) throw new PrivacyError('stats.invalid_parameter', { reason: 'a DP release needs the dataset ledger' });
    const cost = { epsilon: protection.epsilon, delta: protection.delta };
    ledger.assertFits(cost);
    const truth = countMarginals(request.table, request.maxLength, request.onProgress);
    const result = dpAggregate(truth, protection);
    const ledgerEntry = ledger.spend({
      releaseId: request.releaseId ?? `release-${Date.now()}`,
      label: request.label ?? `DP counts, length ${truth.maxLength}`,
      ...result.cost,
    });
    return { protection, truth, released: result.released, cost: result.cost, ledgerEntry, noise: result.parameters };
  }
  const truth = countMarginals(request.table, request.maxLength, request.onProgress);
  const { released, summary } = suppressSmallCells(truth, protection.k);
  return { protection, truth, released, cost: { epsilon: 0, delta: 0 }, suppression: summary };
}
