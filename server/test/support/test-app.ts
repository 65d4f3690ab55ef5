import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { FieldCipher, newKeyRing } from '../../src/crypto/field-crypto';
import { seedDemo, DEMO_USERS } from '../../src/orgs/demo-seed';
import type { Deps } from '../../src/deps';
import type { Db } from '../../src/db/db';
import { freshDb } from './test-db';
import { hashPassword } from '../../src/auth/password';
import { insertOrg, insertUser } from '../../src/orgs/orgs.repository';
import type { Role, OrgType, Locale } from '../../../common/roles';

export const TEST_PASSWORD = 'test-password-not-secret';

/** A test configuration: no real data folder, no background polling. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const dataDir = path.join(os.tmpdir(), `jisr-test-${crypto.randomBytes(4).toString('hex')}`);
  return { ...loadConfig({}), dataDir, keyFile: path.join(dataDir, 'keys.json'), runJobs: false, seedDemo: false, ...overrides };
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** The response of a test request, with the body parsed. */
export interface TestResponse<T = any> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
}

/** An HTTP client for one user: keeps cookies and the CSRF token like a browser would. */
export class TestClient {
  private cookies = new Map<string, string>();
  csrf = '';
  constructor(private readonly app: FastifyInstance, public locale: Locale = 'en') {}

  /** Sends a request; state changes carry the CSRF token unless withCsrf is false. */
  async request<T = any>(method: Method, url: string, body?: unknown, opts: { withCsrf?: boolean; headers?: Record<string, string> } = {}): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { 'x-jisr-locale': this.locale, ...opts.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET' && opts.withCsrf !== false && this.csrf) headers['x-csrf-token'] = this.csrf;
    const res = await this.app.inject({ method, url, headers, ...(body !== undefined ? { payload: body as object } : {}) });
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && new Date(c.expires) < new Date())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const text = res.body;
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: res.statusCode, body: parsed as T, headers: res.headers };
  }

  get<T = any>(url: string) {
    return this.request<T>('GET', url);
  }
  post<T = any>(url: string, body?: unknown) {
    return this.request<T>('POST', url, body ?? {});
  }
  patch<T = any>(url: string, body?: unknown) {
    return this.request<T>('PATCH', url, body ?? {});
  }
  put<T = any>(url: string, body?: unknown) {
    return this.request<T>('PUT', url, body ?? {});
  }
  delete<T = any>(url: string) {
    return this.request<T>('DELETE', url);
  }

  /** Signs in with e-mail and password (and TOTP code if asked); throws unless the session is active. */
  async login(email: string, password = TEST_PASSWORD): Promise<this> {
    await this.get('/api/auth/session');
    const r = await this.request('POST', '/api/auth/login', { email, password });
    if (r.status !== 200 || r.body.status !== 'ok') throw new Error(`login failed for ${email}: ${r.status} ${JSON.stringify(r.body)}`);
    this.csrf = r.body.csrfToken;
    return this;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** A Jisr app on a fresh database with the demo country seeded (password TEST_PASSWORD). */
export interface TestApp {
  app: FastifyInstance & { jisrRoutes: Array<{ method: string; url: string; hasPolicy: boolean }> };
  deps: Deps;
  db: Db;
  dbUrl?: string;
  orgIds: Record<string, string>;
  /** A new client signed in as a demo user by e-mail (e.g. 'caseworker@demo.jisr.example'). */
  as(email: string, locale?: Locale): Promise<TestClient>;
  anonymous(locale?: Locale): TestClient;
  close(): Promise<void>;
}

/** Builds a test app on a fresh database of this project's kind (PGlite or PostgreSQL). */
export async function createTestApp(configOverrides: Partial<Config> = {}): Promise<TestApp> {
  const { db, url, drop } = await freshDb();
  const config = testConfig(configOverrides);
  const deps: Deps = { db, config, cipher: new FieldCipher(newKeyRing()) };
  const seeded = await seedDemo(db, TEST_PASSWORD);
  const app = await buildApp(deps);
  return {
    app,
    deps,
    db,
    dbUrl: url,
    orgIds: seeded!.orgIds,
    as: async (email, locale = 'en') => new TestClient(app, locale).login(email),
    anonymous: (locale = 'en') => new TestClient(app, locale),
    close: async () => {
      await app.close();
      await drop();
    },
  };
}

export const DEMO = Object.fromEntries(DEMO_USERS.map((u) => [u.email.split('@')[0], u.email])) as Record<string, string>;

/** Factory: a new organisation. */
export async function makeOrg(db: Db, type: OrgType = 'ngo', name = `Test org ${crypto.randomBytes(3).toString('hex')}`): Promise<string> {
  const id = crypto.randomUUID();
  await insertOrg(db, { id, name, org_type: type, country: 'XX', require_totp: false });
  return id;
}

/** Factory: a new user with TEST_PASSWORD; returns the e-mail and id. */
export async function makeUser(db: Db, orgId: string, role: Role, locale: Locale = 'en'): Promise<{ id: string; email: string }> {
  const id = crypto.randomUUID();
  const email = `${role}-${id.slice(0, 8)}@test.jisr.example`;
  await insertUser(db, { id, orgId, email, displayName: `Test ${role}`, role, passwordHash: await hashPassword(TEST_PASSWORD), locale });
  return { id, email };
}
