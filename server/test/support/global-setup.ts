import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDb, dumpPglite } from '../../src/db/db';
import { migrate } from '../../src/db/migrate';

export const PG_ADMIN_URL = process.env.JISR_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string;
  }
}

/**
 * Runs once per test run: builds a migrated PGlite database and dumps it to a file, and a
 * migrated PostgreSQL template database, so each test file clones a fresh database in well
 * under a second instead of creating one.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const tag = `${process.pid}_${Date.now().toString(36)}`;
  const lite = await openDb({});
  await migrate(lite);
  const dump = await dumpPglite(lite);
  await lite.close();
  const file = path.join(os.tmpdir(), `jisr-pglite-template-${tag}.tar`);
  fs.writeFileSync(file, Buffer.from(await dump!.arrayBuffer()));
  project.provide('pgliteTemplate', file);

  const pgTemplate = `jisr_tpl_${tag}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${pgTemplate}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${pgTemplate}`;
  const tplDb = await openDb({ databaseUrl: url.toString(), poolSize: 1 });
  await migrate(tplDb);
  await tplDb.close();
  project.provide('pgTemplate', pgTemplate);

  return async () => {
    fs.rmSync(file, { force: true });
    const c = new pg.Client({ connectionString: PG_ADMIN_URL });
    await c.connect();
    const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`jisr_%${tag}%`]);
    for (const r of rows) await c.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
    await c.end();
  };
}
