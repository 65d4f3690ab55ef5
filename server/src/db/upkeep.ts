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
export const UPKEEP_FIRST_AFTER_MS = 10 * 60_000;
export const UPKEEP_EVERY_MS = 24 * 3600_000;

/** Vacuums and analyzes the embedded database; false (and nothing done) on a PostgreSQL server. */
export async function upkeepEmbedded(db: Db): Promise<boolean> {
  if (db.kind !== 'pglite') return false;
  await db.query('VACUUM (ANALYZE)');
  return true;
}
