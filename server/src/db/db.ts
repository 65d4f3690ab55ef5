import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFromStream } from 'pg-copy-streams';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';
import { fsyncPath, fsyncTree } from '../durable-files';

/** Anything that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[]; rowCount: number }>;
  /**
   * Bulk load: `COPY table (columns) FROM` a whole COPY in PostgreSQL's binary format (see
   * copy-binary.ts), as bytes read only until the returned promise settles. Same constraints,
   * triggers and defaults as INSERT.
   */
  copyFrom(table: string, columns: readonly string[], data: Uint8Array, opts?: CopyOptions): Promise<void>;
}

/** How a COPY writes its rows. */
export interface CopyOptions {
  /**
   * Written already frozen (COPY … FREEZE: committed for every later reader, and marked all-visible)
   * — only into a table given new storage earlier in the same transaction (bulk-load.ts
   * freshStorage), or PostgreSQL refuses the COPY. Later reads of the loaded pages then have no
   * hint bits to set, and so no page to write again (nor, under data checksums, to log whole).
   */
  freeze?: boolean;
}

function copySql(table: string, columns: readonly string[], source: string, opts: CopyOptions = {}): string {
  return `COPY ${table} (${columns.join(', ')}) FROM ${source} WITH (FORMAT binary${opts.freeze ? ', FREEZE' : ''})`;
}

/** The bytes as a Buffer over the same memory. */
function asBuffer(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

async function copyWithClient(client: pg.PoolClient, table: string, columns: readonly string[], data: Uint8Array, opts?: CopyOptions): Promise<void> {
  await pipeline(Readable.from([asBuffer(data)]), client.query(copyFromStream(copySql(table, columns, 'STDIN', opts))));
}

let pgliteCopies = 0;

/**
 * COPY on PGlite: the COPY's bytes become a file of PGlite's in-memory file system (outside
 * its data folder), which the COPY statement reads as a server-side file, and which is removed
 * afterwards. The file takes the bytes without copying them (canOwn), and PostgreSQL reads it with
 * block copies. PGlite's own way, a Blob read through its /dev/blob device, copied the whole Blob
 * into a new buffer for each statement and then handed it over a byte at a time (2 s of the
 * request thread in a 100,000-case import). `q` runs the statement: `lite` itself or a transaction of it.
 */
async function copyWithPglite(lite: PGlite, q: Pick<PGlite, 'query'>, table: string, columns: readonly string[], data: Uint8Array, opts?: CopyOptions): Promise<void> {
  const fs = lite.Module.FS;
  const file = `/tmp/jisr-copy-${process.pid}-${(pgliteCopies += 1)}`;
  fs.writeFile(file, asBuffer(data), { canOwn: true });
  try {
    await q.query(copySql(table, columns, `'${file}'`, opts));
  } finally {
    fs.unlink(file);
  }
}

/** The one data-access layer over embedded PGlite and PostgreSQL. */
export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** PGlite's data folder on disk (its files are this process's own); undefined in memory and on PostgreSQL. */
  readonly dataDir?: string;
  /** Runs fn in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// Return bigint/numeric as strings and dates as Date on both drivers.
pg.types.setTypeParser(20, (v: string) => v);

class PostgresDb implements Db {
  readonly kind = 'postgres' as const;
  constructor(private readonly pool: pg.Pool) {}

  async query<T>(sql: string, params: unknown[] = []) {
    const r = await this.pool.query(sql, params);
    return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
  }

  async copyFrom(table: string, columns: readonly string[], data: Uint8Array, opts?: CopyOptions): Promise<void> {
    const client = await this.pool.connect();
    try {
      await copyWithClient(client, table, columns, data, opts);
    } finally {
      client.release();
    }
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const tx: Queryable = {
        query: async <R>(sql: string, params: unknown[] = []) => {
          const r = await client.query(sql, params);
          return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
        },
        copyFrom: (table, columns, data, opts) => copyWithClient(client, table, columns, data, opts),
      };
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async close() {
    await this.pool.end();
  }
}

class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  constructor(
    private readonly lite: PGlite,
    readonly dataDir?: string,
  ) {}

  async query<T>(sql: string, params: unknown[] = []) {
    const r = await this.lite.query<T>(sql, params);
    return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
  }

  async copyFrom(table: string, columns: readonly string[], data: Uint8Array, opts?: CopyOptions): Promise<void> {
    await copyWithPglite(this.lite, this.lite, table, columns, data, opts);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.lite.transaction(async (t) =>
      fn({
        query: async <R>(sql: string, params: unknown[] = []) => {
          const r = await t.query<R>(sql, params);
          return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
        },
        copyFrom: (table, columns, data, opts) => copyWithPglite(this.lite, t, table, columns, data, opts),
      }),
    );
  }

  async close() {
    if (!this.lite.closed) await this.lite.close();
  }
}

export interface OpenDbOptions {
  databaseUrl?: string;
  /** PGlite data folder; omitted means in memory. */
  dataDir?: string;
  /** PGlite: start from a dumped data folder (tests clone a migrated template). */
  loadDataDir?: Blob;
  poolSize?: number;
}

