/**
 * Random bytes for values made many times a second (AES-GCM IVs, the random bits of row ids):
 * sliced from a pool filled by the CSPRNG, one randomBytes call per 48 KB instead of one per
 * value. Each byte is handed out once: the pool is never reread, only refilled with fresh random
 * bytes, so values are as unique and unpredictable as with separate calls.
 */
import crypto from 'node:crypto';

const POOL_SIZE = 48 * 1024;
let pool = Buffer.alloc(0);
let offset = 0;

/** Makes sure `n` unread bytes are left in the pool. */
function ensure(n: number): void {
  if (offset + n > pool.length) {
    pool = crypto.randomBytes(POOL_SIZE);
    offset = 0;
  }
}

/** `n` fresh random bytes (at most the pool's size), as their own copy, not a view of the pool. */
export function pooledRandomBytes(n: number): Buffer {
  ensure(n);
  const bytes = Buffer.allocUnsafe(n);
  pool.copy(bytes, 0, offset, offset + n);
  // Wipe the used bytes so the pool never hands the same ones out twice, even by mistake.
  pool.fill(0, offset, offset + n);
  offset += n;
  return bytes;
}

/** An unsigned integer of `n` fresh random bytes (1 to 6, big-endian), with nothing allocated. */
export function pooledRandomInt(n: number): number {
  ensure(n);
  let v = 0;
  for (let i = 0; i < n; i += 1) {
    v = v * 256 + pool[offset + i];
    pool[offset + i] = 0;
  }
  offset += n;
  return v;
}
