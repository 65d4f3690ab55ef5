import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app';
import { testDbKind } from './support/test-db';
import { CopyBinary, copyRows, type CopyType } from '../src/db/copy-binary';
import { trustReferences } from '../src/db/bulk-load';
import type { Queryable } from '../src/db/db';

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
