import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO, type TestApp } from './support/test-app';
import { testDbKind } from './support/test-db';
import { appendAudit, verifyAuditChain } from '../src/audit/audit.repository';
import { openDb } from '../src/db/db';
import { migrate } from '../src/db/migrate';

const run = promisify(execFile);

/** Runs `npx jisr audit verify` as a user would, against a database given by environment. */
async function cliVerify(env: Record<string, string>): Promise<{ code: number; out: string }> {
  try {
    const r = await run(process.execPath, ['bin/jisr.mjs', 'audit', 'verify'], { env: { ...process.env, ...env }, timeout: 60000 });
    return { code: 0, out: r.stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('the tamper-evident audit log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    // A few real events: sign-ins, a failed sign-in, a role change.
    await t.as(DEMO.admin);
    await t.anonymous().post('/api/auth/login', { email: DEMO.admin, password: 'wrong-password-x' });
    await t.as(DEMO.coordinator);
    await t.as(DEMO.analyst);
  });
  afterAll(async () => t?.close());

  it('records who, when, what, from where and the outcome', async () => {
    const { rows } = await t.db.query<{ action: string; outcome: string; ip: string; actor_user_id: string | null; at: Date }>(
      "SELECT action, outcome, ip, actor_user_id, at FROM audit_log WHERE action = 'auth.login' ORDER BY id",
    );
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.some((r) => r.outcome === 'failure')).toBe(true);
    for (const r of rows) {
      expect(r.ip).toBeTruthy();
      expect(r.actor_user_id).toBeTruthy();
      expect(new Date(r.at).getTime()).toBeGreaterThan(Date.now() - 600_000);
    }
  });

  it("shows an admin their organisation's entries newest first, page by page, past entry 9", async () => {
    // Enough sign-ins for ids of one and two digits (text would sort "9" above "17").
    for (let i = 0; i < 10; i += 1) await t.as(DEMO.admin);
    const admin = await t.as(DEMO.admin);
    const { rows } = await t.db.query<{ id: string }>(
      "SELECT a.id::text AS id FROM audit_log a JOIN users u ON u.org_id = a.actor_org_id WHERE u.email = $1 ORDER BY a.id DESC",
      [DEMO.admin],
    );
    expect(rows.length).toBeGreaterThan(10);
    const seen: string[] = [];
    for (let before: string | undefined; ; ) {
      const page = await admin.get<{ entries: Array<{ id: string }> }>(`/api/audit?limit=4${before ? `&before=${before}` : ''}`);
      expect(page.status).toBe(200);
      if (page.body.entries.length === 0) break;
      seen.push(...page.body.entries.map((e) => e.id));
      before = page.body.entries.at(-1)!.id;
    }
    expect(seen).toEqual(rows.map((r) => r.id));
  });

  it('verifies an intact chain', async () => {
    const result = await verifyAuditChain(t.db);
    expect(result.ok).toBe(true);
    expect(result.entries).toBeGreaterThanOrEqual(5);
  });

  it('names the first altered entry, the first entry after a removed one, and removal at the end', async () => {
    const ids = (await t.db.query<{ id: string }>('SELECT id::text AS id FROM audit_log ORDER BY audit_log.id')).rows.map((r) => r.id);
    const victim = ids[2];
    await t.db.query("UPDATE audit_log SET outcome = 'success' WHERE id = $1", [victim]);
    const altered = await verifyAuditChain(t.db);
    expect(altered).toMatchObject({ ok: false, firstBadId: victim, problem: 'altered' });
    await t.db.query('DELETE FROM audit_log WHERE id = $1', [victim]);
    const removed = await verifyAuditChain(t.db);
    expect(removed).toMatchObject({ ok: false, firstBadId: ids[3], problem: 'removed_before' });
  });

  it('detects entries removed from the end', async () => {
    const fresh = await createTestApp();
    try {
      await fresh.as(DEMO.admin);
      await fresh.as(DEMO.analyst);
      expect((await verifyAuditChain(fresh.db)).ok).toBe(true);
      await fresh.db.query('DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)');
      expect(await verifyAuditChain(fresh.db)).toMatchObject({ ok: false, problem: 'removed_at_end' });
    } finally {
      await fresh.close();
    }
  });

  it('serialises concurrent appends into one chain', async () => {
    const fresh = await createTestApp();
    try {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          fresh.db.transaction((tx) => appendAudit(tx, [{ actorUserId: null, actorOrgId: null, action: 'test.concurrent', resourceType: 'Test', resourceId: String(i), outcome: 'success' }])),
        ),
      );
      expect((await verifyAuditChain(fresh.db)).ok).toBe(true);
    } finally {
      await fresh.close();
    }
  });

  it('`npx jisr audit verify` reports an intact log, then names the tampered entry', async () => {
    let env: Record<string, string>;
    let tamper: (sql: string) => Promise<void>;
    let cleanup = async () => undefined as void;
    if (testDbKind() === 'postgres') {
      const app = await createTestApp();
      await app.as(DEMO.admin);
      await app.as(DEMO.analyst);
      env = { DATABASE_URL: app.dbUrl! };
      tamper = async (sql) => void (await app.db.query(sql));
      cleanup = () => app.close();
    } else {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisr-cli-'));
      const db = await openDb({ dataDir: path.join(dataDir, 'pglite') });
      await migrate(db);
      for (let i = 0; i < 4; i += 1) {
        await db.transaction((tx) => appendAudit(tx, [{ actorUserId: null, actorOrgId: null, action: 'test.event', resourceType: 'Test', resourceId: String(i), outcome: 'success' }]));
      }
      await db.close();
      env = { JISR_DATA_DIR: dataDir, DATABASE_URL: '' };
      tamper = async (sql) => {
        const d = await openDb({ dataDir: path.join(dataDir, 'pglite') });
        await d.query(sql);
        await d.close();
      };
      cleanup = async () => fs.rmSync(dataDir, { recursive: true, force: true });
    }
    try {
      const ok = await cliVerify(env);
      expect(ok.code, ok.out).toBe(0);
      expect(ok.out).toMatch(/intact/);
      await tamper("UPDATE audit_log SET resource_id = 'forged' WHERE id = (SELECT min(id) + 1 FROM audit_log)");
      const broken = await cliVerify(env);
      expect(broken.code).toBe(1);
      expect(broken.out).toMatch(/entry #\d+ was altered/);
    } finally {
      await cleanup();
    }
  });
});
