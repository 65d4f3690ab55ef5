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

/** `n` fresh random bytes (at most the pool's size), as their own copy, not a view of the pool. */
export function pooledRandomBytes(n: number): Buffer {
  if (offset + n > pool.length) {
    pool = crypto.randomBytes(POOL_SIZE);
    offset = 0;
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + n));
  // Wipe the used bytes so the pool never hands the same ones out twice, even by mistake.
  pool.fill(0, offset, offset + n);
  offset += n;
  return bytes;
}
