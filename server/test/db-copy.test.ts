import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app';
import { testDbKind } from './support/test-db';
import { CopyBinary, copyRows, type CopyType } from '../src/db/copy-binary';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { BackgroundFlush, deferIndexes, flushFiles, freshStorage, relationFiles, trustReferences } from '../src/db/bulk-load';
import { openDb, type Queryable } from '../src/db/db';

describe('bulk loads with COPY (Queryable.copyFrom) on this database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.db.query('CREATE TABLE copy_probe (id int PRIMARY KEY, note text, tags text[], doc json)');
  });
  afterAll(async () => t?.close());
  const types: CopyType[] = ['int4', 'text', 'text[]', 'json'];
  const copyLine = (row: unknown[]) => copyRows(types, [row]);

  it('loads a binary COPY given as a view on part of a buffer, which is read only while the load runs', async () => {
    const out = new CopyBinary(new ArrayBuffer(16)); // grows as rows are added
    out.start();
    out.line(types, [101, 'skipped', [], {}]);
    out.finish();
    const from = out.length;
    out.start();
    out.line(types, [102, '« عربي » \\ tab\there', ['x'], { k: 'عربي' }]);
    out.line(types, [103, null, [], {}]);
    out.finish();
    const all = out.bytes();
    const part = all.subarray(from);
    await t.db.transaction((tx) => tx.copyFrom('copy_probe', ['id', 'note', 'tags', 'doc'], part));
    all.fill(0); // the caller may fill the buffer again once the load is done
    const { rows } = await t.db.query<{ id: number; note: string | null; tags: string[]; doc: unknown }>('SELECT id, note, tags, doc FROM copy_probe WHERE id > 100 ORDER BY id');
    expect(rows).toEqual([
      { id: 102, note: '« عربي » \\ tab\there', tags: ['x'], doc: { k: 'عربي' } },
      { id: 103, note: null, tags: [], doc: {} },
    ]);
    await t.db.query('DELETE FROM copy_probe WHERE id > 100');
  });

  it('loads rows outside and inside a transaction, keeps constraints, and a rolled-back load leaves nothing', async () => {
    const note = 'tab\there\nnew line, back\\slash, « عربي »';
    await t.db.copyFrom('copy_probe', ['id', 'note', 'tags', 'doc'], copyLine([1, note, ['a', 'b"c'], { n: note }]));
    await t.db.transaction((tx) => tx.copyFrom('copy_probe', ['id', 'note', 'tags', 'doc'], copyLine([2, null, [], {}])));
    await expect(t.db.transaction(async (tx) => {
      await tx.copyFrom('copy_probe', ['id', 'note', 'tags', 'doc'], copyLine([3, 'kept?', [], {}]));
      await tx.copyFrom('copy_probe', ['id', 'note', 'tags', 'doc'], copyLine([1, 'duplicate key', [], {}]));
    })).rejects.toThrow();
    const { rows } = await t.db.query<{ id: number; note: string | null; tags: string[]; doc: unknown }>('SELECT id, note, tags, doc FROM copy_probe ORDER BY id');
    expect(rows).toEqual([
      { id: 1, note, tags: ['a', 'b"c'], doc: { n: note } },
      { id: 2, note: null, tags: [], doc: {} },
    ]);
  });

  it('runs a load outside a transaction that waits for it next to loads inside it, without deadlock', async () => {
    const cols = ['id', 'note', 'tags', 'doc'];
    let outside: Promise<void> | undefined;
    await t.db.transaction(async (tx) => {
      // Outside the transaction: on PGlite, which has one connection, it waits until the transaction ends.
      outside = t.db.copyFrom('copy_probe', cols, copyLine([10, 'outside « عربي »', [], {}]));
      await new Promise((resolve) => setTimeout(resolve, 20));
      await tx.copyFrom('copy_probe', cols, copyRows(types, [[11, 'inside', ['x'], { k: 'عربي' }], [12, 'x'.repeat(100_000), [], {}]]));
    });
    await outside;
    const { rows } = await t.db.query<{ id: number; note: string; doc: unknown }>('SELECT id, note, doc FROM copy_probe WHERE id >= 10 ORDER BY id');
    expect(rows.map((r) => [r.id, r.note.length > 20 ? r.note.length : r.note, r.doc])).toEqual([[10, 'outside « عربي »', {}], [11, 'inside', { k: 'عربي' }], [12, 100_000, {}]]);
  });
});

