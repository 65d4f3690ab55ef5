import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makeUser, type TestApp } from './support/test-app';
import { testDbKind } from './support/test-db';
import { FieldCipher, saveKeyRing, loadKeyRing, newKeyRing } from '../src/crypto/field-crypto';
import { rotateKeys } from '../src/crypto/key-rotation';
import { ENCRYPTED_COLUMNS } from '../src/crypto/encrypted-columns';

const run = promisify(execFile);

describe('key rotation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  async function enrolSomeone(): Promise<string> {
    const u = await makeUser(t.db, t.orgIds.ngo1, 'caseworker');
    const c = await t.as(u.email);
    await c.post('/api/auth/totp/setup');
    return u.id;
  }

  it('re-encrypts every registered column under a new primary key while old values stay readable', async () => {
    const userId = await enrolSomeone();
    const before = (await t.db.query<{ v: string }>('SELECT totp_secret_enc AS v FROM users WHERE id = $1', [userId])).rows[0].v;
    const plain = t.deps.cipher.decrypt(before, 'users.totp_secret');
    const ring = JSON.parse(JSON.stringify((t.deps.cipher as unknown as { ring: ReturnType<typeof newKeyRing> }).ring));
    const { ring: next, values } = await rotateKeys(t.db, ring, undefined);
    expect(values).toBeGreaterThanOrEqual(1);
    const after = (await t.db.query<{ v: string }>('SELECT totp_secret_enc AS v FROM users WHERE id = $1', [userId])).rows[0].v;
    expect(FieldCipher.keyIdOf(after)).toBe(next.primary);
    expect(FieldCipher.keyIdOf(after)).not.toBe(FieldCipher.keyIdOf(before));
    expect(new FieldCipher(next).decrypt(after, 'users.totp_secret')).toBe(plain);
    t.deps.cipher.reload(next); // as a running server does when the key file changes
    // Nothing is left under an old key.
    for (const col of ENCRYPTED_COLUMNS) {
      const { rows } = await t.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${col.table} WHERE ${col.column} IS NOT NULL AND ${col.column} NOT LIKE $1`, [`v1:${next.primary}:%`]);
      expect(rows[0].n, `${col.table}.${col.column}`).toBe('0');
    }
  });

  it.skipIf(testDbKind() === 'pglite')('`npx jisr keys rotate` writes the new ring to the key file and re-encrypts', async () => {
    const userId = await enrolSomeone();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisr-keys-'));
    const keyFile = path.join(dir, 'keys.json');
    const ring = (t.deps.cipher as unknown as { ring: ReturnType<typeof newKeyRing> }).ring;
    saveKeyRing(keyFile, ring);
    try {
      const r = await run(process.execPath, ['bin/jisr.mjs', 'keys', 'rotate'], { env: { ...process.env, DATABASE_URL: t.dbUrl!, JISR_KEY_FILE: keyFile }, timeout: 60000 });
      expect(r.stdout).toMatch(/New primary key/);
      const next = loadKeyRing({ keyFile, create: false });
      expect(next.primary).not.toBe(ring.primary);
      expect(Object.keys(next.keys)).toContain(ring.primary);
      const after = (await t.db.query<{ v: string }>('SELECT totp_secret_enc AS v FROM users WHERE id = $1', [userId])).rows[0].v;
      expect(FieldCipher.keyIdOf(after)).toBe(next.primary);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
