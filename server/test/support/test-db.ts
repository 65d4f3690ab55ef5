import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openDb, type Db } from '../../src/db/db';
import { PG_ADMIN_URL } from './global-setup';

export type TestDbKind = 'pglite' | 'postgres';

/** Which database this test project runs on (JISR_TEST_DB, set per vitest project). */
export function testDbKind(): TestDbKind {
  return process.env.JISR_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

/** A fresh, migrated database cloned from the run's template; also returns its URL on PostgreSQL. */
export async function freshDb(kind: TestDbKind = testDbKind()): Promise<{ db: Db; url?: string; drop: () => Promise<void> }> {
  if (kind === 'pglite') {
    const file = inject('pgliteTemplate');
    const db = await openDb({ loadDataDir: new Blob([fs.readFileSync(file)]) });
    return { db, drop: () => db.close() };
  }
  const template = inject('pgTemplate');
  const name = `${template.replace('jisr_tpl_', 'jisr_t_')}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const db = await openDb({ databaseUrl: url.toString(), poolSize: 5 });
  return {
    db,
    url: url.toString(),
    drop: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
