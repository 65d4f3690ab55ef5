import crypto from 'node:crypto';
import type { Db } from '../db/db';
import { FieldCipher, newKeyId, saveKeyRing, type KeyRing } from './field-crypto';
import { ENCRYPTED_COLUMNS } from './encrypted-columns';
import { appendAudit } from '../audit/audit.repository';

/** Adds a fresh key to the ring and makes it primary; older keys stay so existing data remains readable. */
export function addPrimaryKey(ring: KeyRing): KeyRing {
  const kid = newKeyId();
  return { ...ring, primary: kid, keys: { ...ring.keys, [kid]: crypto.randomBytes(32).toString('base64') } };
}

/**
 * Re-encrypts every registered encrypted column under the ring's primary key, in small
 * batches of short transactions so the service keeps running. Each row is re-checked inside
 * its transaction (FOR UPDATE) so a concurrent write is never overwritten with stale data.
 * Returns how many values were re-encrypted.
 */
export async function reencryptAll(db: Db, cipher: FieldCipher, batchSize = 500, onProgress?: (done: number) => void): Promise<number> {
  let total = 0;
  const primary = cipher.primaryKeyId;
  const notPrimary = `v1:${primary}:%`;
  for (const col of ENCRYPTED_COLUMNS) {
    for (;;) {
      const n = await db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: string; value: string }>(
          `SELECT ${col.id}::text AS id, ${col.column} AS value FROM ${col.table}
           WHERE ${col.column} IS NOT NULL AND ${col.column} NOT LIKE $1 LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [notPrimary, batchSize],
        );
        for (const r of rows) {
          const plain = cipher.decrypt(r.value, col.aad);
          await tx.query(`UPDATE ${col.table} SET ${col.column} = $2 WHERE ${col.id}::text = $1`, [r.id, cipher.encrypt(plain, col.aad)]);
        }
        return rows.length;
      });
      total += n;
      onProgress?.(total);
      if (n === 0) break;
    }
  }
  await db.transaction((tx) =>
    appendAudit(tx, [{ actorUserId: null, actorOrgId: null, action: 'system.keys_rotated', resourceType: 'System', outcome: 'success', details: { primary, values: total } }]),
  );
  return total;
}

/** Rotates: writes a ring with a new primary key to the key file, then re-encrypts everything under it. */
export async function rotateKeys(db: Db, ring: KeyRing, keyFile: string | undefined, onProgress?: (done: number) => void): Promise<{ ring: KeyRing; values: number }> {
  const next = addPrimaryKey(ring);
  if (keyFile) saveKeyRing(keyFile, next);
  const values = await reencryptAll(db, new FieldCipher(next), 500, onProgress);
  return { ring: next, values };
}
