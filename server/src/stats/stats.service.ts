/**
 * Statistics use cases: datasets (frozen coded snapshots of consenting cases with a privacy
 * budget), protected releases (k-anonymity or differential privacy, budget spent in the same
 * transaction as the release), fidelity report and synthetic microdata, publication, and the
 * released tables read by dashboards and the public page. No per-case row ever leaves here.
 */
import crypto from 'node:crypto';
import type { Deps } from '../deps';
import type { Actor } from '../auth/policy';
import { AppError } from '../http/app-error';
import { appendAudit } from '../audit/audit.repository';
import {
  BudgetLedger,
  fidelityReport,
  protectCounts,
  rareRowTest,
  synthesize,
  type CategoricalTable,
  type FidelityReport,
  type Protection,
  type SetColumn,
} from './privacy/index';
import { decodeKey, findCell } from './privacy/counts';
import { decodeCell, packCodes, packMarginals, projectTable, unpackMarginal, unpackTable } from './release-store';
import { MULTI_VALUED_ATTRIBUTES, STAT_ATTRIBUTES, DEFAULT_RELEASE_ATTRIBUTES, VALUE_JOINER, perValueTable, splitValues, type StatAttribute } from './stat-rows';
import { syntheticCsv } from './ctdc-synthetic';
import { statsPolicy } from './stats.policy';
import * as repo from './stats.repository';

interface Origin {
  ip: string;
}

/** What an analyst asks for in a release. */
export interface ReleaseInput {
  label: string;
  attributes?: string[];
  maxLength: number;
  protection: { kind: 'k-anonymity'; k: number } | { kind: 'differential-privacy'; epsilon: number; delta: number; mechanism?: 'gaussian' | 'laplace' };
  synthetic?: boolean;
  rareThreshold?: number;
}

/** Snapshots the coded rows of every consenting case into a new dataset with a total (ε, δ) budget; audited. */
export async function createDataset(deps: Deps, actor: Actor, input: { name: string; epsilon: number; delta: number }, origin: Origin): Promise<repo.DatasetRow> {
  if (!statsPolicy.can(actor, 'create', 'StatDataset', {})) throw new AppError('auth.forbidden');
  const id = crypto.randomUUID();
  await deps.db.transaction(async (tx) => {
    const table = await repo.loadConsentingCaseTable(tx);
    await repo.insertDataset(tx, { id, name: input.name.trim(), budgetEpsilon: input.epsilon, budgetDelta: input.delta, table, codes: packCodes(table), createdBy: actor.userId });
    await appendAudit(tx, [{ actorUserId: actor.userId, actorOrgId: actor.orgId, action: 'stats.dataset_create', resourceType: 'StatDataset', resourceId: id, outcome: 'success', ip: origin.ip, details: { rows: table.rowCount, epsilon: input.epsilon, delta: input.delta } }]);
  });
  return (await repo.findDataset(deps.db, id))!;
}

/** Every dataset with its budget and what was spent. */
export async function listDatasets(deps: Deps): Promise<repo.DatasetRow[]> {
  return repo.listDatasets(deps.db);
}

/** A dataset and its ledger view (what each release spent, running totals). */
export async function datasetLedger(deps: Deps, datasetId: string): Promise<{ dataset: repo.DatasetRow; ledger: repo.LedgerRow[] }> {
  const dataset = await repo.findDataset(deps.db, datasetId);
  if (!dataset) throw new AppError('not_found');
  return { dataset, ledger: await repo.ledgerView(deps.db, datasetId) };
}

/** The categorical table of a dataset (real rows: stays inside the service). */
async function datasetTable(deps: Deps, dataset: repo.DatasetRow): Promise<CategoricalTable> {
  const stored = await repo.loadDatasetCodes(deps.db, dataset.id);
  if (!stored) throw new AppError('not_found');
  return unpackTable({ columns: dataset.attributes, categories: stored.categories }, dataset.row_count, stored.codes);
}

function checkAttributes(requested: readonly string[] | undefined, available: readonly string[]): StatAttribute[] {
  const attributes = requested && requested.length > 0 ? requested : DEFAULT_RELEASE_ATTRIBUTES;
  const seen = new Set<string>();
  for (const a of attributes) {
    if (!available.includes(a) || !(STAT_ATTRIBUTES as readonly string[]).includes(a)) throw new AppError('stats.unknown_attribute', { attribute: a }, 400);
    if (seen.has(a)) throw new AppError('stats.unknown_attribute', { attribute: a }, 400);
    seen.add(a);
  }
  // Schema order, so that a table's columns are always listed the same way.
  return STAT_ATTRIBUTES.filter((a) => seen.has(a));
}

