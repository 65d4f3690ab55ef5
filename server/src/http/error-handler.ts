import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './app-error';
import { t } from '../i18n/i18n';

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

/** Turns one schema-validation failure into a stable code, the field it concerns, and its parameters. */
function describeValidation(e: AjvError, context: string | undefined): { code: string; field: string; params: Record<string, string | number> } {
  const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const join = (extra: unknown) => [path, extra].filter((x) => x !== '' && x !== undefined).join('.');
  const where = context ?? 'body';
  switch (e.keyword) {
    case 'additionalProperties':
      return { code: 'validation.unknown_field', field: join(e.params.additionalProperty), params: {} };
    case 'required':
      return { code: 'validation.required', field: join(e.params.missingProperty), params: {} };
    case 'minLength':
      return { code: 'validation.min_length', field: path || where, params: { limit: Number(e.params.limit) } };
    case 'maxLength':
      return { code: 'validation.max_length', field: path || where, params: { limit: Number(e.params.limit) } };
    case 'minimum':
    case 'maximum':
      return { code: `validation.${e.keyword}`, field: path || where, params: { limit: Number(e.params.limit) } };
    case 'enum':
      return { code: 'validation.enum', field: path || where, params: { values: ((e.params.allowedValues as unknown[]) ?? []).join(', ') } };
    case 'format':
      return { code: 'validation.format', field: path || where, params: { format: String(e.params.format) } };
    case 'type':
      return { code: 'validation.type', field: path || where, params: { type: String(e.params.type) } };
    default:
      return { code: 'validation.invalid', field: path || where, params: {} };
  }
}

/**
 * The one error handler: every error leaves as `{ error: { code, message, requestId } }` with the
 * message in the request's language; validation errors also name the field. Never a stack trace.
 */
export function errorHandler(error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply): void {
  const locale = request.locale ?? 'en';
  const requestId = request.id;
  const validation = (error as FastifyError).validation as AjvError[] | undefined;
  if (validation && validation.length > 0) {
    const context = (error as FastifyError).validationContext;
    const problems = validation.map((v) => {
      const d = describeValidation(v, context);
      return { field: d.field, code: d.code, message: t(locale, `errors.${d.code}`, { field: d.field, ...d.params }) };
    });
    void reply.status(400).send({
      error: { code: 'validation.failed', message: problems[0].message, field: problems[0].field, problems, requestId },
    });
    return;
  }
  const { status, body } = errorReply(error, request);
  void reply.status(status).send(body);
}

/**
 * The status and body of an error that is not a schema-validation failure, as the error handler
 * sends them (also for answers streamed after their headers, such as an import's progress).
 * Unexpected errors are logged without their message.
 */
export function errorReply(error: FastifyError | AppError | Error, request: FastifyRequest): { status: number; body: { error: { code: string; message: string; requestId: string } } } {
  const locale = request.locale ?? 'en';
  const requestId = request.id;
  if (error instanceof AppError) {
    return { status: error.status, body: { error: { code: error.code, message: t(locale, `errors.${error.code}`, error.params), requestId } } };
  }
  const fe = error as FastifyError;
  if (fe.statusCode && fe.statusCode < 500) {
    const code = fe.statusCode === 413 ? 'payload_too_large' : fe.statusCode === 404 ? 'not_found' : fe.statusCode === 415 ? 'validation.content_type' : 'validation.invalid_request';
    return { status: fe.statusCode, body: { error: { code, message: t(locale, `errors.${code}`, { field: 'body' }), requestId } } };
  }
  // Messages of driver errors can quote row values: log the type, the SQLSTATE and the stack frames only.
  const frames = error.stack?.split('\n').slice(1).join('\n');
  request.log.error({ err: { type: error.name, code: (error as { code?: string }).code, frames } }, 'unhandled error');
  return { status: 500, body: { error: { code: 'internal', message: t(locale, 'errors.internal'), requestId } } };
}
