/**
 * A request body read into memory shared between threads (a SharedArrayBuffer), for bodies that
 * worker threads read while the request's thread reads them too: a large HTCDS document is split
 * and parsed by the import's reader while this thread hashes it (exchange.service.ts). Where the
 * body's length is declared, its bytes are written where they stay as they arrive, once: no list
 * of chunks joined at the end, which held the body twice. Limits and checks as Fastify's own
 * `parseAs: 'buffer'` parser: a body over `limit` bytes is refused (413) as soon as that is known,
 * a body of another length than declared too (400).
 */
import type { Readable } from 'node:stream';
import { errorCodes } from 'fastify';

/** A Buffer over a SharedArrayBuffer of its own, of `size` bytes (zero-filled). */
export function sharedBuffer(size: number): Buffer {
  return Buffer.from(new SharedArrayBuffer(size));
}

/** Reads `payload` (a request's body stream, `declared` its Content-Length header) into shared memory. */
export function readSharedBody(payload: Readable, declared: string | undefined, limit: number): Promise<Buffer> {
  const length = declared === undefined ? Number.NaN : Number(declared);
  if (length > limit) return Promise.reject(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
  return new Promise((resolve, reject) => {
    // Known length: written in place. Unknown (chunked): kept as chunks, copied once at the end.
    const body = Number.isInteger(length) && length >= 0 ? sharedBuffer(length) : undefined;
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = (error?: Error) => {
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onEnd);
      if (error) reject(error);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (received + bytes.length > limit) return finish(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
      if (body) {
        if (received + bytes.length > body.length) return finish(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
        body.set(bytes, received);
      } else {
        chunks.push(bytes);
      }
      received += bytes.length;
    };
    const onEnd = (error?: Error & { statusCode?: number }) => {
      if (error) {
        if (!(typeof error.statusCode === 'number' && error.statusCode >= 400)) error.statusCode = 400;
        return finish(error);
      }
      if (body && received !== body.length) return finish(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
      finish();
      if (body) return resolve(body);
      const whole = sharedBuffer(received);
      let at = 0;
      for (const c of chunks) {
        whole.set(c, at);
        at += c.length;
      }
      resolve(whole);
    };
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onEnd);
    payload.resume();
  });
}