/**
 * The multi-valued attributes of a release as set columns for per-value tables: each case's whole
 * set from the dataset snapshot, linked to the release's joined column of the same attribute.
 * Datasets snapshotted before per-value tables existed have no set columns: none then.
 */
export function perValueColumns(dataset: CategoricalTable, release: CategoricalTable): SetColumn[] {
  const out: SetColumn[] = [];
  for (const attribute of MULTI_VALUED_ATTRIBUTES) {
    const joined = release.columns.indexOf(attribute);
    const set = dataset.columns.indexOf(perValueTable(attribute));
    if (joined < 0 || set < 0) continue;
    out.push({
      name: perValueTable(attribute),
      codes: dataset.codes[set],
      sets: dataset.categories[set].map((c) => (c === '' ? [] : c.split(VALUE_JOINER))),
      joined: { column: joined, values: release.categories[joined].map(splitValues) },
    });
  }
  return out;
}

/**
 * The protected counts of a table (and per-value tables of its multi-valued attributes, bounded
 * and seeded by `perValue`), the synthetic rows and the fidelity report; spends the ledger (DP).
 */
export function computeRelease(
  table: CategoricalTable,
  input: Pick<ReleaseInput, 'maxLength' | 'protection' | 'synthetic' | 'rareThreshold'>,
  ledger: BudgetLedger | undefined,
  releaseId: string,
  label: string,
  perValue?: { columns: readonly SetColumn[]; seed: string },
) {
  const protection: Protection =
    input.protection.kind === 'k-anonymity'
      ? { kind: 'k-anonymity', k: input.protection.k }
      : { kind: 'differential-privacy', epsilon: input.protection.epsilon, delta: input.protection.delta, mechanism: input.protection.mechanism ?? 'gaussian' };
  const release = protectCounts({ table, maxLength: input.maxLength, protection, ledger, releaseId, label, perValue });
  const rareThreshold = input.rareThreshold ?? (input.protection.kind === 'k-anonymity' ? input.protection.k : 10);
  const rareRows = rareRowTest(table, rareThreshold);
  const synthesis = input.synthetic ? synthesize(release.released, { reject: rareRows }) : undefined;
  const report: FidelityReport = fidelityReport({
    truth: release.truth,
    released: release.released,
    rareThreshold,
    synthetic: synthesis?.table,
    rareRows: synthesis ? rareRows : undefined,
    perValue: release.perValue,
  });
  return { release, synthesis, report };
}

/**
 * Creates a protected release of a dataset. With differential privacy the dataset row is locked,
 * the ledger checked (409 stats.budget_exceeded, nothing recorded, when it does not fit) and the
 * spend recorded with the release in one transaction; the creation is audited.
 */
