/**
 * Bulk loads into tables that are large next to what is already in them (a national import into a
 * new installation): inside the caller's transaction, the tables' secondary indexes and the
 * foreign keys among them are dropped, the rows loaded, and then the same indexes and keys
 * re-created from the definitions PostgreSQL itself gave (pg_get_indexdef, pg_get_constraintdef),
 * so nothing a migration declared is forgotten. Building an index once from sorted rows and
 * checking a foreign key with one join is several times faster than maintaining them row by row,
 * which is how pg_restore loads data. Primary keys and indexes backing constraints stay in place.
 *
 * Keys to tables outside the load (such as `users`) are never dropped: dropping one locks the
 * referenced table for every other session (no one could sign in). Checking them row by row is
 * the other half of a load's cost, so when the loaded rows refer to a few known rows only (an
 * import refers to its importer and their organisation), `trustReferences` checks and locks those
 * rows once and switches the row-by-row checks off for the load, as pg_restore does with
 * --disable-triggers (session_replication_role = replica, which only a role allowed to set it
 * may: a superuser, or one granted SET on that parameter; otherwise the checks stay on).
 *
 * All of it is transactional: a load that fails or a process that dies rolls back to the
 * original indexes, keys and settings. The cost is locking: dropping an index takes an ACCESS
 * EXCLUSIVE lock on its table until commit, so other sessions wait for those tables while the
 * load runs. Valid on PostgreSQL 15 and PGlite.
 */
import type { Queryable } from './db';

interface Definition {
  drop: string;
  create: string;
}

/**
 * Drops the secondary indexes and foreign keys of `tables` (see the module comment) and returns
 * the function that re-creates them, to be called in the same transaction once the rows are in.
 * Re-creating checks everything a row-by-row load would have: a duplicate under a unique index
 * or a dangling reference makes it throw, and the caller's transaction rolls back.
 */
export async function deferIndexes(tx: Queryable, tables: readonly string[]): Promise<() => Promise<void>> {
  const keys = await tx.query<{ rel: string; name: string; def: string }>(
    `SELECT conrelid::regclass::text AS rel, quote_ident(conname) AS name, pg_get_constraintdef(oid) AS def
       FROM pg_constraint
      WHERE contype = 'f' AND conrelid = ANY($1::text[]::regclass[]) AND confrelid = ANY($1::text[]::regclass[])
      ORDER BY conrelid::regclass::text, conname`,
    [tables],
  );
  const indexes = await tx.query<{ name: string; def: string }>(
    `SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def
       FROM pg_index i
      WHERE indrelid = ANY($1::text[]::regclass[]) AND NOT indisprimary
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
      ORDER BY indexrelid::regclass::text`,
    [tables],
  );
  const definitions: Definition[] = [
    ...keys.rows.map((k) => ({ drop: `ALTER TABLE ${k.rel} DROP CONSTRAINT ${k.name}`, create: `ALTER TABLE ${k.rel} ADD CONSTRAINT ${k.name} ${k.def}` })),
    ...indexes.rows.map((i) => ({ drop: `DROP INDEX ${i.name}`, create: i.def })),
  ];
  for (const d of definitions) await tx.query(d.drop);
  // Indexes first, then the keys (checked once each, with a join over the loaded rows).
  return async () => {
    for (const d of [...definitions].reverse()) await tx.query(d.create);
  };
}

/** Rows of a table outside a load that every loaded row referring to that table refers to. */
export interface TrustedRows {
  table: 'users' | 'orgs';
  ids: readonly string[];
}

/**
 * For a load whose rows refer, in tables outside the load, only to `rows` (the caller vouches for
 * that: it builds the rows with these ids and no others): checks that those rows exist and locks
 * them against deletion and key changes until commit (FOR KEY SHARE, the lock each row-by-row
 * check would take), then switches the row-by-row foreign-key checks off for the load. Returns
 * the function that switches them on again, to be called before anything else is written in the
 * transaction, or undefined when the role may not set session_replication_role (the checks then
 * stay on). Throws, with nothing changed, when a row is missing.
 */
export async function trustReferences(tx: Queryable, rows: readonly TrustedRows[]): Promise<(() => Promise<void>) | undefined> {
  const allowed = await tx.query<{ ok: boolean }>("SELECT has_parameter_privilege('session_replication_role', 'SET') AS ok");
  if (!allowed.rows[0]?.ok) return undefined;
  for (const { table, ids } of rows) {
    const unique = [...new Set(ids)];
    const found = await tx.query(`SELECT id FROM ${table} WHERE id = ANY($1::uuid[]) FOR KEY SHARE`, [unique]);
    if (found.rows.length !== unique.length) throw new Error(`bulk load: a row of ${table} it refers to does not exist`);
  }
  await tx.query('SET LOCAL session_replication_role = replica');
  return async () => {
    await tx.query('SET LOCAL session_replication_role = origin');
  };
}
