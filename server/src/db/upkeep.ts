/**
 * Upkeep of the embedded database. PGlite runs PostgreSQL as its single user, without the
 * autovacuum a server runs in the background: nothing would ever reclaim the room of deleted and
 * updated rows (sessions purged, jobs done, cases edited) or refresh the planner's statistics,
 * without which it plans every query as if the tables were as they were created. So a running
 * Jisr on PGlite vacuums and analyzes the whole database itself, now and then (server.ts). Pages
 * a bulk import wrote frozen are skipped by the vacuum. 100,000 imported cases on a 2-core
 * machine: about 0.4 s of vacuum and 1.6 s of analysis, during which other queries wait (PGlite
 * runs one statement at a time). A PostgreSQL server is left to its autovacuum.
 */
import type { Db } from './db';

/** How often a running server does it: first soon after it starts, then once a day. */
const UPKEEP_FIRST_AFTER_MS = 10 * 60_000;
const UPKEEP_EVERY_MS = 24 * 3600_000;

/** Vacuums and analyzes the embedded database; false (and nothing done) on a PostgreSQL server. */
export async function upkeepEmbedded(db: Db): Promise<boolean> {
  if (db.kind !== 'pglite') return false;
  await db.query('VACUUM (ANALYZE)');
  return true;
}

/**
 * Runs upkeepEmbedded on the embedded database of a running server, on the schedule above (nothing
 * on PostgreSQL). stop() cancels what is scheduled and waits for a run under way.
 */
export function scheduleUpkeep(db: Db, log: { info(o: object, m: string): void; error(o: object, m: string): void }): { stop(): Promise<void> } {
  if (db.kind !== 'pglite') return { stop: async () => undefined };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const next = (after: number) => {
    timer = setTimeout(() => {
      const started = performance.now();
      running = upkeepEmbedded(db)
        .then(() => log.info({ ms: Math.round(performance.now() - started) }, 'embedded database vacuumed and analyzed'))
        .catch((err: unknown) => log.error({ err }, 'embedded database upkeep failed'))
        .finally(() => {
          if (!stopped) next(UPKEEP_EVERY_MS);
        });
    }, after);
    timer.unref();
  };
  next(UPKEEP_FIRST_AFTER_MS);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
