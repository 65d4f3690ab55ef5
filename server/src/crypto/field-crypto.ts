import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fsyncPath } from '../durable-files';
import { pooledRandomBytes } from './random-pool';

/** A set of AES-256 keys by id; new data is encrypted under the primary key, old data stays readable. */
export interface KeyRing {
  primary: string;
  keys: Record<string, string>; // key id -> base64 of 32 bytes
  /** HMAC key for blind indexes (exact-match lookups); kept across rotations. */
  indexKey: string;
}

const PREFIX = 'v1';
/** The bytes of a nonce (AES-GCM's 96 bits) and of an authentication tag. */
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The length of `encrypt`'s result for a plaintext of `plainBytes` UTF-8 bytes under key `keyId` (ASCII: characters are bytes). */
export function encryptedLength(keyId: string, plainBytes: number): number {
  return PREFIX.length + 1 + keyId.length + 1 + base64Length(IV_BYTES) + 1 + base64Length(plainBytes + TAG_BYTES);
}

/** The length of `bytes` bytes in padded base64. */
function base64Length(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}

/** The length of `blindIndex`'s result: an HMAC-SHA-256 in base64url without padding. */
export const BLIND_INDEX_LENGTH = 43;

/** A fresh random 12-byte AES-GCM IV (from the CSPRNG pool: random-pool.ts), its own copy. */
export function nextIv(): Buffer {
  return pooledRandomBytes(IV_BYTES);
}

/** Creates a key ring with one fresh random key. */
export function newKeyRing(): KeyRing {
  const kid = newKeyId();
  return {
    primary: kid,
    keys: { [kid]: crypto.randomBytes(32).toString('base64') },
    indexKey: crypto.randomBytes(32).toString('base64'),
  };
}

/** A short random key id. */
export function newKeyId(): string {
  return `k${Date.now().toString(36)}${crypto.randomBytes(3).toString('hex')}`;
}

/** Reads the key ring from configuration, or from the key file, creating the file (mode 0600) on first start. */
export function loadKeyRing(opts: { inline?: string; keyFile: string; create: boolean }): KeyRing {
  if (opts.inline) return parseKeyRing(Buffer.from(opts.inline, 'base64').toString('utf8'));
  if (fs.existsSync(opts.keyFile)) return parseKeyRing(fs.readFileSync(opts.keyFile, 'utf8'));
  if (!opts.create) throw new Error(`No encryption key file at ${opts.keyFile}`);
  const ring = newKeyRing();
  saveKeyRing(opts.keyFile, ring);
  return ring;
}

/**
 * Writes the key ring atomically with owner-only permissions, flushed to the disk before and after
 * the rename: the database keeps what it commits through a power cut, so the key it was encrypted
 * under must survive it too (an unflushed rename can leave an empty key file).
 */
export function saveKeyRing(keyFile: string, ring: KeyRing): void {
  fs.mkdirSync(path.dirname(keyFile), { recursive: true });
  const tmp = `${keyFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(ring, null, 2), { mode: 0o600 });
  fsyncPath(tmp);
  fs.renameSync(tmp, keyFile);
  fsyncPath(path.dirname(keyFile));
}

function parseKeyRing(text: string): KeyRing {
  const ring = JSON.parse(text) as KeyRing;
  if (!ring.primary || !ring.keys?.[ring.primary]) throw new Error('Key ring has no primary key');
  if (!ring.indexKey) throw new Error('Key ring has no index key');
  for (const [kid, b64] of Object.entries(ring.keys)) {
    if (Buffer.from(b64, 'base64').length !== 32) throw new Error(`Key ${kid} is not 32 bytes`);
  }
  return ring;
}

/** Encrypts and decrypts identifying fields with AES-256-GCM; the ciphertext names its key. */
export class FieldCipher {
  private readonly keys = new Map<string, crypto.KeyObject>();
  private indexKey!: crypto.KeyObject;
  /** Additional authenticated data as bytes, by text (a handful of table.column names). */
  private readonly aads = new Map<string, Buffer>();

  constructor(private ring: KeyRing) {
    this.load(ring);
  }

  private load(ring: KeyRing) {
    this.keys.clear();
    for (const [kid, b64] of Object.entries(ring.keys)) this.keys.set(kid, crypto.createSecretKey(Buffer.from(b64, 'base64')));
    this.indexKey = crypto.createSecretKey(Buffer.from(ring.indexKey, 'base64'));
    this.ring = ring;
  }

  /** Replaces the key ring (after a rotation). */
  reload(ring: KeyRing): void {
    this.load(ring);
  }

  /** The key ring, for a worker thread of this process that encrypts on its behalf (the HTCDS import). */
  exportKeyRing(): KeyRing {
    return this.ring;
  }

  get primaryKeyId(): string {
    return this.ring.primary;
  }

  /** Encrypts text under the primary key; `aad` binds the ciphertext to its place (e.g. table.column). */
  encrypt(plain: string, aad = ''): string {
    const kid = this.ring.primary;
    const key = this.keys.get(kid)!;
    const iv = nextIv();
    const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(this.aadBytes(aad));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${PREFIX}:${kid}:${iv.toString('base64')}:${body.toString('base64')}`;
  }

  private aadBytes(aad: string): Buffer {
    let bytes = this.aads.get(aad);
    if (!bytes) {
      bytes = Buffer.from(aad, 'utf8');
      if (this.aads.size < 256) this.aads.set(aad, bytes);
    }
    return bytes;
  }

  /** Decrypts a value made by encrypt; throws if it was altered or the key is unknown. */
  decrypt(token: string, aad = ''): string {
    const [prefix, kid, ivB64, bodyB64] = token.split(':');
    if (prefix !== PREFIX || !kid || !ivB64 || !bodyB64) throw new Error('Not an encrypted field');
    const key = this.keys.get(kid);
    if (!key) throw new Error(`Unknown key id ${kid}`);
    const body = Buffer.from(bodyB64, 'base64');
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(ivB64, 'base64'));
    decipher.setAAD(this.aadBytes(aad));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
  }

  /** The key id a ciphertext was made with. */
  static keyIdOf(token: string): string | undefined {
    return token.split(':')[1];
  }

  encryptNullable(plain: string | null | undefined, aad = ''): string | null {
    return plain === null || plain === undefined || plain === '' ? null : this.encrypt(plain, aad);
  }

  decryptNullable(token: string | null | undefined, aad = ''): string | null {
    return token ? this.decrypt(token, aad) : null;
  }

  /** A keyed hash for exact-match lookups on encrypted data (a blind index); stable across key rotation. */
  blindIndex(value: string, purpose: string): string {
    return crypto.createHmac('sha256', this.indexKey).update(`${purpose}\u0000${value}`).digest('base64url');
  }
}
