import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readSharedBody, sharedBuffer } from './shared-body';

/** A request body stream giving `chunks` one after the other. */
const body = (...chunks: string[]) => Readable.from(chunks.map((c) => Buffer.from(c)), { objectMode: false });

describe('a request body read into shared memory (readSharedBody)', () => {
  it('gives the bytes sent, in a SharedArrayBuffer of their own, whether the length is declared or not', async () => {
    for (const declared of ['10', undefined]) {
      const bytes = await readSharedBody(body('{"a":', '"é"', '}'), declared, 100);
      expect(bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(bytes.buffer.byteLength).toBe(bytes.length);
      expect(bytes.toString('utf8')).toBe('{"a":"é"}');
    }
    expect((await readSharedBody(body(), '0', 100)).length).toBe(0);
  });

  it('refuses a body over the limit (413), declared or sent, and one of another length than declared (400), as Fastify does', async () => {
    const code = (p: Promise<unknown>) => p.then(() => 'read', (e: { code?: string; statusCode?: number }) => `${e.statusCode} ${e.code}`);
    expect(await code(readSharedBody(body('x'), '101', 100))).toBe('413 FST_ERR_CTP_BODY_TOO_LARGE');
    expect(await code(readSharedBody(body('x'.repeat(60), 'x'.repeat(60)), undefined, 100))).toBe('413 FST_ERR_CTP_BODY_TOO_LARGE');
    expect(await code(readSharedBody(body('abc'), '4', 100))).toBe('400 FST_ERR_CTP_INVALID_CONTENT_LENGTH');
    expect(await code(readSharedBody(body('abc', 'de'), '4', 100))).toBe('400 FST_ERR_CTP_INVALID_CONTENT_LENGTH');
    const broken = new Readable({ read() { this.destroy(new Error('connection reset')); } });
    expect(await code(readSharedBody(broken, '4', 100))).toBe('400 undefined');
  });

  it('makes zero-filled shared buffers of a given size', () => {
    const b = sharedBuffer(5);
    expect(b.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect([...b]).toEqual([0, 0, 0, 0, 0]);
  });
});
