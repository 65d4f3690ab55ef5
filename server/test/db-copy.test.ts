import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app';
import { copyLine } from '../src/db/copy-text';

describe('bulk loads with COPY (Queryable.copyFrom) on this database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.db.query('CREATE TABLE copy_probe (id int PRIMARY KEY, note text, tags text[], doc jsonb)');
  });
  afterAll(async () => t?.close());

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
});
