/**
 * The privacy budget of a dataset and the ledger of what each release spent.
 *
 * Accounting is basic sequential composition: releases that are (ε_i, δ_i)-DP on the same dataset
 * are together (Σε_i, Σδ_i)-DP. A release fits when both sums stay within the dataset's total.
 * Sums are compared with a relative tolerance of 1e-9 so that, e.g., ten spends of 0.1 fit a total
 * of 1 despite floating-point rounding; that tolerance is far below any meaningful ε.
 */
import { PrivacyError } from './errors';

/** An (ε, δ) pair: a cost or a budget. */
export interface PrivacyCost {
  readonly epsilon: number;
  readonly delta: number;
}

/** One line of the ledger: a release and what it spent. */
export interface LedgerEntry {
  readonly releaseId: string;
  readonly label: string;
  readonly epsilon: number;
  readonly delta: number;
  /** ISO 8601 time of the spend. */
  readonly at: string;
}

const TOLERANCE = 1e-9;

function assertCost(cost: PrivacyCost, what: string): void {
  const ok =
    Number.isFinite(cost.epsilon) && cost.epsilon >= 0 && Number.isFinite(cost.delta) && cost.delta >= 0 && cost.delta < 1;
  if (!ok) throw new PrivacyError('stats.invalid_parameter', { reason: `${what}: ε >= 0 and 0 <= δ < 1` });
}

/** The ledger of one dataset: its total budget and the spends so far. Pure; persist entries() elsewhere. */
export class BudgetLedger {
  private readonly lines: LedgerEntry[];

  constructor(
    readonly datasetId: string,
    readonly total: PrivacyCost,
    entries: readonly LedgerEntry[] = [],
  ) {
    assertCost(total, 'total budget');
    entries.forEach((e) => assertCost(e, `ledger entry ${e.releaseId}`));
    this.lines = [...entries];
  }

  /** Everything spent so far (basic composition: the sums). */
  spent(): PrivacyCost {
    let epsilon = 0;
    let delta = 0;
    for (const line of this.lines) {
      epsilon += line.epsilon;
      delta += line.delta;
    }
    return { epsilon, delta };
  }

  /** What is left of the total budget (never negative). */
  remaining(): PrivacyCost {
    const spent = this.spent();
    return {
      epsilon: Math.max(0, this.total.epsilon - spent.epsilon),
      delta: Math.max(0, this.total.delta - spent.delta),
    };
  }

  /** True when a release of this cost would stay within the total budget. */
  fits(cost: PrivacyCost): boolean {
    assertCost(cost, 'cost');
    const spent = this.spent();
    return (
      spent.epsilon + cost.epsilon <= this.total.epsilon * (1 + TOLERANCE) &&
      spent.delta + cost.delta <= this.total.delta * (1 + TOLERANCE)
    );
  }

  /**
   * Throws PrivacyError('stats.budget_exceeded') when a release of this cost would not fit; the
   * error's params say what was requested and what remains.
   */
  assertFits(cost: PrivacyCost): void {
    if (this.fits(cost)) return;
    const left = this.remaining();
    throw new PrivacyError('stats.budget_exceeded', {
      datasetId: this.datasetId,
      requestedEpsilon: cost.epsilon,
      requestedDelta: cost.delta,
      remainingEpsilon: left.epsilon,
      remainingDelta: left.delta,
    });
  }

  /** Records a release's spend; refuses (assertFits) and records nothing when it does not fit. */
  spend(entry: Omit<LedgerEntry, 'at'> & { at?: string }): LedgerEntry {
    this.assertFits(entry);
    const line: LedgerEntry = { ...entry, at: entry.at ?? new Date().toISOString() };
    this.lines.push(line);
    return line;
  }

  /** The ledger lines, oldest first. */
  entries(): readonly LedgerEntry[] {
    return [...this.lines];
  }
}
