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
 * load runs. Valid on PostgreSQL 15 and PGlite. On PGlite on disk, the new storage's files can
 * be flushed to disk as the load goes (BackgroundFlush), so that its commit waits less.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Queryable } from './db';

interface Definition {
  drop: string;
  create: string;
}

/** What deferIndexes leaves in place. */
export interface DeferOptions {
  /** Indexes kept up to date row by row (cheaper so than built afterwards). */
  keep?: readonly string[];
  /**
   * The row-by-row checks are off for this load (trustReferences gave a function) and the caller
   * vouches that each loaded row refers, among `tables`, only to rows loaded with it (an import
   * writes each case with its records, team and timeline in one chunk): the keys among the tables
   * then stay, with nothing to check afterwards, as a data-only pg_restore with
   * --disable-triggers leaves them.
   */
  keysTrusted?: boolean;
}

/**
 * Drops the secondary indexes and foreign keys of `tables` (see the module comment; but what
 * `opts` keeps) and returns the function that re-creates them, to be called in the same
 * transaction once the rows are in. Re-creating checks everything a row-by-row load would have
 * (a duplicate under a unique index or a dangling reference makes it throw, and the caller's
 * transaction rolls back), but for keys the caller vouched for.
 */
export async function deferIndexes(tx: Queryable, tables: readonly string[], opts: DeferOptions = {}): Promise<() => Promise<void>> {
  const keys = opts.keysTrusted ? { rows: [] } : await tx.query<{ rel: string; name: string; def: string }>(
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
        AND NOT indexrelid::regclass::text = ANY($2::text[])
      ORDER BY indexrelid::regclass::text`,
    [tables, opts.keep ?? []],
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

/**
 * Under `wal_level = minimal` (PGlite's setting; a PostgreSQL server's default is `replica`), rows
 * written into a table whose storage was made in the same transaction, and indexes built on it, are
 * not written to the write-ahead log: its pages are written once, at commit. Emptying a table
 * (TRUNCATE) gives it new storage. So when `tables`, and every table whose keys refer to them
 * (TRUNCATE must take those too), hold no rows, this empties them all — nothing is lost, they are
 * empty, checked under an exclusive lock taken first, so no row can arrive between the check and
 * the TRUNCATE — and returns true. Otherwise (rows somewhere, or another WAL level) it changes
 * nothing and returns false. Like everything here, undone if the transaction rolls back.
 * Measured on PGlite: 100,000 imported cases wrote 358 MB of log, 8.8 MB with new storage, and
 * their load took a sixth less time. Rows may then be copied in already frozen (copyFrom's
 * `freeze`), which only such tables may take.
 */
export async function freshStorage(tx: Queryable, tables: readonly string[]): Promise<boolean> {
  const level = await tx.query<{ minimal: boolean }>("SELECT current_setting('wal_level') = 'minimal' AS minimal");
  if (!level.rows[0]?.minimal) return false;
  // The tables and, transitively, those whose foreign keys refer to one of them.
  const all = await tx.query<{ name: string }>(
    `WITH RECURSIVE t(rel) AS (
       SELECT unnest($1::text[])::regclass
       UNION
       SELECT c.conrelid FROM pg_constraint c JOIN t ON c.confrelid = t.rel WHERE c.contype = 'f'
     )
     SELECT rel::text AS name FROM t ORDER BY 1`,
    [tables],
  );
  const names = all.rows.map((r) => r.name);
  const empty = async () => (await tx.query(names.map((n) => `SELECT 1 WHERE EXISTS (SELECT 1 FROM ${n})`).join(' UNION ALL '))).rows.length === 0;
  // Looked at first without a lock, so that tables with rows are not locked for nothing; then again
  // under the lock, which no other transaction can write past.
  if (!(await empty())) return false;
  await tx.query(`LOCK TABLE ${names.join(', ')} IN ACCESS EXCLUSIVE MODE`);
  if (!(await empty())) return false;
  await tx.query(`TRUNCATE ${names.join(', ')}`);
  return true;
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

/**
 * The files of `tables` and of their indexes in an embedded database's folder `dataDir`, as the
 * transaction `tx` sees them (storage made new in it has new files): the first segment of each
 * (flushFiles finds those beyond the first gigabyte).
 */
export async function relationFiles(tx: Queryable, dataDir: string, tables: readonly string[]): Promise<string[]> {
  const { rows } = await tx.query<{ file: string }>(
    `SELECT pg_relation_filepath(c.oid) AS file FROM pg_class c LEFT JOIN pg_index i ON i.indexrelid = c.oid
      WHERE c.oid = ANY($1::text[]::regclass[]) OR i.indrelid = ANY($1::text[]::regclass[])
      ORDER BY 1`,
    [tables],
  );
  return rows.map((r) => path.join(dataDir, r.file));
}

/**
 * Flushes `files` (and their further segments, `file.1`, …) to disk, in the background: the
 * operating system writes them while the caller goes on. For a bulk load into new storage on
 * PGlite: its rows are not in the write-ahead log, so its commit flushes every file it wrote (and
 * waits for the disk); flushed as it goes, there is less left then (100,000 imported cases, 396 MB
 * of files: their commit took 0.41–0.47 s instead of 0.77–0.81 s once they had been flushed). A
 * failed flush rejects: the caller must then fail the load (an error a flush reports once may not
 * be reported to the database's own flush afterwards).
 */
export async function flushFiles(files: readonly string[]): Promise<void> {
  await Promise.all(files.map(async (first) => {
    for (let segment = 0; ; segment += 1) {
      let handle: fs.FileHandle;
      try {
        handle = await fs.open(segment === 0 ? first : `${first}.${segment}`, 'r+');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
  }));
}

/**
 * A bulk load's files flushed to disk as it goes (see flushFiles), one flush at a time: `wrote`
 * after each part of the load, `finish` once every row is in.
 */
export class BackgroundFlush {
  private pending: Promise<void> | undefined;
  private failed: { error: unknown } | undefined;
  private since = 0;

  /** `every`: how many written rows (as the caller counts them) between two flushes. */
  constructor(
    private readonly files: readonly string[],
    private readonly every: number,
  ) {}

  /** `n` more rows were written: a flush starts every `every` of them, unless one is under way. */
  wrote(n: number): void {
    this.since += n;
    if (this.since < this.every || this.pending) return;
    this.since = 0;
    this.start();
  }

  /**
   * Waits for the flush under way and starts the last one (which the caller's remaining work, such
   * as building indexes, overlaps); returns what waits for it. Throws, as the returned function
   * does, if a flush failed.
   */
  async finish(): Promise<() => Promise<void>> {
    await this.pending;
    this.check();
    this.start();
    return async () => {
      await this.pending;
      this.check();
    };
  }

  private start(): void {
    const flush: Promise<void> = flushFiles(this.files)
      .catch((error: unknown) => {
        this.failed ??= { error };
      })
      .finally(() => {
        if (this.pending === flush) this.pending = undefined;
      });
    this.pending = flush;
  }

  private check(): void {
    if (this.failed) throw this.failed.error;
  }
}
