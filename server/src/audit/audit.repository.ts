import crypto from 'node:crypto';
import type { Queryable } from '../db/db';

/** One entry of the audit log as the application writes it. */
export interface AuditEntry {
  actorUserId: string | null;
  actorOrgId: string | null;
  /** What was done, e.g. `auth.login`, `case.read`. */
  action: string;
  resourceType: string;
  resourceId?: string | null;
  outcome: 'success' | 'failure' | 'denied';
  ip?: string | null;
  /** Why: the purpose given or the use case that caused it. */
  reason?: string | null;
  /** Ids and codes only, never names or free text. */
  details?: Record<string, unknown>;
}

interface StoredRow {
  id: string;
  at: Date;
  actor_user_id: string | null;
  actor_org_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  outcome: string;
  ip: string | null;
  reason: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Canonical JSON: keys sorted at every level, so the hash does not depend on storage order. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
    .join(',')}}`;
}

/** The hash of an entry given its predecessor's hash. */
export function entryHash(prevHash: string, row: Omit<StoredRow, 'hash' | 'prev_hash'>): string {
  const body = canonical({
    id: String(row.id),
    at: new Date(row.at).toISOString(),
    actor_user_id: row.actor_user_id,
    actor_org_id: row.actor_org_id,
    action: row.action,
    resource_type: row.resource_type,
    resource_id: row.resource_id,
    outcome: row.outcome,
    ip: row.ip,
    reason: row.reason,
    details: row.details,
  });
  return crypto.createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * Appends entries to the hash chain. Must run inside the caller's transaction so the entry
 * commits or rolls back with the change it records; a transaction-scoped advisory lock
 * serialises appends across connections and instances.
 */
export async function appendAudit(tx: Queryable, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query('SELECT pg_advisory_xact_lock(4242001)');
  const head = await tx.query<{ last_hash: string }>('SELECT last_hash FROM audit_head WHERE singleton');
  let prev = head.rows[0]?.last_hash ?? GENESIS_HASH;
  let lastId = '0';
  for (const e of entries) {
    const at = new Date();
    const { rows } = await tx.query<{ id: string }>("SELECT nextval(pg_get_serial_sequence('audit_log', 'id'))::text AS id");
    const row = {
      id: rows[0].id,
      at,
      actor_user_id: e.actorUserId,
      actor_org_id: e.actorOrgId,
      action: e.action,
      resource_type: e.resourceType,
      resource_id: e.resourceId ?? null,
      outcome: e.outcome,
      ip: e.ip ?? null,
      reason: e.reason ?? null,
      details: e.details ?? {},
    };
    const hash = entryHash(prev, row);
    await tx.query(
      `INSERT INTO audit_log (id, at, actor_user_id, actor_org_id, action, resource_type, resource_id, outcome, ip, reason, details, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [row.id, at, row.actor_user_id, row.actor_org_id, row.action, row.resource_type, row.resource_id, row.outcome, row.ip, row.reason, JSON.stringify(row.details), prev, hash],
    );
    prev = hash;
    lastId = row.id;
  }
  await tx.query(
    `INSERT INTO audit_head (singleton, last_id, last_hash) VALUES (true, $1, $2)
     ON CONFLICT (singleton) DO UPDATE SET last_id = EXCLUDED.last_id, last_hash = EXCLUDED.last_hash`,
    [lastId, prev],
  );
}

/** The result of walking the chain. */
export type VerifyResult =
  | { ok: true; entries: number }
  | { ok: false; entries: number; firstBadId: string; problem: 'altered' | 'removed_before' | 'removed_at_end' };

/** Walks the whole chain in id order and names the first entry that was altered or removed. */
export async function verifyAuditChain(db: Queryable, batchSize = 5000): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let after = '0';
  let count = 0;
  let lastId = '0';
  for (;;) {
    const { rows } = await db.query<StoredRow>(
      'SELECT * FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2',
      [after, batchSize],
    );
    if (rows.length === 0) break;
    for (const r of rows) {
      const id = String(r.id);
      if (r.prev_hash !== prev) return { ok: false, entries: count, firstBadId: id, problem: 'removed_before' };
      const details = typeof r.details === 'string' ? (JSON.parse(r.details) as Record<string, unknown>) : r.details;
      const expected = entryHash(prev, { ...r, id, details });
      if (expected !== r.hash) return { ok: false, entries: count, firstBadId: id, problem: 'altered' };
      prev = r.hash;
      count += 1;
      lastId = id;
    }
    after = lastId;
  }
  const head = await db.query<{ last_id: string; last_hash: string }>('SELECT last_id::text AS last_id, last_hash FROM audit_head WHERE singleton');
  const h = head.rows[0];
  if (h && (h.last_hash !== prev || String(h.last_id) !== lastId)) {
    return { ok: false, entries: count, firstBadId: String(h.last_id), problem: 'removed_at_end' };
  }
  return { ok: true, entries: count };
}
