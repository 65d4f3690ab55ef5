import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app';
import { testDbKind } from './support/test-db';
import { scheduleUpkeep, upkeepEmbedded } from '../src/db/upkeep';

describe('upkeep of the embedded database (upkeepEmbedded)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.db.query('CREATE TABLE upkeep_probe (id int PRIMARY KEY, note text)');
    await t.db.query("INSERT INTO upkeep_probe SELECT i, repeat('x', 200) FROM generate_series(1, 5000) i");
    await t.db.query('DELETE FROM upkeep_probe WHERE id % 2 = 0');
  });
  afterAll(async () => t?.close());

  const probe = async () => (await t.db.query<{ reltuples: number; relallvisible: number }>("SELECT reltuples, relallvisible FROM pg_class WHERE relname = 'upkeep_probe'")).rows[0];

  it.runIf(testDbKind() === 'pglite')('vacuums and analyzes PGlite, which has no autovacuum: statistics as the table is, pages marked all-visible', async () => {
    expect(await probe()).toMatchObject({ reltuples: -1, relallvisible: 0 }); // never analyzed nor vacuumed
    expect(await upkeepEmbedded(t.db)).toBe(true);
    const after = await probe();
    expect(after.reltuples).toBe(2500);
    expect(after.relallvisible).toBeGreaterThan(0);
    const stats = await t.db.query("SELECT 1 FROM pg_stats WHERE tablename = 'upkeep_probe' AND attname = 'id'");
    expect(stats.rows).toHaveLength(1);
  });

  it.runIf(testDbKind() === 'postgres')('leaves a PostgreSQL server to its autovacuum', async () => {
    expect(await upkeepEmbedded(t.db)).toBe(false);
  });

  it('runs on a running server\'s schedule: ten minutes after it starts, then daily, never after stop (PGlite only)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const log = { info: vi.fn(), error: vi.fn() };
      const upkeep = scheduleUpkeep(t.db, log);
      await vi.advanceTimersByTimeAsync(9 * 60_000);
      expect(log.info).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(60_000);
      await vi.waitFor(() => expect(log.info).toHaveBeenCalledTimes(testDbKind() === 'pglite' ? 1 : 0), { timeout: 20_000, interval: 50 });
      await upkeep.stop();
      await vi.advanceTimersByTimeAsync(2 * 24 * 3600_000);
      expect(log.info).toHaveBeenCalledTimes(testDbKind() === 'pglite' ? 1 : 0);
      expect(log.error).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });
});
