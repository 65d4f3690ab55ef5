import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { openDb, type Db } from '../src/db/db';
import { FieldCipher, newKeyRing } from '../src/crypto/field-crypto';
import { JobWorker, enqueue } from '../src/jobs/queue';
import { createTestApp, DEMO, TEST_PASSWORD, TestClient, testConfig, type TestApp } from './support/test-app';
import { testDbKind } from './support/test-db';

describe.skipIf(testDbKind() === 'pglite')('two app instances on one PostgreSQL', () => {
  let t: TestApp;
  let second: Awaited<ReturnType<typeof buildApp>>;
  let secondDb: Db;
  beforeAll(async () => {
    t = await createTestApp();
    secondDb = await openDb({ databaseUrl: t.dbUrl!, poolSize: 3 });
    second = await buildApp({ db: secondDb, config: testConfig(), cipher: new FieldCipher(newKeyRing()) });
  });
  afterAll(async () => {
    await second?.close();
    await secondDb?.close();
    await t?.close();
  });

  it('signs in through one instance and acts through the other', async () => {
    const viaA = new TestClient(t.app);
    const login = await viaA.request('POST', '/api/auth/login', { email: DEMO.admin, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    const cookie = viaA.cookieHeader();
    const r = await second.inject({ method: 'GET', url: '/api/users', headers: { cookie } });
    expect(r.statusCode).toBe(200);
    const change = await second.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { cookie, 'x-csrf-token': login.body.csrfToken },
      payload: { locale: 'ar' },
    });
    expect(change.statusCode).toBe(200);
    // Sign-out through B ends the session on A too.
    await second.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, 'x-csrf-token': login.body.csrfToken } });
    expect((await viaA.get('/api/users')).status).toBe(401);
  });

  it('shares lockout counters between instances', async () => {
    for (let i = 0; i < 5; i += 1) {
      const app = i % 2 === 0 ? t.app : second;
      await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: DEMO.analyst, password: 'wrong-password-x' } });
    }
    const r = await second.inject({ method: 'POST', url: '/api/auth/login', payload: { email: DEMO.analyst, password: TEST_PASSWORD } });
    expect(r.statusCode).toBe(423);
  });

  it('runs each queued job exactly once with two competing workers', async () => {
    await t.db.query('CREATE TABLE job_effects (job_id text, worker text)');
    const workers = [new JobWorker(t.db), new JobWorker(secondDb)].map((w) =>
      w.handle('test.effect', async (tx, _payload, job) => {
        await tx.query('INSERT INTO job_effects (job_id, worker) VALUES ($1, $2)', [job.id, w.id]);
      }),
    );
    for (let i = 0; i < 60; i += 1) await enqueue(t.db, 'test.effect', { i });
    await Promise.all([workers[0].drain(), workers[1].drain(), workers[0].drain(), workers[1].drain()]);
    const { rows } = await t.db.query<{ n: string; distinct_jobs: string; workers: string }>(
      'SELECT count(*)::text AS n, count(DISTINCT job_id)::text AS distinct_jobs, count(DISTINCT worker)::text AS workers FROM job_effects',
    );
    expect(rows[0]).toMatchObject({ n: '60', distinct_jobs: '60' });
    const done = await t.db.query<{ n: string }>("SELECT count(*)::text AS n FROM jobs WHERE kind = 'test.effect' AND status = 'done'");
    expect(done.rows[0].n).toBe('60');
  });
});

describe('the job queue', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.db.query('CREATE TABLE job_effects2 (n int)');
  });
  afterAll(async () => t?.close());

  it('rolls back a failed job with its effects and retries it later, then marks it failed', async () => {
    let calls = 0;
    const w = new JobWorker(t.db, { error: () => undefined }).handle('test.flaky', async (tx) => {
      calls += 1;
      await tx.query('INSERT INTO job_effects2 (n) VALUES (1)');
      throw new Error('boom');
    });
    const id = await enqueue(t.db, 'test.flaky', {}, { maxAttempts: 2 });
    expect(await w.runOne()).toBe(true);
    expect((await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM job_effects2')).rows[0].n).toBe('0');
    await t.db.query('UPDATE jobs SET run_at = now() WHERE id = $1', [id]);
    await w.runOne();
    const job = (await t.db.query<{ status: string; attempts: number }>('SELECT status, attempts FROM jobs WHERE id = $1', [id])).rows[0];
    expect(job).toEqual({ status: 'failed', attempts: 2 });
    expect(calls).toBe(2);
  });

  it('runs jobs queued at the same moment in the order they were queued, past the tenth', async () => {
    const order: number[] = [];
    const w = new JobWorker(t.db, { error: () => undefined }).handle('test.fifo', async (_tx, payload) => {
      order.push(payload.n as number);
    });
    // One transaction: every job has the same run_at (now()), so only their ids order them.
    await t.db.transaction(async (tx) => {
      for (let n = 1; n <= 12; n += 1) await enqueue(tx, 'test.fifo', { n });
    });
    while (await w.runOne()) { /* next */ }
    expect(order).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('deduplicates jobs by key', async () => {
    expect(await enqueue(t.db, 'test.once', {}, { dedupeKey: 'deadline:abc' })).toBeTruthy();
    expect(await enqueue(t.db, 'test.once', {}, { dedupeKey: 'deadline:abc' })).toBeNull();
  });
});
