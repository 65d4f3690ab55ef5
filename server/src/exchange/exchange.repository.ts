/** SQL of the exchange capability: the record of HTCDS imports (table htcds_imports, migration 0006). */
import crypto from 'node:crypto';
import type { Queryable } from '../db/db';

/** A first (not repeated) import of a file by an organisation. */
export interface ImportRecord {
  id: string;
  cases: number;
  created_at: Date;
}

/** The organisation's first import of the file with this digest, if any. */
export async function findFirstImport(q: Queryable, orgId: string, digest: string): Promise<ImportRecord | undefined> {
  const { rows } = await q.query<ImportRecord>('SELECT id, cases, created_at FROM htcds_imports WHERE org_id = $1 AND digest = $2 AND NOT repeat', [orgId, digest]);
  return rows[0];
}

/**
 * Records an import as it starts (in its transaction). A first import of a file waits for a
 * concurrent first import of the same file and then fails with a unique violation (23505).
 */
export async function startImport(q: Queryable, i: { orgId: string; userId: string; digest: string; format: string; repeat: boolean }): Promise<string> {
  const id = crypto.randomUUID();
  await q.query('INSERT INTO htcds_imports (id, org_id, user_id, digest, format, repeat) VALUES ($1, $2, $3, $4, $5, $6)', [id, i.orgId, i.userId, i.digest, i.format, i.repeat]);
  return id;
}

/** Sets how many cases the import created (before it commits). */
export async function finishImport(q: Queryable, id: string, cases: number): Promise<void> {
  await q.query('UPDATE htcds_imports SET cases = $2 WHERE id = $1', [id, cases]);
}
