/**
 * Bulk loads into tables that are large next to what is already in them (a national import into a
 * new installation): inside the caller's transaction, the tables' secondary indexes and foreign
 * keys are dropped, the rows loaded, and then the same indexes and keys re-created from the
 * definitions PostgreSQL itself gave (pg_get_indexdef, pg_get_constraintdef), so nothing a
 * migration declared is forgotten. Building an index once from sorted rows and checking a foreign
 * key with one join is several times faster than maintaining them row by row, which is how
 * pg_restore loads data. Primary keys and indexes backing constraints stay in place.
 *
 * All of it is transactional DDL: a load that fails or a process that dies rolls back to the
 * original indexes and keys. The cost is locking: dropping an index takes an ACCESS EXCLUSIVE
 * lock on its table until commit, so other sessions wait for those tables while the load runs.
 * Keys that refer to other tables are only dropped when `foreignKeysToOthers` says so, because
 * dropping one also locks the referenced table (such as `users`) for every other session.
 * Valid on PostgreSQL 15 and PGlite.
 */
import type { Queryable } from './db';

/** What to drop while loading `tables`. */
export interface DeferOptions {
  /** Also drop foreign keys to tables outside the load (locks those tables until commit). */
  foreignKeysToOthers: boolean;
}

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
export async function deferIndexes(tx: Queryable, tables: readonly string[], opts: DeferOptions): Promise<() => Promise<void>> {
  const keys = await tx.query<{ rel: string; name: string; def: string }>(
    `SELECT conrelid::regclass::text AS rel, quote_ident(conname) AS name, pg_get_constraintdef(oid) AS def
       FROM pg_constraint
      WHERE contype = 'f' AND conrelid = ANY($1::text[]::regclass[]) AND ($2 OR confrelid = ANY($1::text[]::regclass[]))
      ORDER BY conrelid::regclass::text, conname`,
    [tables, opts.foreignKeysToOthers],
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
