import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO, TEST_PASSWORD, makeUser, type TestApp } from './support/test-app';
import { totpCode } from '../src/auth/totp';
import { MAX_FAILURES } from '../src/auth/auth.service';

describe('sign-in, sessions and two-factor authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('signs in with e-mail and password and returns the user and permissions', async () => {
    const c = t.anonymous();
    const r = await c.post('/api/auth/login', { email: DEMO.admin, password: TEST_PASSWORD });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('ok');
    const cookie = r.headers['set-cookie'] as string[];
    const session = cookie.find((x) => x.startsWith('jisr_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Strict/i);
    c.csrf = r.body.csrfToken;
    const s = await c.get('/api/auth/session');
    expect(s.body.stage).toBe('active');
    expect(s.body.user.email).toBe(DEMO.admin);
    expect(s.body.user).not.toHaveProperty('password_hash');
    expect(s.body.permissions).toContain('User:list');
  });

  it('sets the Secure flag on cookies behind TLS', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-forwarded-proto': 'https' }, payload: { email: DEMO.analyst, password: TEST_PASSWORD } });
    // trustProxy is off by default: plain HTTP, no Secure flag; JISR_SECURE_COOKIES forces it.
    expect(String(r.headers['set-cookie'])).not.toMatch(/Secure/);
    const secure = await createTestApp({ secureCookies: true });
    try {
      const r2 = await secure.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: DEMO.analyst, password: TEST_PASSWORD } });
      expect(String(r2.headers['set-cookie'])).toMatch(/Secure/);
    } finally {
      await secure.close();
    }
  });

  it('refuses a wrong password with a message in the user language, and audits it', async () => {
    for (const [locale, word] of [['en', 'not correct'], ['fr', 'incorrect'], ['ar', 'غير صحيحة']] as const) {
      const r = await t.anonymous(locale).post('/api/auth/login', { email: DEMO.analyst, password: 'wrong-password-x' });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('auth.invalid_credentials');
      expect(r.body.error.message).toContain(word);
      expect(r.body.error.requestId).toBeTruthy();
    }
    const { rows } = await t.db.query<{ n: string }>("SELECT count(*)::text AS n FROM audit_log WHERE action = 'auth.login' AND outcome = 'failure'");
    expect(Number(rows[0].n)).toBeGreaterThanOrEqual(3);
  });

  it('rejects unknown fields and names the field in the user language', async () => {
    const r = await t.anonymous('fr').post('/api/auth/login', { email: DEMO.admin, password: 'x', remember: true });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation.failed');
    const unknown = r.body.error.problems.find((p: { code: string }) => p.code === 'validation.unknown_field');
    expect(unknown.field).toBe('remember');
    expect(unknown.message).toContain('« remember »');
    const bad = await t.anonymous('ar').post('/api/auth/login', { email: 'not-an-email', password: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('email');
    expect(bad.body.error.message).toContain('«email»');
    expect(JSON.stringify(bad.body)).not.toMatch(/at .*\.ts/);
  });

  it('locks an account after repeated failures, with a clear message, and the lock holds for the right password', async () => {
    const orgId = t.orgIds.ngo2;
    const u = await makeUser(t.db, orgId, 'caseworker');
    for (let i = 0; i < MAX_FAILURES - 1; i += 1) {
      expect((await t.anonymous().post('/api/auth/login', { email: u.email, password: 'wrong-password-x' })).status).toBe(401);
    }
    const locked = await t.anonymous().post('/api/auth/login', { email: u.email, password: 'wrong-password-x' });
    expect(locked.status).toBe(423);
    expect(locked.body.error.message).toMatch(/locked for 15 minutes/);
    const stillLocked = await t.anonymous().post('/api/auth/login', { email: u.email, password: TEST_PASSWORD });
    expect(stillLocked.status).toBe(423);
    // An admin of that organisation unlocks it.
    await t.db.query("UPDATE users SET locked_until = NULL WHERE id = $1", [u.id]);
    expect((await t.anonymous().post('/api/auth/login', { email: u.email, password: TEST_PASSWORD })).status).toBe(200);
  });

  it('rate-limits sign-in attempts per address across accounts', async () => {
    const limited = await createTestApp();
    try {
      let last = 0;
      for (let i = 0; i < 32; i += 1) {
        last = (await limited.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '203.0.113.9', payload: { email: `nobody${i}@example.org`, password: 'whatever-password' } })).statusCode;
      }
      expect(last).toBe(429);
      const other = await limited.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '203.0.113.10', payload: { email: DEMO.admin, password: TEST_PASSWORD } });
      expect(other.statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('enrols TOTP, then asks for the code at sign-in, refuses a wrong or replayed code', async () => {
    const u = await makeUser(t.db, t.orgIds.police, 'responder');
    const c = await t.as(u.email);
    const setup = await c.post('/api/auth/totp/setup');
    expect(setup.status).toBe(200);
    expect(setup.body.uri).toMatch(/^otpauth:\/\/totp\/Jisr:/);
    expect(setup.body.qrSvg).toContain('<svg');
    const secret = setup.body.secret as string;
    // The secret is stored encrypted.
    const raw = await t.db.query<{ totp_secret_enc: string }>('SELECT totp_secret_enc FROM users WHERE id = $1', [u.id]);
    expect(raw.rows[0].totp_secret_enc).not.toContain(secret);
    expect((await c.post('/api/auth/totp/enable', { code: '000000' })).status).toBe(401);
    const enabled = await c.post('/api/auth/totp/enable', { code: totpCode(secret) });
    expect(enabled.status).toBe(200);

    const c2 = t.anonymous();
    const first = await c2.post('/api/auth/login', { email: u.email, password: TEST_PASSWORD });
    expect(first.body.status).toBe('totp_required');
    // Not signed in yet: protected routes refuse.
    expect((await c2.get('/api/orgs')).status).toBe(401);
    const wrong = await c2.post('/api/auth/login/totp', { code: '123456' });
    expect(wrong.status).toBe(401);
    // The code used at enrolment cannot be replayed (same time step).
    const replay = await c2.post('/api/auth/login/totp', { code: totpCode(secret) });
    expect(replay.status).toBe(401);
    const next = await c2.post('/api/auth/login/totp', { code: totpCode(secret, Date.now() + 30_000) });
    expect(next.status).toBe(200);
    c2.csrf = next.body.csrfToken;
    expect((await c2.get('/api/orgs')).status).toBe(200);
  });

  it('lets an organisation admin require two-factor authentication: users must enrol before anything else', async () => {
    const orgAdmin = await t.as(DEMO['ngo-admin']);
    expect((await orgAdmin.patch('/api/orgs/current', { requireTotp: true })).status).toBe(200);
    const cw = t.anonymous();
    const r = await cw.post('/api/auth/login', { email: DEMO.caseworker, password: TEST_PASSWORD });
    expect(r.body.status, JSON.stringify(r.body)).toBe('totp_enrolment_required');
    cw.csrf = r.body.csrfToken;
    const blocked = await cw.get('/api/orgs');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('auth.totp_enrolment_required');
    const setup = await cw.post('/api/auth/totp/setup');
    expect(setup.status).toBe(200);
    const ok = await cw.post('/api/auth/totp/enable', { code: totpCode(setup.body.secret) });
    expect(ok.status).toBe(200);
    cw.csrf = ok.body.csrfToken;
    expect((await cw.get('/api/orgs')).status).toBe(200);
    // Required by the organisation: cannot be turned off.
    expect((await cw.post('/api/auth/totp/disable', { password: TEST_PASSWORD })).status).toBe(403);
    await orgAdmin.patch('/api/orgs/current', { requireTotp: false });
  });

  it('requires the CSRF token on state changes', async () => {
    const c = await t.as(DEMO.admin);
    const r = await c.request('PATCH', '/api/me', { locale: 'fr' }, { withCsrf: false });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('auth.csrf');
    expect((await c.patch('/api/me', { locale: 'fr' })).status).toBe(200);
    // The saved language now drives error messages.
    const forbidden = await t.as(DEMO.analyst);
    forbidden.locale = 'ar';
    expect((await forbidden.get('/api/users')).body.error.message).toBe('ليست لديك صلاحية القيام بذلك.');
  });

  it('ends sessions on sign-out and after inactivity', async () => {
    const c = await t.as(DEMO.coordinator);
    expect((await c.get('/api/orgs')).status).toBe(200);
    await t.db.query("UPDATE sessions SET last_seen_at = now() - interval '31 minutes'");
    const idle = await c.get('/api/orgs');
    expect(idle.status).toBe(401);
    expect(idle.body.error.code).toBe('auth.session_expired');
    const c2 = await t.as(DEMO.coordinator);
    expect((await c2.post('/api/auth/logout')).status).toBe(200);
    expect((await c2.get('/api/orgs')).status).toBe(401);
  });

  it('changes a password only with the current one and at least 12 characters', async () => {
    const u = await makeUser(t.db, t.orgIds.labour, 'responder');
    const c = await t.as(u.email);
    expect((await c.post('/api/me/password', { currentPassword: 'wrong', newPassword: 'a-new-long-password' })).body.error.code).toBe('auth.password_wrong');
    const short = await c.post('/api/me/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toContain('12');
    expect((await c.post('/api/me/password', { currentPassword: TEST_PASSWORD, newPassword: 'a-new-long-password' })).status).toBe(200);
    expect((await t.anonymous().post('/api/auth/login', { email: u.email, password: 'a-new-long-password' })).status).toBe(200);
  });
});
