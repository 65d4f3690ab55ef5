/** Database plumbing shared by the benchmarks: a named scratch database on PostgreSQL or a PGlite folder. */
import pg from 'pg';
import { openDb, type Db } from '../../server/src/db/db';
import { migrate } from '../../server/src/db/migrate';
import { seedDemo } from '../../server/src/orgs/demo-seed';

export const ADMIN_URL = process.env.JISR_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export type BenchKind = 'pglite' | 'postgres';

/** Runs one statement as the administrator (CREATE/DROP DATABASE). */
export async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  await c.query(sql);
  await c.end();
}

/** The URL of a named scratch database on the benchmark server. */
export function benchUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Opens the scratch database: PostgreSQL by name, or PGlite in the folder. */
export function openBenchDb(kind: BenchKind, name: string, dir: string | undefined): Promise<Db> {
  return kind === 'pglite' ? openDb({ dataDir: dir }) : openDb({ databaseUrl: benchUrl(name), poolSize: 4 });
}

/** Drops the named PostgreSQL scratch database if it exists. */
export function dropBenchDb(name: string): Promise<void> {
  return admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** A fresh scratch database, migrated, with the demo country seeded; left open for the caller. */
export async function freshBenchDb(kind: BenchKind, name: string, dir: string | undefined): Promise<Db> {
  if (kind === 'postgres') {
    await dropBenchDb(name);
    await admin(`CREATE DATABASE ${name}`);
  }
  const db = await openBenchDb(kind, name, dir);
  await migrate(db);
  await seedDemo(db, 'bench-password-not-secret');
  return db;
}