export async function createRelease(deps: Deps, actor: Actor, datasetId: string, input: ReleaseInput, origin: Origin): Promise<repo.ReleaseRow> {
  if (!statsPolicy.can(actor, 'create', 'StatRelease', {})) throw new AppError('auth.forbidden');
  const dataset = await repo.findDataset(deps.db, datasetId);
  if (!dataset) throw new AppError('not_found');
  const attributes = checkAttributes(input.attributes, dataset.attributes);
  if (input.maxLength > attributes.length) throw new AppError('stats.invalid_parameter', { reason: 'length' }, 400);
  const snapshot = await datasetTable(deps, dataset);
  const table = projectTable(snapshot, attributes);
  // Per-value tables are bounded with the dataset's id as seed: every release of one dataset keeps the same values of a case.
  const perValue = { columns: perValueColumns(snapshot, table), seed: dataset.id };
  const id = crypto.randomUUID();
  const label = input.label.trim();
  await deps.db.transaction(async (tx) => {
    let ledger: BudgetLedger | undefined;
    if (input.protection.kind === 'differential-privacy') {
      const locked = await repo.findDataset(tx, datasetId, true);
      ledger = new BudgetLedger(datasetId, { epsilon: locked!.budget_epsilon, delta: locked!.budget_delta }, await repo.ledgerEntries(tx, datasetId));
    }
    const { release, synthesis, report } = computeRelease(table, input, ledger, id, label, perValue);
    const perValueReleased = release.perValue?.released;
    const p = input.protection;
    await repo.insertRelease(
      tx,
      {
        id,
        dataset_id: datasetId,
        label,
        attributes,
        max_length: release.released.maxLength,
        protection: p.kind,
        k: p.kind === 'k-anonymity' ? p.k : null,
        epsilon: p.kind === 'differential-privacy' ? p.epsilon : null,
        delta: p.kind === 'differential-privacy' ? p.delta : null,
        mechanism: p.kind === 'differential-privacy' ? (p.mechanism ?? 'gaussian') : null,
        released_total: release.released.total,
        categories: [...release.released.schema.categories, ...(perValueReleased?.schema.categories ?? [])].map((c) => [...c]),
        fidelity: report,
        has_synthetic: Boolean(synthesis),
        created_by: actor.userId,
      },
      [...packMarginals(release.released), ...(perValueReleased ? packMarginals(perValueReleased, attributes.length) : [])],
      synthesis ? { rows: synthesis.table.rowCount, csv: syntheticCsv(synthesis.table) } : undefined,
      release.ledgerEntry ? { epsilon: release.cost.epsilon, delta: release.cost.delta } : undefined,
    );
    await appendAudit(tx, [{
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: 'stats.release_create',
      resourceType: 'StatRelease',
      resourceId: id,
      outcome: 'success',
      ip: origin.ip,
      details: {
        datasetId, protection: p.kind, epsilon: release.cost.epsilon, delta: release.cost.delta, k: p.kind === 'k-anonymity' ? p.k : null, maxLength: input.maxLength, attributes,
        perValueTables: perValueReleased?.schema.columns ?? [], synthetic: Boolean(synthesis),
      },
    }]);
  });
  return (await repo.findRelease(deps.db, id))!;
}

/** Releases (drafts and published) for analysts, newest first. */
export async function listReleases(deps: Deps, datasetId?: string): Promise<repo.ReleaseRow[]> {
  return repo.listReleases(deps.db, { datasetId });
}

/** One release for analysts. */
export async function getRelease(deps: Deps, id: string): Promise<repo.ReleaseRow> {
  const release = await repo.findRelease(deps.db, id);
  if (!release) throw new AppError('not_found');
  return release;
}

/** Publishes a draft release (then visible without sign-in); audited. */
export async function publishRelease(deps: Deps, actor: Actor, id: string, origin: Origin): Promise<repo.ReleaseRow> {
  await deps.db.transaction(async (tx) => {
    const release = await repo.findRelease(tx, id);
    if (!release) throw new AppError('not_found');
    if (!statsPolicy.can(actor, 'publish', 'StatRelease', release)) throw new AppError('stats.already_published', {}, 409);
    await repo.publishRelease(tx, id, actor.userId);
    await appendAudit(tx, [{ actorUserId: actor.userId, actorOrgId: actor.orgId, action: 'stats.release_publish', resourceType: 'StatRelease', resourceId: id, outcome: 'success', ip: origin.ip, details: { datasetId: release.dataset_id } }]);
  });
  return (await repo.findRelease(deps.db, id))!;
}

/**
 * Withdraws a published release (published by mistake, or found wrong): the public page and API
 * then show the newest release still published. The reason is kept with the release and in the
 * audit log; the budget it spent stays spent (what it released was public). Audited.
 */
export async function withdrawRelease(deps: Deps, actor: Actor, id: string, reason: string, origin: Origin): Promise<repo.ReleaseRow> {
  await deps.db.transaction(async (tx) => {
    const release = await repo.findRelease(tx, id);
    if (!release) throw new AppError('not_found');
    if (!statsPolicy.can(actor, 'withdraw', 'StatRelease', release) || !(await repo.withdrawRelease(tx, id, actor.userId, reason))) {
      throw new AppError('stats.not_published', {}, 409);
    }
    await appendAudit(tx, [{ actorUserId: actor.userId, actorOrgId: actor.orgId, action: 'stats.release_withdraw', resourceType: 'StatRelease', resourceId: id, outcome: 'success', ip: origin.ip, reason, details: { datasetId: release.dataset_id } }]);
  });
  return (await repo.findRelease(deps.db, id))!;
}

