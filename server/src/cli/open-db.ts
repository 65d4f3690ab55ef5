import path from 'node:path';
import type { Config } from '../config';
import { openDb, type Db } from '../db/db';
import { migrate } from '../db/migrate';

/** Opens the configured database for a command-line tool (embedded: the server must be stopped, PGlite admits one process). */
export async function openConfiguredDb(config: Config): Promise<Db> {
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pglite') });
  await migrate(db);
  return db;
}