describe('bulk loads that refer only to known rows (trustReferences)', () => {
  let t: TestApp;
  let user: { id: string; org_id: string };
  beforeAll(async () => {
    t = await createTestApp();
    user = (await t.db.query<{ id: string; org_id: string }>('SELECT id, org_id FROM users ORDER BY email LIMIT 1')).rows[0];
    await t.db.query('CREATE TABLE trust_probe (id int PRIMARY KEY, user_id uuid REFERENCES users(id), org_id uuid REFERENCES orgs(id))');
  });
  afterAll(async () => t?.close());

  const role = async (q: Queryable) => (await q.query<{ session_replication_role: string }>('SHOW session_replication_role')).rows[0].session_replication_role;

  it('checks and locks the referred rows, skips the row-by-row checks while loading, and turns them back on', async () => {
    await t.db.transaction(async (tx) => {
      const checksOn = await trustReferences(tx, [{ table: 'users', ids: [user.id, user.id] }, { table: 'orgs', ids: [user.org_id] }]);
      expect(checksOn).toBeDefined();
      expect(await role(tx)).toBe('replica');
      await tx.copyFrom('trust_probe', ['id', 'user_id', 'org_id'], copyRows(['int4', 'uuid', 'uuid'], [[1, user.id, user.org_id]]));
      await checksOn!();
      expect(await role(tx)).toBe('origin');
      // Checked again: a row referring to no one is refused.
      await tx.query('SAVEPOINT s');
      await expect(tx.query('INSERT INTO trust_probe VALUES (2, gen_random_uuid(), NULL)')).rejects.toThrow(/foreign key/);
      await tx.query('ROLLBACK TO SAVEPOINT s');
    });
    expect(await role(t.db)).toBe('origin');
    expect((await t.db.query('SELECT id FROM trust_probe')).rows).toEqual([{ id: 1 }]);
    // Locked as a row-by-row check would have (FOR KEY SHARE): the referred user cannot go meanwhile.
    await expect(t.db.transaction(async (tx) => {
      await trustReferences(tx, [{ table: 'users', ids: [user.id] }]);
      const { rows } = await tx.query<{ n: string }>("SELECT count(*)::text AS n FROM pg_locks WHERE locktype = 'relation' AND relation = 'users'::regclass AND mode = 'RowShareLock' AND pid = pg_backend_pid()");
      expect(rows[0].n).toBe('1');
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
  });

  it('refuses a load that refers to a row that does not exist, changing nothing', async () => {
    await expect(t.db.transaction(async (tx) => {
      await trustReferences(tx, [{ table: 'users', ids: [user.id, '00000000-0000-4000-8000-00000000dead'] }]);
    })).rejects.toThrow('a row of users it refers to does not exist');
    expect(await role(t.db)).toBe('origin');
  });

  it('leaves the checks on for a database role that may not switch them off', async () => {
    await expect(t.db.transaction(async (tx) => {
      await tx.query('CREATE ROLE jisr_trust_probe NOSUPERUSER');
      await tx.query('SET LOCAL ROLE jisr_trust_probe');
      expect(await trustReferences(tx, [{ table: 'users', ids: [user.id] }])).toBeUndefined();
      expect(await role(tx)).toBe('origin');
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
  });
});

describe('bulk loads into empty tables and what they leave in place (freshStorage, deferIndexes)', () => {
  let t: TestApp;
  const cols = ['id', 'parent_id', 'note'];
  const childRows = (from: number, n: number, parent: number) => copyRows(['int4', 'int4', 'text'], Array.from({ length: n }, (_, i) => [from + i, parent, `note ${from + i} « عربي »`]));
  beforeAll(async () => {
    t = await createTestApp();
    await t.db.query('CREATE TABLE load_parent (id int PRIMARY KEY)');
    await t.db.query('CREATE TABLE load_child (id int PRIMARY KEY, parent_id int NOT NULL REFERENCES load_parent(id), note text)');
    await t.db.query('CREATE INDEX load_child_parent_idx ON load_child (parent_id)');
    await t.db.query('CREATE INDEX load_child_note_idx ON load_child (note)');
    // Refers to the loaded tables from outside: emptied with them, or the load keeps its storage.
    await t.db.query('CREATE TABLE load_watcher (id int PRIMARY KEY, parent_id int REFERENCES load_parent(id))');
  });
  afterAll(async () => t?.close());

  // On PGlite (one connection) a query outside a transaction waits for it: inside, `q` is the transaction.
  const filenode = async (table: string, q: Queryable = t.db) => (await q.query<{ f: string }>(`SELECT pg_relation_filenode('${table}')::text AS f`)).rows[0].f;
  const walLsn = async (q: Queryable) => (await q.query<{ l: string }>('SELECT pg_current_wal_insert_lsn()::text AS l')).rows[0].l;
  const walSince = async (q: Queryable, from: string) => Number((await q.query<{ d: string }>(`SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '${from}')::text AS d`)).rows[0].d);

  it.runIf(testDbKind() === 'pglite')('gives empty tables new storage on PGlite, so that a load is not also written to the log; rolled back with the transaction', async () => {
    const before = { parent: await filenode('load_parent'), child: await filenode('load_child') };
    const logged = await t.db.transaction(async (tx) => {
      const from = await walLsn(tx);
      await tx.copyFrom('load_parent', ['id'], copyRows(['int4'], [[1]]));
      await tx.copyFrom('load_child', cols, childRows(1, 3000, 1));
      const written = await walSince(tx, from);
      throw Object.assign(new Error('rolled back'), { written });
    }).catch((e: { written: number }) => e.written);
    const fresh = await t.db.transaction(async (tx) => {
      expect(await freshStorage(tx, ['load_parent', 'load_child'])).toBe(true);
      const from = await walLsn(tx);
      await tx.copyFrom('load_parent', ['id'], copyRows(['int4'], [[1]]));
      await tx.copyFrom('load_child', cols, childRows(1, 3000, 1));
      const written = await walSince(tx, from);
      expect(await filenode('load_child', tx)).not.toBe(before.child);
      throw Object.assign(new Error('rolled back'), { written });
    }).catch((e: { written: number }) => e.written);
    expect(logged).toBeGreaterThan(100_000);
    expect(fresh).toBeLessThan(logged / 10);
    expect({ parent: await filenode('load_parent'), child: await filenode('load_child') }).toEqual(before);
    // Committed: the rows are there, the keys and indexes hold.
    await t.db.transaction(async (tx) => {
      expect(await freshStorage(tx, ['load_parent', 'load_child'])).toBe(true);
      await tx.copyFrom('load_parent', ['id'], copyRows(['int4'], [[1]]));
      await tx.copyFrom('load_child', cols, childRows(1, 50, 1));
    });
    const { rows } = await t.db.query<{ n: string }>("SELECT count(*)::text AS n FROM load_child WHERE note = 'note 7 « عربي »' AND parent_id = 1");
    expect(rows[0].n).toBe('1');
    await expect(t.db.query('INSERT INTO load_child VALUES (9999, 2, NULL)')).rejects.toThrow(/foreign key/);
    await t.db.query('DELETE FROM load_child');
    await t.db.query('DELETE FROM load_parent');
  });

  it('writes rows frozen only into new storage: a COPY with freeze into a table that keeps its storage is refused and writes nothing', async () => {
    await expect(t.db.transaction((tx) => tx.copyFrom('load_parent', ['id'], copyRows(['int4'], [[5]]), { freeze: true }))).rejects.toThrow(/FREEZE/);
    expect((await t.db.query('SELECT id FROM load_parent')).rows).toEqual([]);
    if (testDbKind() !== 'pglite') {
      // A server whose log is not minimal keeps its storage (freshStorage), but the COPY itself
      // works wherever a table was emptied in the same transaction (as on a server run with
      // wal_level = minimal, where freshStorage does).
      await t.db.transaction(async (tx) => {
        await tx.query('TRUNCATE load_parent, load_child, load_watcher');
        await tx.copyFrom('load_parent', ['id'], copyRows(['int4'], [[5]]), { freeze: true });
      });
      expect((await t.db.query('SELECT id FROM load_parent')).rows).toEqual([{ id: 5 }]);
      await t.db.query('DELETE FROM load_parent');
      return;
    }
    await t.db.transaction(async (tx) => {
      expect(await freshStorage(tx, ['load_parent', 'load_child'])).toBe(true);
      // As for a large load: the new storage is synced at commit, not logged (tables under 2 MB are).
      await tx.query('SET LOCAL wal_skip_threshold = 0');
      await tx.copyFrom('load_parent', ['id'], copyRows(['int4'], [[5]]), { freeze: true });
      await tx.copyFrom('load_child', cols, childRows(1, 3000, 5), { freeze: true });
    });
    try {
      // Frozen: a first read sets no hint bit, so logs no page (under data checksums, setting one
      // logs the whole page), and the pages the COPY filled from empty are marked all-visible
      // (without freeze, none is until a VACUUM).
      const from = await walLsn(t.db);
      expect((await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM load_child WHERE parent_id = 5')).rows[0].n).toBe('3000');
      expect(await walSince(t.db, from)).toBeLessThan(8192);
      await t.db.query('ANALYZE load_child');
      const { rows } = await t.db.query<{ relpages: number; relallvisible: number }>("SELECT relpages, relallvisible FROM pg_class WHERE relname = 'load_child'");
      expect(rows[0].relpages).toBeGreaterThan(10);
      expect(rows[0].relallvisible).toBeGreaterThan(rows[0].relpages / 2);
    } finally {
      await t.db.query('DELETE FROM load_child');
      await t.db.query('DELETE FROM load_parent');
    }
  });

  it('changes nothing where a table holds a row, or a table referring to them does, or the log is not minimal', async () => {
    await t.db.query('INSERT INTO load_parent VALUES (7)');
    await t.db.query('INSERT INTO load_watcher VALUES (1, NULL)');
    const child = await filenode('load_child');
    await t.db.transaction(async (tx) => {
      expect(await freshStorage(tx, ['load_parent', 'load_child'])).toBe(false);
      // Tables with rows are not locked for the rest of the load.
      const locks = await tx.query("SELECT 1 FROM pg_locks WHERE locktype = 'relation' AND relation = 'load_watcher'::regclass AND mode = 'AccessExclusiveLock' AND pid = pg_backend_pid()");
      expect(locks.rows).toEqual([]);
    });
    expect((await t.db.query('SELECT id FROM load_parent')).rows).toEqual([{ id: 7 }]);
    expect((await t.db.query('SELECT id FROM load_watcher')).rows).toEqual([{ id: 1 }]);
    await t.db.query('DELETE FROM load_parent');
    await t.db.transaction(async (tx) => {
      // Empty load tables, but a row in a table referring to them (with no reference): kept, so nothing is emptied.
      expect(await freshStorage(tx, ['load_parent', 'load_child'])).toBe(false);
    });
    expect((await t.db.query('SELECT id FROM load_watcher')).rows).toEqual([{ id: 1 }]);
    await t.db.query('DELETE FROM load_watcher');
    if (testDbKind() === 'postgres') {
      await t.db.transaction(async (tx) => expect(await freshStorage(tx, ['load_parent', 'load_child'])).toBe(false));
      expect(await filenode('load_child')).toBe(child);
    }
  });

  it('keeps the indexes it is told to and, for a load the caller vouches for, the keys among the tables', async () => {
    const listed = async (q: Queryable) => ({
      indexes: (await q.query<{ n: string }>("SELECT indexrelid::regclass::text AS n FROM pg_index WHERE indrelid = 'load_child'::regclass ORDER BY 1")).rows.map((r) => r.n),
      keys: (await q.query<{ n: string }>("SELECT conname AS n FROM pg_constraint WHERE conrelid = 'load_child'::regclass AND contype = 'f' ORDER BY 1")).rows.map((r) => r.n),
    });
    const before = await listed(t.db);
    expect(before).toEqual({ indexes: ['load_child_note_idx', 'load_child_parent_idx', 'load_child_pkey'], keys: ['load_child_parent_id_fkey'] });
    await t.db.transaction(async (tx) => {
      const restore = await deferIndexes(tx, ['load_parent', 'load_child'], { keep: ['load_child_parent_idx'] });
      expect(await listed(tx)).toEqual({ indexes: ['load_child_parent_idx', 'load_child_pkey'], keys: [] });
      await restore();
      expect(await listed(tx)).toEqual(before);
      const trusted = await deferIndexes(tx, ['load_parent', 'load_child'], { keysTrusted: true });
      expect(await listed(tx)).toEqual({ indexes: ['load_child_pkey'], keys: ['load_child_parent_id_fkey'] });
      await trusted();
    });
    expect(await listed(t.db)).toEqual(before);
    // Re-created keys are checked: a dangling reference loaded meanwhile fails the whole load.
    await expect(t.db.transaction(async (tx) => {
      const restore = await deferIndexes(tx, ['load_parent', 'load_child']);
      await tx.copyFrom('load_child', cols, childRows(1, 2, 42));
      await restore();
    })).rejects.toThrow(/foreign key/);
    expect((await t.db.query('SELECT count(*)::int AS n FROM load_child')).rows).toEqual([{ n: 0 }]);
  });
});

describe.runIf(testDbKind() === 'pglite')('the embedded database', () => {
  it('writes only the WAL crash recovery needs (no replicas, no archive)', async () => {
    const t = await createTestApp();
    try {
      const setting = async (name: string) => (await t.db.query<Record<string, string>>(`SHOW ${name}`)).rows[0][name];
      expect(await setting('wal_level')).toBe('minimal');
      expect(await setting('max_wal_senders')).toBe('0');
    } finally {
      await t.close();
    }
  });
});

describe('flushing a bulk load\'s files as it goes (flushFiles, BackgroundFlush)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisr-flush-'));
    fs.writeFileSync(path.join(dir, 'rel'), 'pages');
    fs.writeFileSync(path.join(dir, 'rel.1'), 'more pages');
    fs.mkdirSync(path.join(dir, 'bad'));
    fs.writeFileSync(path.join(dir, 'segf'), 'x');
    fs.mkdirSync(path.join(dir, 'segf.1')); // a segment that cannot be flushed
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('flushes files with their segments, skips a file that is not there, and fails when one cannot be flushed', async () => {
    await expect(flushFiles([path.join(dir, 'rel'), path.join(dir, 'gone')])).resolves.toBeUndefined();
    await expect(flushFiles([path.join(dir, 'bad')])).rejects.toThrow();
    // Segments are flushed too: one that cannot be is an error.
    await expect(flushFiles([path.join(dir, 'segf')])).rejects.toThrow();
  });

  it('starts a flush every so many rows, one at a time, and reports a failed one', async () => {
    const failing = [path.join(dir, 'bad')];
    // No flush before the threshold: the last one, started by finish, fails when waited for.
    const quiet = new BackgroundFlush(failing, 100);
    quiet.wrote(99);
    const waitLast = await quiet.finish();
    await expect(waitLast()).rejects.toThrow();
    // A flush at the threshold: its failure is reported by finish itself.
    const busy = new BackgroundFlush(failing, 100);
    busy.wrote(60);
    busy.wrote(40);
    await expect(busy.finish()).rejects.toThrow();
    // Files that flush: nothing to report.
    const fine = new BackgroundFlush([path.join(dir, 'rel')], 10);
    for (let i = 0; i < 5; i += 1) fine.wrote(10);
    await (await fine.finish())();
  });
});

describe.runIf(testDbKind() === 'pglite')('the files of relations in an embedded database on disk (relationFiles)', () => {
  it('names the files of tables and their indexes, the new ones once a transaction gave them new storage', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisr-relfiles-'));
    const db = await openDb({ dataDir, loadDataDir: new Blob([fs.readFileSync(inject('pgliteTemplate'))]) });
    try {
      expect(db.dataDir).toBe(dataDir);
      const before = await relationFiles(db, dataDir, ['case_team']);
      // The table and its two indexes, each a file in the folder.
      expect(before).toHaveLength(3);
      for (const f of before) expect(fs.existsSync(f), f).toBe(true);
      await db.transaction(async (tx) => {
        await tx.query('TRUNCATE case_team');
        const after = await relationFiles(tx, dataDir, ['case_team']);
        expect(after).toHaveLength(3);
        expect(after.filter((f) => before.includes(f))).toEqual([]);
        for (const f of after) expect(fs.existsSync(f), f).toBe(true);
        await flushFiles(after);
      });
    } finally {
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
