/** The only place statistics SQL runs: datasets, releases, budget spends, reference data. */
import type { Queryable } from '../db/db';
import { TableEncoder, type CategoricalTable, type FidelityReport, type LedgerEntry } from './privacy/index';
import { MULTI_VALUED_ATTRIBUTES, SET_COLUMNS, STAT_ATTRIBUTES, code, joinAllValues, joinValues, type StatRow } from './stat-rows';
import type { StoredMarginal } from './release-store';

/**
 * Reads the coded row of every case whose person consented to statistics, as a categorical table:
 * the statistics attributes, then each multi-valued attribute's whole set (SET_COLUMNS).
 */
export async function loadConsentingCaseTable(db: Queryable): Promise<CategoricalTable> {
  const encoder = new TableEncoder([...STAT_ATTRIBUTES, ...SET_COLUMNS]);
  const exists = await db.query<{ t: string | null }>("SELECT to_regclass('cases')::text AS t");
  if (!exists.rows[0]?.t) return encoder.finish();
  const { rows } = await db.query<{
    registration_year: number | null;
    country_of_exploitation: string | null;
    citizenship: string | null;
    sex: string | null;
    age_group: string | null;
    exploitation_types: string[] | null;
    forced_labour_industry: string[] | null;
    methods_of_control: string[] | null;
    recruitment_methods: string[] | null;
    referring_org_type: string | null;
    recruiter_relation: string[] | null;
  }>(
    `SELECT registration_year, country_of_exploitation, citizenship, sex, age_group, exploitation_types,
            forced_labour_industry, methods_of_control, recruitment_methods, referring_org_type, recruiter_relation
       FROM cases WHERE consent_statistics = true`,
  );
  for (const r of rows) {
    const sets: Record<(typeof MULTI_VALUED_ATTRIBUTES)[number], string[] | null> = {
      exploitation_type: r.exploitation_types,
      forced_labour_industry: r.forced_labour_industry,
      methods_of_control: r.methods_of_control,
      recruitment: r.recruitment_methods,
      recruiter_relation: r.recruiter_relation,
    };
    const row: StatRow = {
      year: code(r.registration_year),
      country_of_exploitation: code(r.country_of_exploitation),
      citizenship: code(r.citizenship),
      sex: code(r.sex),
      age_group: code(r.age_group),
      exploitation_type: joinValues(sets.exploitation_type),
      forced_labour_industry: joinValues(sets.forced_labour_industry),
      methods_of_control: joinValues(sets.methods_of_control),
      recruitment: joinValues(sets.recruitment),
      referring_org_type: code(r.referring_org_type),
      recruiter_relation: joinValues(sets.recruiter_relation),
    };
    encoder.add([...STAT_ATTRIBUTES.map((a) => row[a]), ...MULTI_VALUED_ATTRIBUTES.map((a) => joinAllValues(sets[a]))]);
  }
  return encoder.finish();
}

/** A dataset as listed (without its rows). */
export interface DatasetRow {
  id: string;
  name: string;
  source: string;
  budget_epsilon: number;
  budget_delta: number;
  attributes: string[];
  row_count: number;
  created_by: string;
  created_at: Date;
  spent_epsilon: number;
  spent_delta: number;
}

const DATASET_COLUMNS = `d.id, d.name, d.source, d.budget_epsilon, d.budget_delta, d.attributes, d.row_count, d.created_by, d.created_at,
  COALESCE((SELECT sum(epsilon) FROM stat_budget_spends s WHERE s.dataset_id = d.id), 0)::float8 AS spent_epsilon,
  COALESCE((SELECT sum(delta) FROM stat_budget_spends s WHERE s.dataset_id = d.id), 0)::float8 AS spent_delta`;

