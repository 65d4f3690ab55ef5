import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FieldCipher, loadKeyRing, newKeyRing, nextIv, saveKeyRing } from './field-crypto';
import { addPrimaryKey } from './key-rotation';

describe('field encryption (AES-256-GCM)', () => {
  it('round-trips text, including Arabic, and never contains the plaintext', () => {
    const c = new FieldCipher(newKeyRing());
    const name = 'فاطمة الزهراء Example';
    const token = c.encrypt(name, 'prs.name');
    expect(token).not.toContain('فاطمة');
    expect(token.startsWith('v1:')).toBe(true);
    expect(c.decrypt(token, 'prs.name')).toBe(name);
    expect(c.encrypt(name, 'prs.name')).not.toBe(token); // random IV
  });

  it('refuses altered ciphertext and ciphertext moved to another column', () => {
    const c = new FieldCipher(newKeyRing());
    const token = c.encrypt('secret', 'a');
    const parts = token.split(':');
    const body = Buffer.from(parts[3], 'base64');
    body[0] ^= 1;
    expect(() => c.decrypt([...parts.slice(0, 3), body.toString('base64')].join(':'), 'a')).toThrow();
    expect(() => c.decrypt(token, 'b')).toThrow();
  });

  it('keeps old data readable after a new primary key is added, and a blind index stable', () => {
    const ring = newKeyRing();
    const c = new FieldCipher(ring);
    const old = c.encrypt('x', 'a');
    const index = c.blindIndex('mhmd', 'name');
    const rotated = new FieldCipher(addPrimaryKey(ring));
    expect(rotated.decrypt(old, 'a')).toBe('x');
    expect(FieldCipher.keyIdOf(rotated.encrypt('x', 'a'))).not.toBe(FieldCipher.keyIdOf(old));
    expect(rotated.blindIndex('mhmd', 'name')).toBe(index);
    expect(rotated.blindIndex('mhmd', 'other')).not.toBe(index);
  });

  it('hands out unique 12-byte IVs from the random pool, across refills, each its own copy', () => {
    const seen = new Set<string>();
    const first = nextIv();
    const copy = Buffer.from(first);
    for (let i = 0; i < 10000; i += 1) {
      const iv = nextIv();
      expect(iv.length).toBe(12);
      seen.add(iv.toString('hex'));
    }
    expect(seen.size).toBe(10000);
    expect(first.equals(copy)).toBe(true);
    const c = new FieldCipher(newKeyRing());
    const tokens = new Set(Array.from({ length: 100 }, () => c.encrypt('same', 'a').split(':')[2]));
    expect(tokens.size).toBe(100);
  });

  it('saves the key ring flushed to the disk, file and folder, and reads it back', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisr-keys-'));
    const fsync = vi.spyOn(fs, 'fsyncSync');
    try {
      const keyFile = path.join(dir, 'keys.json');
      const ring = newKeyRing();
      saveKeyRing(keyFile, ring);
      expect(fsync).toHaveBeenCalledTimes(2); // the new file before its rename, the folder after
      expect(loadKeyRing({ keyFile, create: false })).toEqual(ring);
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(fs.readdirSync(dir)).toEqual(['keys.json']);
    } finally {
      fsync.mockRestore();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