/** The newest published release, or undefined. */
export async function latestPublished(deps: Deps): Promise<repo.ReleaseRow | undefined> {
  return (await repo.listReleases(deps.db, { publishedOnly: true }))[0];
}

/** Published releases, newest first. */
export async function listPublished(deps: Deps): Promise<repo.ReleaseRow[]> {
  return repo.listReleases(deps.db, { publishedOnly: true });
}

/** A published release, or not_found (drafts are invisible to the public). */
export async function getPublished(deps: Deps, id: string): Promise<repo.ReleaseRow> {
  const release = await repo.findRelease(deps.db, id);
  if (!release || release.status !== 'published') throw new AppError('not_found');
  return release;
}

/** One released cell: its count, its share of the released total and, when asked, of its group. */
export interface ReleasedCell {
  values: string[];
  count: number;
  share: number;
  /** count / the released count of the cell's value of `groupBy` (null when that count is not released). */
  groupShare?: number | null;
}

/** The per-value tables of a release, named as columns after its attributes (none for releases made before them). */
export function perValueTablesOf(release: repo.ReleaseRow): string[] {
  return (release.fidelity as FidelityReport).perValue?.tables.map((t) => t.column) ?? [];
}

/**
 * The released cells of one combination of attributes (1..max length of the release), or of one
 * per-value table (`methods_of_control[]`: the cases counted under each single value, alone):
 * counts as released (suppressed cells are absent) and each count's share of the released total.
 * With `groupBy` (one of the columns, in a table of two or more), each cell's share of its group:
 * its count over the released count of its `groupBy` value (a conditional rate, e.g. the share of
 * the victims of sexual exploitation who are female), from released counts only.
 */
export async function releaseTable(
  deps: Deps,
  release: repo.ReleaseRow,
  columns: readonly string[],
  groupBy?: string,
): Promise<{ columns: string[]; total: number; groupBy?: string; cells: ReleasedCell[] }> {
  const named = [...release.attributes, ...perValueTablesOf(release)];
  const positions = columns.map((c) => named.indexOf(c));
  const perValue = positions.some((p) => p >= release.attributes.length);
  const refused =
    columns.length === 0 || positions.some((p) => p < 0) || new Set(positions).size !== positions.length ||
    (perValue ? columns.length !== 1 : columns.length > release.max_length);
  if (refused) throw new AppError('stats.table_not_released', { columns: columns.join(', ') }, 400);
  if (groupBy !== undefined && (columns.length < 2 || !columns.includes(groupBy))) {
    throw new AppError('stats.invalid_group', { groupBy }, 400);
  }
  const mask = positions.reduce((m, p) => m + 2 ** p, 0);
  const ordered = [...positions].sort((a, b) => a - b);
  const schema = { columns: named, categories: release.categories };
  const total = release.released_total;
  const out = { columns: ordered.map((p) => named[p]), total, ...(groupBy ? { groupBy } : {}) };
  const stored = await repo.findReleaseTable(deps.db, release.id, mask);
  if (!stored) return { ...out, cells: [] };
  const marginal = unpackMarginal(schema, stored);
  const groupPosition = groupBy ? ordered.indexOf(named.indexOf(groupBy)) : -1;
  const groupStored = groupBy ? await repo.findReleaseTable(deps.db, release.id, 2 ** named.indexOf(groupBy)) : undefined;
  const groups = groupStored ? unpackMarginal(schema, groupStored) : undefined;
  const cells: ReleasedCell[] = [];
  for (let i = 0; i < marginal.keys.length; i++) {
    const count = marginal.counts[i];
    const cell: ReleasedCell = { values: decodeCell(schema, marginal, marginal.keys[i]), count, share: total > 0 ? count / total : 0 };
    if (groupBy) {
      const at = groups ? findCell(groups, decodeKey(marginal, marginal.keys[i])[groupPosition]) : -1;
      cell.groupShare = at >= 0 && groups!.counts[at] > 0 ? Math.min(1, count / groups!.counts[at]) : null;
    }
    cells.push(cell);
  }
  return { ...out, cells };
}

/** The synthetic CSV of a release, or not_found. */
export async function syntheticData(deps: Deps, release: repo.ReleaseRow): Promise<string> {
  const s = await repo.findSynthetic(deps.db, release.id);
  if (!s) throw new AppError('not_found');
  return s.csv;
}