/** Stores a dataset snapshot. */
export async function insertDataset(
  tx: Queryable,
  d: { id: string; name: string; budgetEpsilon: number; budgetDelta: number; table: CategoricalTable; codes: Uint8Array; createdBy: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO stat_datasets (id, name, budget_epsilon, budget_delta, attributes, row_count, categories, codes, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [d.id, d.name, d.budgetEpsilon, d.budgetDelta, d.table.columns, d.table.rowCount, JSON.stringify(d.table.categories), d.codes, d.createdBy],
  );
}

/** Every dataset, newest first, with what its releases spent. */
export async function listDatasets(db: Queryable): Promise<DatasetRow[]> {
  return (await db.query<DatasetRow>(`SELECT ${DATASET_COLUMNS} FROM stat_datasets d ORDER BY d.created_at DESC, d.id`)).rows;
}

/** One dataset, or undefined; `lock` takes a row lock for the rest of the transaction (budget spends are serialised). */
export async function findDataset(db: Queryable, id: string, lock = false): Promise<DatasetRow | undefined> {
  if (lock) await db.query('SELECT id FROM stat_datasets WHERE id = $1 FOR UPDATE', [id]);
  return (await db.query<DatasetRow>(`SELECT ${DATASET_COLUMNS} FROM stat_datasets d WHERE d.id = $1`, [id])).rows[0];
}

/** The snapshot of a dataset: categories per attribute and packed codes. */
export async function loadDatasetCodes(db: Queryable, id: string): Promise<{ categories: string[][]; codes: Uint8Array } | undefined> {
  const { rows } = await db.query<{ categories: string[][]; codes: Uint8Array }>('SELECT categories, codes FROM stat_datasets WHERE id = $1', [id]);
  return rows[0];
}

/** The budget spends of a dataset, oldest first, as ledger entries. */
export async function ledgerEntries(db: Queryable, datasetId: string): Promise<LedgerEntry[]> {
  const { rows } = await db.query<{ release_id: string; label: string; epsilon: number; delta: number; at: Date }>(
    'SELECT release_id, label, epsilon, delta, at FROM stat_budget_spends WHERE dataset_id = $1 ORDER BY id',
    [datasetId],
  );
  return rows.map((r) => ({ releaseId: r.release_id, label: r.label, epsilon: r.epsilon, delta: r.delta, at: new Date(r.at).toISOString() }));
}

/** One line of the ledger view, with running totals. */
export interface LedgerRow {
  id: string;
  release_id: string;
  label: string;
  epsilon: number;
  delta: number;
  spent_by: string;
  at: Date;
  budget_epsilon: number;
  budget_delta: number;
  cumulative_epsilon: number;
  cumulative_delta: number;
}

/** The ledger view of a dataset, oldest first. */
export async function ledgerView(db: Queryable, datasetId: string): Promise<LedgerRow[]> {
  return (
    await db.query<LedgerRow>(
      `SELECT id::text, release_id, label, epsilon, delta, spent_by, at, budget_epsilon, budget_delta,
              cumulative_epsilon::float8 AS cumulative_epsilon, cumulative_delta::float8 AS cumulative_delta
         FROM stat_budget_ledger WHERE dataset_id = $1 ORDER BY id`,
      [datasetId],
    )
  ).rows;
}

/** A release's parameters and report (without its tables). */
export interface ReleaseRow {
  id: string;
  dataset_id: string;
  label: string;
  attributes: string[];
  max_length: number;
  protection: 'k-anonymity' | 'differential-privacy';
  k: number | null;
  epsilon: number | null;
  delta: number | null;
  mechanism: string | null;
  released_total: number;
  categories: string[][];
  fidelity: FidelityReport;
  has_synthetic: boolean;
  status: 'draft' | 'published' | 'withdrawn';
  created_by: string;
  created_at: Date;
  published_by: string | null;
  published_at: Date | null;
  withdrawn_by: string | null;
  withdrawn_at: Date | null;
  withdrawal_reason: string | null;
}

const RELEASE_COLUMNS = `id, dataset_id, label, attributes, max_length, protection, k, epsilon, delta, mechanism, released_total,
  categories, fidelity, has_synthetic, status, created_by, created_at, published_by, published_at, withdrawn_by, withdrawn_at, withdrawal_reason`;

/** Stores a release, its tables, its synthetic rows and its budget spend (one transaction: the caller's). */
export async function insertRelease(
  tx: Queryable,
  r: Omit<ReleaseRow, 'status' | 'created_at' | 'published_by' | 'published_at' | 'withdrawn_by' | 'withdrawn_at' | 'withdrawal_reason'>,
  tables: readonly StoredMarginal[],
  synthetic: { rows: number; csv: string } | undefined,
  spend: { epsilon: number; delta: number } | undefined,
): Promise<void> {
  await tx.query(
    `INSERT INTO stat_releases (id, dataset_id, label, attributes, max_length, protection, k, epsilon, delta, mechanism, released_total,
       categories, fidelity, has_synthetic, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [r.id, r.dataset_id, r.label, r.attributes, r.max_length, r.protection, r.k, r.epsilon, r.delta, r.mechanism, r.released_total,
      JSON.stringify(r.categories), JSON.stringify(r.fidelity), r.has_synthetic, r.created_by],
  );
  const BATCH = 50;
  for (let i = 0; i < tables.length; i += BATCH) {
    const part = tables.slice(i, i + BATCH);
    const params: unknown[] = [];
    const values = part.map((t, j) => {
      params.push(r.id, t.mask, t.columns, t.keys, t.counts);
      const b = j * 5;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5})`;
    });
    await tx.query(`INSERT INTO stat_release_tables (release_id, mask, columns, keys, counts) VALUES ${values.join(', ')}`, params);
  }
  if (synthetic) {
    await tx.query('INSERT INTO stat_release_synthetic (release_id, row_count, csv) VALUES ($1, $2, $3)', [r.id, synthetic.rows, synthetic.csv]);
  }
  if (spend) {
    await tx.query(
      'INSERT INTO stat_budget_spends (dataset_id, release_id, label, epsilon, delta, spent_by) VALUES ($1, $2, $3, $4, $5, $6)',
      [r.dataset_id, r.id, r.label, spend.epsilon, spend.delta, r.created_by],
    );
  }
}

