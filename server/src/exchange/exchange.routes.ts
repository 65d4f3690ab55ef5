import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../http/app-error';
import type { Static } from 'typebox';
import type { Deps } from '../deps';
import * as S from './exchange.schema';
import { exportHtcds, importHtcds, ImportRejected, type ImportInput } from './exchange.service';
import { exchangePolicy } from './exchange.policy';
import { actorOf } from '../http/context';
import { t } from '../i18n/i18n';
import { errorReply } from '../http/error-handler';
import { readSharedBody } from '../http/shared-body';
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';

const tags = ['exchange'];

/** HTCDS 2.0 export (JSON document or ZIP of CSV per table) and import (all or nothing). */
export async function exchangeRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  app.get('/api/exchange/htcds/export', {
    schema: { tags, summary: 'Export readable cases in HTCDS 2.0 (JSON, or ZIP of one CSV per table); identifying fields only when allowed; audited', querystring: S.ExportQuery },
    config: { policy: { policy: exchangePolicy, action: 'export', resource: 'HtcdsExport' } },
  }, async (request, reply) => {
    const q = request.query as Static<typeof S.ExportQuery>;
    const file = await exportHtcds(deps, actorOf(request), { identifying: q.identifying ?? false, format: q.format ?? 'json' });
    return reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
  });

  const rejectedBody = (request: FastifyRequest, error: ImportRejected) => ({
    error: { code: error.code, message: t(request.locale, `errors.${error.code}`, error.params), problems: error.problems.slice(0, 5000), problemCount: error.problems.length, requestId: request.id },
  });

  const importAndReply = async (request: FastifyRequest, reply: FastifyReply, input: ImportInput) => {
    const query = request.query as Static<typeof S.ImportQuery>;
    if (String(request.headers.accept ?? '').includes(PROGRESS_TYPE)) return streamImport(request, reply, input, query.repeat === true);
    try {
      const result = await importHtcds(deps, actorOf(request), input, request.locale, { repeat: query.repeat === true });
      return reply.status(201).send(result);
    } catch (error) {
      if (!(error instanceof ImportRejected)) throw error;
      return reply.status(400).send(rejectedBody(request, error));
    }
  };

  // With `Accept: application/x-ndjson`, the answer is a stream of JSON lines: `{"progress":
  // {"written","total"}}` while the cases are written (at most every 200 ms; nothing is committed
  // before the end), then one `{"status","body"}` line with what the plain answer's status and body
  // would have been (201 and the result, 400 with every problem, 409 for a repeat, …).
  const streamImport = (request: FastifyRequest, reply: FastifyReply, input: ImportInput, repeat: boolean) => {
    const out = new PassThrough();
    // A client that goes away does not stop the import (it ends, committed or not, on its own).
    out.on('error', () => undefined);
    const line = (value: unknown) => {
      if (!out.destroyed) out.write(`${JSON.stringify(value)}\n`);
    };
    let last = 0;
    const onProgress = (written: number, total: number) => {
      const now = Date.now();
      if (now - last < 200 && written < total) return;
      last = now;
      line({ progress: { written, total } });
    };
    void importHtcds(deps, actorOf(request), input, request.locale, { repeat, onProgress })
      .then((result) => line({ status: 201, body: result }))
      .catch((error: Error) => line(error instanceof ImportRejected ? { status: 400, body: rejectedBody(request, error) } : errorReply(error, request)))
      .finally(() => out.end());
    // x-accel-buffering: nginx passes the lines on as they come instead of holding the answer.
    return reply.status(200).type(`${PROGRESS_TYPE}; charset=utf-8`).header('x-accel-buffering', 'no').send(out);
  };

  app.post('/api/exchange/htcds/import', {
    schema: { tags, summary: 'Import HTCDS 2.0 cases (JSON document, CSV per table, or ZIP); all or nothing, every bad row reported; a file imported before is refused (409) unless repeat=true', querystring: S.ImportQuery, body: S.ImportBody, response: { 201: S.ImportResult } },
    config: { policy: { policy: exchangePolicy, action: 'import', resource: 'HtcdsImport' } },
    bodyLimit: 256 * 1024 * 1024,
  }, async (request, reply) => importAndReply(request, reply as unknown as FastifyReply, request.body as ImportInput));

  // The HTCDS JSON document itself as the body, kept as UTF-8 bytes (never one JavaScript string:
  // half the memory for non-Latin text, and no wrapper to parse), for large files from the browser;
  // in shared memory, so that the import's worker threads read it while this thread hashes it.
  await app.register(async (raw) => {
    raw.removeContentTypeParser('application/json');
    raw.addContentTypeParser('application/json', (request: FastifyRequest, payload: IncomingMessage) => readSharedBody(payload, request.headers['content-length'], DOCUMENT_LIMIT));
    raw.post('/api/exchange/htcds/import/document', {
      schema: { tags, summary: 'Import one HTCDS 2.0 JSON document sent as the request body (application/json, up to 512 MB); all or nothing, every bad row reported; a file imported before is refused (409) unless repeat=true', querystring: S.ImportQuery, response: { 201: S.ImportResult } },
      config: { policy: { policy: exchangePolicy, action: 'import', resource: 'HtcdsImport' } },
      bodyLimit: DOCUMENT_LIMIT,
    }, async (request, reply) => {
      const body = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0) throw new AppError('validation.required', { field: 'body' });
      return importAndReply(request, reply as unknown as FastifyReply, { format: 'json', document: body });
    });
  });
}

/** The media type of an import answered as a stream of progress lines. */
const PROGRESS_TYPE = 'application/x-ndjson';

/** Largest HTCDS JSON document accepted as a request body. */
const DOCUMENT_LIMIT = 512 * 1024 * 1024;