/**
 * Settings of the embedded database on top of PGlite's own. It has no replicas and no WAL
 * archive, so it writes only the WAL that crash recovery needs (wal_level = minimal: an index
 * built in a transaction, as a bulk import does, is written once instead of also into the WAL).
 * PGlite starts PostgreSQL with fsync off; on disk Jisr turns it on (see DurableNodeFs), with
 * wal_sync_method = fsync because fdatasync cannot reach the disk from PGlite at all.
 */
const PGLITE_SETTINGS = ['wal_level=minimal', 'max_wal_senders=0', 'fsync=on', 'wal_sync_method=fsync'];

/** What DurableNodeFs uses of Emscripten's NODEFS and FS (not in PGlite's types). */
interface EmscriptenNodeFs {
  isWindows: boolean;
  stream_ops: { fsync?: (stream: { nfd?: number; node: unknown }) => number };
  realPath(node: unknown): string;
  getMode(path: string): number;
  tryFSOperation<T>(f: () => T): T;
}
interface EmscriptenFs {
  /** What Emscripten's file system throws for an errno (not an Error: no stack is taken). */
  ErrnoError: new (errno: number) => { errno: number };
}
/** Emscripten's ENOENT (its own numbering, not the host's). */
const EMSCRIPTEN_ENOENT = 44;

/**
 * PGlite's file system on disk, made durable. PGlite keeps its data folder through Emscripten's
 * NODEFS, whose files have no fsync (and whose fdatasync does nothing), so PostgreSQL's flushes —
 * of the WAL at each commit, of the data files at each checkpoint, of a bulk import's new storage
 * at its commit — never reached the disk: a power cut or an operating-system crash could lose
 * committed cases or leave the folder inconsistent (a crash of Jisr's process alone lost nothing,
 * since every write is handed to the operating system). This gives NODEFS an fsync that flushes the
 * host file (a folder is opened to be flushed), before PostgreSQL starts; a failed flush is an I/O
 * error to PostgreSQL, which stops rather than go on with data it cannot trust.
 *
 * It also looks a file up without making the host throw when it is missing: PostgreSQL looks for
 * files that are not there (a new index's free space map, each time it adds a page to the index:
 * 7,400 times in a bulk import of 100,000 cases), and NODEFS asked Node for each with an lstat
 * that throws, a stack trace taken each time through the database's deep stack, then turned into
 * PostgreSQL's "no such file" (the host's lstat took 0.37 s of the database's thread; 0.17 s now).
 */
class DurableNodeFs extends NodeFS {
  override async init(...args: Parameters<NodeFS['init']>): ReturnType<NodeFS['init']> {
    const { emscriptenOpts } = await super.init(...args);
    const adapt = (mod: unknown) => {
      const { NODEFS: nodefs, FS: efs } = mod as { NODEFS: EmscriptenNodeFs; FS: EmscriptenFs };
      nodefs.stream_ops.fsync = (stream) =>
        nodefs.tryFSOperation(() => {
          if (stream.nfd !== undefined) fs.fsyncSync(stream.nfd);
          else fsyncPath(nodefs.realPath(stream.node));
          return 0;
        });
      nodefs.getMode = (file) => {
        const stat = nodefs.tryFSOperation(() => fs.lstatSync(file, { throwIfNoEntry: false }));
        if (stat === undefined) throw new efs.ErrnoError(EMSCRIPTEN_ENOENT);
        return nodefs.isWindows ? stat.mode | ((stat.mode & 0o444) >> 2) : stat.mode;
      };
    };
    return { emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), adapt] } };
  }
}

/** Opens PostgreSQL when a URL is given, otherwise embedded PGlite (on disk or in memory). */
export async function openDb(options: OpenDbOptions): Promise<Db> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle connection can be ended by the server (restart, failover, administrator): the pool
    // drops it and opens a new one on demand. Without a listener this would crash the process.
    pool.on('error', () => undefined);
    await pool.query('select 1');
    return new PostgresDb(pool);
  }
  const { dataDir } = options;
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const created = dataDir !== undefined && !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  const lite = await PGlite.create({
    dataDir,
    fs: dataDir ? new DurableNodeFs(dataDir) : undefined,
    loadDataDir: options.loadDataDir,
    startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((s) => ['-c', s])],
  });
  // A new database folder is written by PGlite outside PostgreSQL (initdb's files, or a dump
  // unpacked), so nothing flushed it: once, before anything is stored in it.
  if (created) fsyncTree(dataDir);
  return new PgliteDb(lite, dataDir);
}

/** Dumps a PGlite database to a tarball (for cloning test templates); undefined on PostgreSQL. */
export async function dumpPglite(db: Db): Promise<Blob | undefined> {
  if (!(db instanceof PgliteDb)) return undefined;
  // Access through the instance to keep the PGlite type private to this module.
  const lite = (db as unknown as { lite: PGlite }).lite;
  return lite.dumpDataDir('none');
}
