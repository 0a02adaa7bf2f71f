/**
 * One error vocabulary for the HTTP boundary: an AppError carries an English snake_case code,
 * an Indonesian message and structured details; one table maps codes to statuses and one
 * handler turns everything into `{ error: { code, message, details } }`.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../db/unavailable.js';

const STATUS_BY_CODE: Record<string, number> = {
  invalid_input: 400,
  decision_not_allowed: 400,
  unauthenticated: 401,
  forbidden: 403,
  role_not_allowed: 403,
  unit_not_allowed: 403,
  not_found: 404,
  stage_moved: 409,
  busy: 409,
  conflict: 409,
  idempotency_conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  missing_document: 422,
  invalid_register: 422,
  address_not_allowed: 422,
  not_allowed_now: 422,
  no_task: 422,
  signing_required: 400,
  rate_limited: 429,
  temporal_unavailable: 503,
  database_unavailable: 503,
  import_incomplete: 503,
};

export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly statusCode: number = STATUS_BY_CODE[code] ?? 400,
  ) {
    super(message);
  }
}

export function statusForCode(code: string): number | undefined {
  return STATUS_BY_CODE[code];
}

export const notFound = (what = 'Data') => new AppError('not_found', `${what} tidak ditemukan.`);

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      request.log.info({ code: error.code }, 'request refused');
      return reply.status(error.statusCode).send({ error: body(error.code, error.message, error.details) });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((issue) => ({
        field: `${error.validationContext ?? 'body'}${issue.instancePath.replaceAll('/', '.')}`.replace(/\.$/, ''),
        message: issue.message,
      }));
      return reply.status(400).send({ error: body('invalid_input', 'Data yang dikirim tidak valid.', details) });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response does not match its schema');
      return reply.status(500).send({ error: body('internal_error', 'Terjadi kesalahan pada server.') });
    }
    const status = (error as FastifyError).statusCode ?? 500;
    if (status >= 400 && status < 500) {
      request.log.info({ code: (error as FastifyError).code }, 'request refused');
      return reply.status(status).send({ error: body(clientCode(status, error), clientMessage(status, error)) });
    }

    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      const message = 'Basis data sedang tidak tersedia; coba lagi sebentar lagi.';
      return reply.status(503).send({ error: body('database_unavailable', message) });
    }

    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: body('internal_error', 'Terjadi kesalahan pada server.') });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({
      error: body('not_found', `Alamat ${request.method} ${request.url.split('?')[0]} tidak ada.`),
    });
  });
}

/**
 * Fastify's `frameworkErrors`: a path it cannot decode (or a parameter past maxParamLength) is
 * refused before routing, so before any hook and without the error handler. Answered here in
 * the one error shape, with `headers` (the API's security headers) and the request id that
 * the hooks would have set.
 */
export function frameworkErrorAnswer(headers: Readonly<Record<string, string>>) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const status = error.statusCode ?? 400;
    request.log.info({ code: error.code }, 'request refused');
    reply.headers(headers).header('x-request-id', request.id).status(status);
    if (status >= 500) return reply.send({ error: body('internal_error', 'Terjadi kesalahan pada server.') });

    return reply.send({ error: body('invalid_input', 'Alamat permintaan tidak valid.') });
  };
}

/** Every error has the same three keys; `details` is null when there is nothing to add. */
function body(code: string, message: string, details?: unknown) {
  return { code, message, details: details ?? null };
}

function clientCode(status: number, error: FastifyError): string {
  if (status === 413) return 'payload_too_large';
  if (status === 415) return 'unsupported_media_type';
  if (status === 429) return 'rate_limited';
  if (status === 401) return 'unauthenticated';
  if (status === 404) return 'not_found';

  return error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ? 'invalid_json' : 'invalid_input';
}

function clientMessage(status: number, error: FastifyError): string {
  if (status === 413) return 'Data yang dikirim terlalu besar.';
  if (status === 415) return 'Jenis konten tidak didukung.';
  if (status === 429) return 'Terlalu banyak permintaan; coba lagi nanti.';
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return 'Isi permintaan bukan JSON yang valid.';
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'Isi permintaan JSON kosong.';

  return `Permintaan tidak valid: ${error.message}`;
}
