import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDb, type Db } from './db';

// The embedded database on disk keeps what it committed through a crash: PostgreSQL's flushes reach
// the disk (PGlite alone never flushes), and a killed process loses nothing committed.

const dirs: string[] = [];
const freshDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisr-durable-'));
  dirs.push(dir);
  return path.join(dir, 'db');
};
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const countFiles = (dir: string): number =>
  fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? countFiles(path.join(dir, e.name)) : e.isFile() ? 1 : 0), 0);

describe('embedded database on disk', () => {
  it('flushes a new folder, each commit and each checkpoint to the disk', async () => {
    const dir = freshDir();
    const fsync = vi.spyOn(fs, 'fsyncSync');
    const db: Db = await openDb({ dataDir: dir });
    try {
      // Every file of the new folder once, at least.
      expect(fsync.mock.calls.length).toBeGreaterThanOrEqual(countFiles(dir));
      expect((await db.query<{ fsync: string }>('SHOW fsync')).rows[0].fsync).toBe('on');
      await db.query('CREATE TABLE kept (n int)');
      fsync.mockClear();
      await db.query('INSERT INTO kept VALUES (1)');
      expect(fsync).toHaveBeenCalled(); // the WAL, at commit
      await db.query('INSERT INTO kept VALUES (2)');
      fsync.mockClear();
      await db.query('CHECKPOINT');
      expect(fsync).toHaveBeenCalled(); // the table's file
    } finally {
      await db.close();
    }
  });

  it('looks for missing files without an error from the host', async () => {
    // PostgreSQL looks for files that are not there (the forks of a new table, a new index's free
    // space map: thousands of times in a bulk import); NODEFS asked the host for each and turned
    // the thrown error into PostgreSQL's "no such file".
    const db: Db = await openDb({ dataDir: freshDir() });
    try {
      const lstat = vi.spyOn(fs, 'lstatSync');
      await db.query('CREATE TABLE looked (n int)');
      await db.query('INSERT INTO looked SELECT generate_series(1, 10000)');
      await db.query('DELETE FROM looked WHERE n % 2 = 0');
      await db.query('VACUUM looked');
      await db.query('INSERT INTO looked SELECT generate_series(1, 10)');
      expect((await db.query<{ n: string }>('SELECT count(*)::text AS n FROM looked')).rows[0].n).toBe('5010');
      const missing = lstat.mock.results.filter((r) => r.type === 'return' && r.value === undefined);
      expect(missing.length).toBeGreaterThan(0);
      expect(lstat.mock.results.filter((r) => r.type === 'throw')).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('keeps what was committed when the process is killed', async () => {
    const dir = freshDir();
    const dbModule = fileURLToPath(new URL('./db.ts', import.meta.url));
    const script = `
      const { openDb } = await import(${JSON.stringify(dbModule)});
      const db = await openDb({ dataDir: ${JSON.stringify(dir)} });
      await db.query('CREATE TABLE kept (n int)');
      await db.transaction(async (tx) => { await tx.query('INSERT INTO kept SELECT generate_series(1, 1000)'); });
      await db.query('BEGIN');
      await db.query('INSERT INTO kept VALUES (-1)'); // never committed
      process.stdout.write('committed\\n');
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => b.toString().includes('committed') && resolve());
      child.on('exit', (code) => reject(new Error(`child ended early (${code})`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const db = await openDb({ dataDir: dir });
    try {
      const { rows } = await db.query<{ n: number; min: number }>('SELECT count(*)::int AS n, min(n) AS min FROM kept');
      expect(rows[0]).toEqual({ n: 1000, min: 1 });
    } finally {
      await db.close();
    }
  });
});