/** Releases, newest first; only published ones when `publishedOnly`. */
export async function listReleases(db: Queryable, opts: { datasetId?: string; publishedOnly?: boolean } = {}): Promise<ReleaseRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (opts.datasetId) {
    params.push(opts.datasetId);
    where.push(`dataset_id = $${params.length}`);
  }
  if (opts.publishedOnly) where.push("status = 'published'");
  const order = opts.publishedOnly ? 'published_at DESC, id' : 'created_at DESC, id';
  return (
    await db.query<ReleaseRow>(`SELECT ${RELEASE_COLUMNS} FROM stat_releases ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT 200`, params)
  ).rows;
}

/** One release, or undefined. */
export async function findRelease(db: Queryable, id: string): Promise<ReleaseRow | undefined> {
  return (await db.query<ReleaseRow>(`SELECT ${RELEASE_COLUMNS} FROM stat_releases WHERE id = $1`, [id])).rows[0];
}

/** One released table of a release, or undefined (not released or beyond its length). */
export async function findReleaseTable(db: Queryable, releaseId: string, mask: number): Promise<StoredMarginal | undefined> {
  const { rows } = await db.query<StoredMarginal>('SELECT mask, columns, keys, counts FROM stat_release_tables WHERE release_id = $1 AND mask = $2', [releaseId, mask]);
  return rows[0];
}

/** Marks a published release withdrawn, by whom and why; false when it was not published (another request withdrew it first). */
export async function withdrawRelease(tx: Queryable, id: string, userId: string, reason: string): Promise<boolean> {
  const { rows } = await tx.query(
    "UPDATE stat_releases SET status = 'withdrawn', withdrawn_by = $2, withdrawn_at = now(), withdrawal_reason = $3 WHERE id = $1 AND status = 'published' RETURNING id",
    [id, userId, reason],
  );
  return rows.length === 1;
}

/** Marks a release published. */
export async function publishRelease(tx: Queryable, id: string, userId: string): Promise<void> {
  await tx.query("UPDATE stat_releases SET status = 'published', published_by = $2, published_at = now() WHERE id = $1", [id, userId]);
}

/** The synthetic CSV of a release, or undefined. */
export async function findSynthetic(db: Queryable, releaseId: string): Promise<{ row_count: number; csv: string } | undefined> {
  return (await db.query<{ row_count: number; csv: string }>('SELECT row_count, csv FROM stat_release_synthetic WHERE release_id = $1', [releaseId])).rows[0];
}

/** Imported reference data (e.g. GLOTIP), or undefined when none was imported. */
export async function findReference(db: Queryable, id: 'glotip'): Promise<{ data: unknown; row_count: number; imported_at: Date } | undefined> {
  return (await db.query<{ data: unknown; row_count: number; imported_at: Date }>('SELECT data, row_count, imported_at FROM stat_reference_data WHERE id = $1', [id])).rows[0];
}

/** Replaces imported reference data. */
export async function upsertReference(tx: Queryable, id: 'glotip', data: unknown, rowCount: number, userId: string): Promise<void> {
  await tx.query(
    `INSERT INTO stat_reference_data (id, data, row_count, imported_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, row_count = EXCLUDED.row_count, imported_by = EXCLUDED.imported_by, imported_at = now()`,
    [id, JSON.stringify(data), rowCount, userId],
  );
}
