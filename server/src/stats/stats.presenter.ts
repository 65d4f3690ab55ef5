import type { Static } from 'typebox';
import type { FidelityReport } from './privacy/index';
import type { Dataset, LedgerLine, Release } from './stats.schema';
import type { DatasetRow, LedgerRow, ReleaseRow } from './stats.repository';

/** A dataset: its budget and what is left; never its rows. */
export function presentDataset(d: DatasetRow): Static<typeof Dataset> {
  return {
    id: d.id,
    name: d.name,
    source: d.source,
    // The snapshot's set columns ("…[]") feed per-value tables; they are not attributes to pick.
    attributes: d.attributes.filter((a) => !a.endsWith('[]')),
    rows: d.row_count,
    budget: { epsilon: d.budget_epsilon, delta: d.budget_delta },
    spent: { epsilon: d.spent_epsilon, delta: d.spent_delta },
    remaining: { epsilon: Math.max(0, d.budget_epsilon - d.spent_epsilon), delta: Math.max(0, d.budget_delta - d.spent_delta) },
    createdAt: new Date(d.created_at).toISOString(),
  };
}

/** One spend of the ledger with running totals. */
export function presentLedgerLine(l: LedgerRow): Static<typeof LedgerLine> {
  return {
    id: l.id,
    releaseId: l.release_id,
    label: l.label,
    epsilon: l.epsilon,
    delta: l.delta,
    cumulativeEpsilon: l.cumulative_epsilon,
    cumulativeDelta: l.cumulative_delta,
    at: new Date(l.at).toISOString(),
  };
}

/** A release: parameters, released total, its per-value tables and the fidelity report (aggregate figures only). */
export function presentRelease(r: ReleaseRow): Static<typeof Release> {
  const perValue = (r.fidelity as FidelityReport).perValue;
  return {
    id: r.id,
    datasetId: r.dataset_id,
    label: r.label,
    attributes: r.attributes,
    maxLength: r.max_length,
    protection:
      r.protection === 'k-anonymity'
        ? { kind: r.protection, k: r.k ?? undefined }
        : { kind: r.protection, epsilon: r.epsilon ?? undefined, delta: r.delta ?? undefined, mechanism: r.mechanism ?? undefined },
    total: r.released_total,
    hasSynthetic: r.has_synthetic,
    status: r.status,
    createdAt: new Date(r.created_at).toISOString(),
    publishedAt: r.published_at ? new Date(r.published_at).toISOString() : undefined,
    withdrawn: r.status === 'withdrawn' && r.withdrawn_at ? { at: new Date(r.withdrawn_at).toISOString(), reason: r.withdrawal_reason ?? '' } : undefined,
    perValue: perValue
      ? { tables: perValue.tables.map((t) => t.column), cap: perValue.cap, ...(perValue.budgetShare !== undefined ? { budgetShare: perValue.budgetShare } : {}) }
      : undefined,
    fidelity: r.fidelity,
  };
}
