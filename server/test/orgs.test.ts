import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO, makeUser, type TestApp } from './support/test-app';

describe('organisations and their users', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('401 without a session, 403 for roles that may not manage users', async () => {
    expect((await t.anonymous().get('/api/users')).status).toBe(401);
    for (const who of ['coordinator', 'caseworker', 'responder', 'analyst']) {
      const c = await t.as(DEMO[who]);
      expect((await c.get('/api/users')).status, who).toBe(403);
      expect((await c.post('/api/users', { email: 'x@y.example', displayName: 'X', role: 'analyst', password: 'long-enough-password' })).status, who).toBe(403);
    }
  });

  it('an admin sees only the users of their own organisation', async () => {
    const nraAdmin = await t.as(DEMO.admin);
    const r = await nraAdmin.get('/api/users');
    expect(r.status).toBe(200);
    const emails = r.body.users.map((u: { email: string }) => u.email).sort();
    expect(emails).toEqual([DEMO.admin, DEMO.analyst, DEMO.coordinator].sort());
    const ngoAdmin = await t.as(DEMO['ngo-admin']);
    const r2 = await ngoAdmin.get('/api/users');
    expect(r2.body.users.map((u: { email: string }) => u.email).sort()).toEqual([DEMO.caseworker, DEMO['ngo-admin']].sort());
    expect(JSON.stringify(r2.body)).not.toMatch(/password|totp_secret/);
  });

  it('creates users with a validated body and refuses duplicates', async () => {
    const admin = await t.as(DEMO['ngo-admin']);
    const bad = await admin.post('/api/users', { email: 'new@demo.jisr.example', displayName: 'New', role: 'superuser', password: 'long-enough-password' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('role');
    const short = await admin.post('/api/users', { email: 'new@demo.jisr.example', displayName: 'New', role: 'caseworker', password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.code).toBe('auth.password_too_short');
    const ok = await admin.post('/api/users', { email: 'new@demo.jisr.example', displayName: 'New', role: 'caseworker', password: 'long-enough-password' });
    expect(ok.status).toBe(201);
    expect(ok.body.role).toBe('caseworker');
    const dup = await admin.post('/api/users', { email: 'NEW@demo.jisr.example', displayName: 'New', role: 'caseworker', password: 'long-enough-password' });
    expect(dup.status).toBe(409);
    const login = await t.anonymous().post('/api/auth/login', { email: 'new@demo.jisr.example', password: 'long-enough-password' });
    expect(login.status).toBe(200);
  });

  it('changes roles within the organisation only, audits the change, and never across organisations', async () => {
    const nraAdmin = await t.as(DEMO.admin);
    const target = await makeUser(t.db, t.orgIds.nra, 'analyst');
    const r = await nraAdmin.patch(`/api/users/${target.id}`, { role: 'coordinator' });
    expect(r.status).toBe(200);
    expect(r.body.role).toBe('coordinator');
    const { rows } = await t.db.query<{ details: { from: string; to: string } }>(
      "SELECT details FROM audit_log WHERE action = 'user.role_change' AND resource_id = $1",
      [target.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].details).toEqual({ from: 'analyst', to: 'coordinator' });

    const foreign = await makeUser(t.db, t.orgIds.ngo1, 'caseworker');
    const cross = await nraAdmin.patch(`/api/users/${foreign.id}`, { role: 'admin' });
    expect(cross.status).toBe(404);
    const still = await t.db.query<{ role: string }>('SELECT role FROM users WHERE id = $1', [foreign.id]);
    expect(still.rows[0].role).toBe('caseworker');

    const self = await nraAdmin.request('GET', '/api/auth/session');
    const selfChange = await nraAdmin.patch(`/api/users/${self.body.user.id}`, { role: 'analyst' });
    expect(selfChange.status).toBe(400);
  });

  it('sets a supervisor from the same organisation only, audited', async () => {
    const admin = await t.as(DEMO.admin);
    const worker = await makeUser(t.db, t.orgIds.nra, 'coordinator');
    const boss = await makeUser(t.db, t.orgIds.nra, 'coordinator');
    const outsider = await makeUser(t.db, t.orgIds.ngo1, 'caseworker');
    const ok = await admin.patch(`/api/users/${worker.id}`, { supervisorId: boss.id });
    expect(ok.status).toBe(200);
    expect(ok.body.supervisorId).toBe(boss.id);
    const bad = await admin.patch(`/api/users/${worker.id}`, { supervisorId: outsider.id });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('users.invalid_supervisor');
    const cleared = await admin.patch(`/api/users/${worker.id}`, { supervisorId: null });
    expect(cleared.body.supervisorId).toBeNull();
    const { rows } = await t.db.query<{ n: string }>("SELECT count(*)::text AS n FROM audit_log WHERE action = 'user.supervisor_change' AND resource_id = $1", [worker.id]);
    expect(rows[0].n).toBe('2');
  });

  it('disabling a user ends their sessions', async () => {
    const admin = await t.as(DEMO.admin);
    const u = await makeUser(t.db, t.orgIds.nra, 'analyst');
    const c = await t.as(u.email);
    expect((await c.get('/api/orgs')).status).toBe(200);
    expect((await admin.patch(`/api/users/${u.id}`, { disabled: true })).status).toBe(200);
    expect((await c.get('/api/orgs')).status).toBe(401);
    expect((await t.anonymous().post('/api/auth/login', { email: u.email, password: 'test-password-not-secret' })).status).toBe(401);
  });

  it('lists organisations to every signed-in user (to choose a referral receiver)', async () => {
    const c = await t.as(DEMO.responder);
    const r = await c.get('/api/orgs');
    expect(r.status).toBe(200);
    expect(r.body.orgs.map((o: { type: string }) => o.type).sort()).toEqual(['labour_inspectorate', 'ngo', 'ngo', 'nra', 'police']);
  });
});
